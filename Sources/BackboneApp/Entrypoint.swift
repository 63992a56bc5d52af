import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor

/// What an executable that runs Backbone does: read the settings, start Vapor, configure the
/// app, run the command given. `extend` adds to the configured app (the benchmark adds a command
/// and a route). Exits with 64 on bad arguments and 1 on a failure.
public enum Entrypoint {
    /// - Parameters:
    ///   - commands: the names of the commands `extend` adds, so they are not refused as unknown.
    public static func run(commands: [String] = [], extend: (Application) throws -> Void = { _ in }) async {
        let config: AppConfig, arguments: [String]
        do {
            (config, arguments) = try AppConfig.load(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(64)
        }
        switch CommandLineHelp.answer(arguments, alsoKnown: commands) {
        case .run: break
        case .help:
            FileHandle.standardOutput.write(Data(CommandLineHelp.text.utf8))
            exit(0)
        case .unknown(let command):
            FileHandle.standardError.write(Data("Unknown command: \(command)\n\n\(CommandLineHelp.text)".utf8))
            exit(64)
        }
        // Async code runs on the server's event loops rather than on a second thread pool: one
        // thread hop less per await, which is most of a short request's time on a small machine.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

        let app: Application
        do {
            var environment = try Environment.detect(arguments: arguments)
            try LoggingSystem.bootstrap(from: &environment)
            app = try await Application.make(environment)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
        do {
            try await configure(app, config)
            try extend(app)
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
        try? await app.asyncShutdown()
    }
}
