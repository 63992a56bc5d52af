import Fluent
import SQLKit

extension Database {
    /// One transaction for a large write (an import of hundreds of reports), on a connection
    /// whose SQLite page cache is raised to 32 MB for the duration and set back after. With the
    /// default 2 MB, a write touching thousands of index pages of a large database keeps
    /// spilling half-written pages to the log and reading them back. PostgreSQL: a plain
    /// transaction (its cache is the server's).
    func largeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite" else { return try await transaction(body) }
        return try await withConnection { connection in
            let raw = connection as! any SQLDatabase
            try await raw.raw("PRAGMA cache_size = -32768").run()
            do {
                let result = try await connection.transaction(body)
                try await raw.raw("PRAGMA cache_size = -2000").run()
                return result
            } catch {
                try? await raw.raw("PRAGMA cache_size = -2000").run()
                throw error
            }
        }
    }
}
