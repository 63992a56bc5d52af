import BackboneApp
import Foundation
import Logging
import Vapor

let (config, arguments): (AppConfig, [String])
do {
    (config, arguments) = try AppConfig.load(arguments: CommandLine.arguments,
                                             environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(64)
}

var environment = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
do {
    try await configure(app, config)
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
do {
    try await app.execute()
} catch {
    // Vapor has already logged the error.
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
