import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

extension DatabaseID {
    /// The connections of imports and other long writes (see `DatabaseLocation.register`).
    public static let longWrites = DatabaseID(string: "long-writes")
}

/// Where Backbone keeps its data: an embedded SQLite file, or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// Registers the database with Fluent as the default, and again as `.longWrites`: a pool of
    /// its own for imports, so that an import's transaction never holds the connection that
    /// page reads of the same event loop need (SQLite has one per event loop).
    public func register(on databases: Databases) throws {
        switch self {
        case .sqlite(let path):
            // Write transactions take turns (see SQLiteWriter): one queue for this database, shared by both pools.
            let queue = WriterQueue()
            let base = DatabaseConfigurationFactory.sqlite(.file(path), sqlLogLevel: .trace)
            databases.use(DatabaseConfigurationFactory { SQLiteWriterConfiguration(base: base.make(), queue: queue, patience: .seconds(20)) },
                          as: .sqlite, isDefault: true)
            // A request's write waits up to 20 s for its turn (then 503), under the 30 s idle
            // timeout of its connection; an import waits for another import rather than failing.
            let long = DatabaseConfigurationFactory.sqlite(.file(path), connectionPoolTimeout: .minutes(10), sqlLogLevel: .trace)
            databases.use(DatabaseConfigurationFactory { SQLiteWriterConfiguration(base: long.make(), queue: queue, patience: .seconds(600)) },
                          as: .longWrites, isDefault: false)
        case .postgres(let url):
            let config = try SQLPostgresConfiguration(url: url)
            // Four connections per event loop, so a request waiting for a row lock (another
            // save of the same initiative's totals) leaves others to read; a request waits up to
            // 30 s for a connection before it answers 503.
            databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30),
                                    sqlLogLevel: .trace), as: .psql, isDefault: true)
            databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 1, connectionPoolTimeout: .minutes(10),
                                    sqlLogLevel: .trace), as: .longWrites, isDefault: false)
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
