import Foundation
import SQLKit

/// The database's own clock, for times that several instances compare (claims that lapse): one
/// clock for all of them, whatever each machine's says. Written in the form Fluent stores dates:
/// seconds since 1970 on SQLite, `timestamptz` on PostgreSQL.
enum DatabaseClock {
    static func now(_ sql: any SQLDatabase, plus seconds: TimeInterval = 0) -> any SQLExpression {
        let offset = String(format: "%.3f", seconds)
        if sql.dialect.name == "postgresql" {
            return SQLRaw("(clock_timestamp() + make_interval(secs => \(offset)))")
        }
        return SQLRaw("((julianday('now') - 2440587.5) * 86400.0 + \(offset))")
    }
}
