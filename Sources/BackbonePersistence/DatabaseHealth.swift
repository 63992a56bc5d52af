import FluentKit
import Foundation
import SQLKit

/// What `/healthz` and start-up check beyond "the database answers": that it accepts writes, and
/// (SQLite) that its disk has room. Nothing here waits for a writer.
public enum DatabaseHealth {
    public static func problems(_ db: any Database, location: DatabaseLocation, minimumFreeBytes: Int64) async -> [String] {
        var problems: [String] = []
        switch location {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if let free = (try? FileManager.default.attributesOfFileSystem(forPath: folder))?[.systemFreeSize] as? NSNumber,
               free.int64Value < minimumFreeBytes {
                problems.append("disk nearly full: \(free.int64Value / 1_048_576) MB free where the database is")
            }
            if await sqliteIsReadOnly(db) { problems.append("database read-only: the SQLite file accepts no writes") }
        case .postgres:
            guard let sql = db as? any SQLDatabase,
                  let row = try? await sql.raw("SELECT current_setting('transaction_read_only') AS read_only").first(),
                  let readOnly = try? row.decode(column: "read_only", as: String.self) else { break }
            if readOnly == "on" { problems.append("database read-only: the PostgreSQL server accepts no writes") }
        }
        return problems
    }

    /// Takes the write lock without waiting, writes the header's user version as it is, and rolls
    /// back: only a file that accepts no writes refuses that. A lock held by a writer answers
    /// "busy", which means the file is being written, so it is not read-only.
    public static func sqliteIsReadOnly(_ db: any Database) async -> Bool {
        do {
            try await db.withConnection { connection in
                let sql = connection as! any SQLDatabase
                try await sql.raw("PRAGMA busy_timeout = 0").run()
                do {
                    try await sql.raw("BEGIN IMMEDIATE").run()
                    let version = try await sql.raw("PRAGMA user_version").first()?.decode(column: "user_version", as: Int.self) ?? 0
                    try await sql.raw("PRAGMA user_version = \(unsafeRaw: String(version))").run()
                    try await sql.raw("ROLLBACK").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    try? await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))").run()
                    throw error
                }
                try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))").run()
            }
            return false
        } catch {
            return DatabaseFault(error) == .readOnly
        }
    }
}
