import Fluent
import Foundation
import SQLKit

/// Consistent online copies of the database.
public enum Backup {
    public enum Failure: Error, CustomStringConvertible {
        case targetExists(String)
        case notSQLite

        public var description: String {
            switch self {
            case .targetExists(let path): "\(path) already exists; choose a new file name so no backup is overwritten."
            case .notSQLite: "Backups through Backbone are for SQLite. For PostgreSQL use pg_dump, for example: pg_dump --format=custom --file backbone.dump \"$DATABASE_URL\"; restore with pg_restore."
            }
        }
    }

    /// Writes a consistent copy of a live SQLite database with `VACUUM INTO`; other connections
    /// keep reading and writing meanwhile. The copy opens with `--database PATH`.
    public static func sqlite(_ db: any Database, location: DatabaseLocation, to path: String) async throws {
        guard case .sqlite = location, let sql = db as? any SQLDatabase else { throw Failure.notSQLite }
        if FileManager.default.fileExists(atPath: path) { throw Failure.targetExists(path) }
        try await sql.raw("VACUUM INTO \(bind: path)").run()
    }
}
