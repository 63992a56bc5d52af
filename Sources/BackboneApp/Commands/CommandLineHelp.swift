import Foundation

/// `backbone --help`, `backbone help` and unknown commands: answered before anything is set up,
/// so asking for help never creates or migrates a database or starts background jobs.
enum CommandLineHelp {
    static let commands: [(name: String, usage: String, summary: String)] = [
        ("serve", "serve [--hostname H] [--port P] [--demo] [--database PATH]", "runs the web server (default 127.0.0.1:8080), migrating the database first"),
        ("migrate", "migrate [--yes]", "applies database migrations without serving"),
        ("create-admin", "create-admin --email E [--name N] [--password-stdin] [--base-url URL]", "creates a platform administrator and prints a one-time link to choose the password"),
        ("backup", "backup --to FILE", "SQLite: writes a consistent copy of the live database; PostgreSQL: prints the pg_dump command to use"),
        ("rebuild-aggregates", "rebuild-aggregates [--initiative SLUG]", "recomputes every stored total from the raw figures"),
        ("routes", "routes", "lists the server's addresses"),
        ("help", "help", "prints this list"),
    ]

    static var text: String {
        let width = commands.map(\.usage.count).max() ?? 0
        return (["Usage: backbone COMMAND [OPTIONS]", "", "Commands:"]
            + commands.map { "  \($0.usage.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
            + ["", "Without a command, backbone serves. Settings: see docs/operations.md."]).joined(separator: "\n") + "\n"
    }

    enum Answer: Equatable {
        /// Go on: run the command.
        case run
        /// Print the help and stop (exit 0).
        case help
        /// Print why and the help, and stop with a failure (exit 64).
        case unknown(String)
    }

    /// What to do with the arguments left after Backbone's own flags (`arguments[0]` is the program).
    static func answer(_ arguments: [String], alsoKnown extra: [String] = []) -> Answer {
        let rest = arguments.dropFirst()
        // Vapor's own per-command help would set up the application first.
        if rest.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help }
        guard let command = rest.first(where: { !$0.hasPrefix("-") }) else { return .run }
        if command == "help" { return .help }
        return commands.contains(where: { $0.name == command }) || extra.contains(command) ? .run : .unknown(command)
    }
}
