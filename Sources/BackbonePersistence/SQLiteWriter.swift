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
    /// How long a write transaction of this pool waits for its turn.
    let patience: Duration

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        SQLiteWriterDriver(base: base.makeDriver(for: databases), queue: queue, patience: patience)
    }
}

struct SQLiteWriterDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let queue: WriterQueue
    let patience: Duration

    func makeDatabase(with context: DatabaseContext) -> any Database {
        SQLiteWriterDatabase(base: base.makeDatabase(with: context), queue: queue, patience: patience, inTransaction: false)
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
    let patience: Duration
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
            closure(SQLiteWriterDatabase(base: connection, queue: queue, patience: patience, inTransaction: inTransaction))
        }
    }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !inTransaction else { return closure(self) }
        let promise = eventLoop.makePromise(of: T.self)
        promise.completeWithTask { [queue, base, patience] in
            try await queue.serialized(patience: patience) {
                try await base.withConnection { connection in
                    connection.eventLoop.makeFutureWithTask {
                        let sql = connection as! any SQLDatabase
                        // Per connection, and cheap: set each time rather than tracking which connection has it.
                        try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))").run()
                        try await sql.raw("BEGIN IMMEDIATE").run()
                        do {
                            let result = try await closure(SQLiteWriterDatabase(base: connection, queue: queue, patience: patience, inTransaction: true)).get()
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

/// One write transaction at a time in this process, first come first served. A writer that has
/// waited `patience` for its turn gives up with `WriterQueue.Timeout` (answered 503 with
/// `Retry-After`), so a request behind a long import gets a clear answer before its connection's
/// idle timeout would cut it.
public actor WriterQueue {
    public struct Timeout: Error {}

    private var busy = false
    private var waiting: [(id: UUID, turn: CheckedContinuation<Bool, Never>)] = []

    public init() {}

    public func serialized<T: Sendable>(patience: Duration, _ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            let id = UUID()
            let expiry = Task { [weak self] in
                try await Task.sleep(for: patience)
                await self?.expire(id)
            }
            let granted = await withCheckedContinuation { waiting.append((id, $0)) }
            expiry.cancel()
            guard granted else { throw Timeout() }
        } else {
            busy = true
        }
        defer { handOver() }
        return try await body()
    }

    private func expire(_ id: UUID) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).turn.resume(returning: false)
    }

    private func handOver() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().turn.resume(returning: true) }
    }
}
