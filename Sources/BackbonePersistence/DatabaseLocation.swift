import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Where Backbone keeps its data: an embedded SQLite file, or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// Registers the database with Fluent as the default.
    public func register(on databases: Databases) throws {
        switch self {
        case .sqlite(let path):
            // Write transactions take turns (see SQLiteWriter): one queue for this database.
            let queue = WriterQueue()
            let base = DatabaseConfigurationFactory.sqlite(.file(path), sqlLogLevel: .trace)
            databases.use(DatabaseConfigurationFactory { SQLiteWriterConfiguration(base: base.make(), queue: queue) }, as: .sqlite)
        case .postgres(let url):
            let config = try SQLPostgresConfiguration(url: url)
            // Four connections per event loop, so a request waiting for a row lock (another
            // save of the same initiative's totals) leaves others to read; a request waits up to
            // 30 s for a connection before it answers 503.
            databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30),
                                    sqlLogLevel: .trace), as: .psql)
        }
    }

    /// Durability settings that must hold before the first write. WAL mode is stored in the
    /// file itself, so setting it once is enough. `synchronous` is per connection: SQLite's
    /// built-in default is FULL and this build keeps it (a test checks every pooled connection
    /// reports 2), so an acknowledged write survives a power cut. Foreign keys are switched
    /// on for every connection by the driver.
    public func prepare(_ db: any Database) async throws {
        guard case .sqlite = self, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA synchronous=FULL").run()
    }

    /// A description safe to log: never the password of a PostgreSQL URL.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "SQLite file \(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL \(components.string ?? "")"
        }
    }
}
