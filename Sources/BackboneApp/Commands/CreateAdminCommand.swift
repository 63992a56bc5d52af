import BackboneDomain
import BackbonePersistence
import Vapor

/// `backbone create-admin --email E --name N`: creates a platform administrator from the
/// command line and prints a one-time link to choose the password (or reads it from standard
/// input with `--password-stdin`).
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The administrator's email address.")
        var email: String?
        @Option(name: "name", help: "The name shown on screens (default: the part of the email before @).")
        var name: String?
        @Flag(name: "password-stdin", help: "Read the password from standard input instead of printing a link.")
        var passwordStdin: Bool
        @Option(name: "base-url", help: "How people reach this server, for the printed link (default http://127.0.0.1:8080).")
        var baseURL: String?
    }

    var help: String { "Creates a platform administrator." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let email = EmailAddress(signature.email ?? "") else {
            throw CommandFailure("Give an email address: backbone create-admin --email name@example.org")
        }
        let name = (signature.name ?? "").trimmed.isEmpty ? String(email.value.split(separator: "@")[0]) : signature.name!.trimmed
        try await app.autoMigrate()
        let users = UserRepository(db: app.db)
        if try await users.find(email: email.value) != nil {
            throw CommandFailure("An account with \(email.value) already exists.")
        }
        var hash: String?
        if signature.passwordStdin {
            let password = readLine(strippingNewline: true) ?? ""
            if let problem = PasswordPolicy.problem(with: password) { throw CommandFailure(problem) }
            hash = try app.password.hash(password)
        }
        let user = UserModel(email: email.value, displayName: name, passwordHash: hash, isPlatformAdmin: true, createdAt: Date())
        try await users.create(user)
        if hash != nil {
            context.console.print("Created platform administrator \(email.value).")
        } else {
            let token = try await SetPasswordController.issueLink(userID: user.requireID(), on: app.db, validFor: 24 * 3600)
            var config = app.backbone
            config.publicURL = signature.baseURL ?? config.publicURL ?? "http://127.0.0.1:8080"
            context.console.print("Created platform administrator \(email.value).")
            context.console.print("Open this link within 24 hours to choose the password (it works once):")
            context.console.print(config.absoluteURL(SiteURL.setPassword(token: token).path, on: nil))
        }
    }
}

/// `backbone backup --to FILE`: a consistent copy of the live SQLite database.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The file to write; it must not exist yet.")
        var to: String?
    }

    var help: String { "Writes a consistent copy of the database (SQLite) or explains how (PostgreSQL)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let location = app.backbone.database
        guard case .sqlite = location else {
            context.console.print(Backup.Failure.notSQLite.description)
            return
        }
        guard let target = signature.to, !target.isEmpty else {
            throw CommandFailure("Give the file to write: backbone backup --to backups/backbone-2026-01-31.sqlite")
        }
        do {
            try await Backup.sqlite(app.db, location: location, to: target)
        } catch let failure as Backup.Failure {
            throw CommandFailure(failure.description)
        }
        context.console.print("Backup written to \(target). Restore by starting Backbone with --database \(target).")
    }
}

/// A command-line failure with a message for the operator.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
