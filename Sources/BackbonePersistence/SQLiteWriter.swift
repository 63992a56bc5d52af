import FluentKit
import FluentSQLiteDriver
import Foundation
import SQLKit

/// SQLite allows one writer at a time. Fluent starts its transactions as readers (`BEGIN`) that
/// become writers at their first write, and SQLite refuses such an upgrade at once ("database is
/// locked") when another connection wrote meanwhile: two partners saving at the same moment got
/// a 500. So on SQLite every write transaction
/// - waits its turn in one queue per process (writers of this server never meet in SQLite), and
/// - starts with `BEGIN IMMEDIATE`, taking the write lock first, with a busy timeout so that a
///   writer of another process (a backup, `rebuild-aggregates`) is waited for, not failed.
/// Readers are untouched: in WAL mode they never wait for the writer.
struct SQLiteWriterConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let queue: WriterQueue

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        SQLiteWriterDriver(base: base.makeDriver(for: databases), queue: queue)
    }
}

struct SQLiteWriterDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let queue: WriterQueue

    func makeDatabase(with context: DatabaseContext) -> any Database {
        SQLiteWriterDatabase(base: base.makeDatabase(with: context), queue: queue, inTransaction: false)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// How long a statement waits for another process's write lock before SQLite gives up (and the
/// request answers 503 with `Retry-After`).
let sqliteBusyTimeoutMilliseconds = 10_000

struct SQLiteWriterDatabase: Database, SQLDatabase {
    let base: any Database
    let queue: WriterQueue
    let inTransaction: Bool

    private var sql: any SQLDatabase { base as! any SQLDatabase }

    var context: DatabaseContext { base.context }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { connection in
            closure(SQLiteWriterDatabase(base: connection, queue: queue, inTransaction: inTransaction))
        }
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !inTransaction else { return closure(self) }
        let promise = eventLoop.makePromise(of: T.self)
        promise.completeWithTask { [queue, base] in
            try await queue.serialized {
                try await base.withConnection { connection in
                    connection.eventLoop.makeFutureWithTask {
                        let sql = connection as! any SQLDatabase
                        // Per connection, and cheap: set each time rather than tracking which connection has it.
                        try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))").run()
                        try await sql.raw("BEGIN IMMEDIATE").run()
                        do {
                            let result = try await closure(SQLiteWriterDatabase(base: connection, queue: queue, inTransaction: true)).get()
                            try await sql.raw("COMMIT").run()
                            return result
                        } catch {
                            try? await sql.raw("ROLLBACK").run()
                            throw error
                        }
                    }
                }.get()
            }
        }
        return promise.futureResult
    }

    // MARK: SQLDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        sql.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.withSession(closure)
    }
}

/// One write transaction at a time in this process, first come first served.
public actor WriterQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func serialized<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer { handOver() }
        return try await body()
    }

    private func handOver() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
