import BackboneApp
import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor

// The backbone server as `backbone` runs it, plus what the benchmark needs beside it: the
// `generate` command and a hello-world route to measure the framework's own cost against.
let (config, arguments): (AppConfig, [String])
do {
    (config, arguments) = try AppConfig.load(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(64)
}

// Async code runs on the server's event loops rather than on a second thread pool: one thread
// hop less per await, which is most of a short request's time on a small machine.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

var environment = try Environment.detect(arguments: arguments)
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)
do {
    try await configure(app, config)
    app.asyncCommands.use(GenerateCommand(), as: "generate")
    app.get("hello") { _ in "Hello, world!" }
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
