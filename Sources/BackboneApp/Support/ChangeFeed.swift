import BackbonePersistence
import FluentPostgresDriver
import Foundation
import PostgresNIO
import SQLKit
import Vapor

/// Tells open results pages that an initiative's figures changed, so they can refresh themselves.
///
/// Within one instance, subscribers (the server-sent event streams of open pages) hear about
/// changes directly. With PostgreSQL, several instances may serve one initiative: a change is then
/// published with `pg_notify` and every instance, the publishing one included, hears it through
/// its own `LISTEN` connection and passes it on to its subscribers.
actor ChangeFeed {
    struct Change: Sendable, Equatable {
        let initiativeID: UUID
        let indicatorIDs: [UUID]

        /// `initiative:indicator,indicator`: short, and only ids, never figures.
        var payload: String { "\(initiativeID.uuidString):\(indicatorIDs.map(\.uuidString).joined(separator: ","))" }

        init(initiativeID: UUID, indicatorIDs: [UUID]) {
            self.initiativeID = initiativeID
            self.indicatorIDs = indicatorIDs
        }

        init?(payload: String) {
            let parts = payload.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let initiative = UUID(uuidString: String(parts[0])) else { return nil }
            initiativeID = initiative
            indicatorIDs = parts[1].split(separator: ",").compactMap { UUID(uuidString: String($0)) }
        }
    }

    static let channel = "backbone_changes"

    private var subscribers: [UUID: (initiativeID: UUID, continuation: AsyncStream<Change>.Continuation)] = [:]
    private var listener: Task<Void, Never>?
    /// Set only while `LISTEN` is in force, so that no change is announced into a gap.
    private var connection: PostgresConnection?

    private func listening(on connection: PostgresConnection?) { self.connection = connection }

    /// Whether this instance's `LISTEN` is in force (PostgreSQL).
    var isListening: Bool { connection != nil }

    /// A stream of the changes of one initiative; it ends when the subscriber goes away.
    func subscribe(initiativeID: UUID) -> AsyncStream<Change> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Change>.makeStream(bufferingPolicy: .bufferingNewest(16))
        subscribers[id] = (initiativeID, continuation)
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    var subscriberCount: Int { subscribers.count }

    /// Passes a change to this instance's subscribers of its initiative.
    func deliver(_ change: Change) {
        for subscriber in subscribers.values where subscriber.initiativeID == change.initiativeID {
            subscriber.continuation.yield(change)
        }
    }

    /// Announces a committed change: through PostgreSQL to every instance, or directly here.
    func publish(_ change: Change, on db: any Database) async {
        if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" {
            // A failure loses only the live refresh elsewhere; the figures are saved.
            try? await sql.raw("SELECT pg_notify(\(bind: Self.channel), \(bind: change.payload))").run()
            // An instance whose LISTEN is in force hears its own notification; one that is not
            // (a test, a command, or one still connecting or reconnecting) tells its subscribers directly.
            if connection != nil { return }
        }
        deliver(change)
    }

    /// Starts listening for other instances' changes (PostgreSQL only); reconnects after a failure.
    func startListening(url: String, logger: Logger) throws {
        guard listener == nil else { return }
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        listener = Task { [weak self] in
            var attempt = 0
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
                    attempt = 0
                    do {
                        try await connection.listen(on: Self.channel) { notifications in
                            await self?.listening(on: connection)
                            for try await notification in notifications {
                                if let change = Change(payload: notification.payload) { await self?.deliver(change) }
                            }
                        }
                    } catch {
                        await self?.listening(on: nil)
                        try? await connection.close()
                        throw error
                    }
                    await self?.listening(on: nil)
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { return }
                    attempt += 1
                    logger.warning("Live updates: listening for changes failed; retrying", metadata: ["attempt": "\(attempt)"])
                }
                try? await Task.sleep(for: .seconds(min(5, attempt)))
            }
        }
    }

    func stop() async {
        listener?.cancel()
        listener = nil
        // Closing the connection ends the wait for the next notification.
        try? await connection?.close()
        connection = nil
        for subscriber in subscribers.values { subscriber.continuation.finish() }
        subscribers = [:]
    }
}

extension Application {
    private struct ChangeFeedKey: StorageKey { typealias Value = ChangeFeed }

    var changeFeed: ChangeFeed {
        if let feed = storage[ChangeFeedKey.self] { return feed }
        let feed = ChangeFeed()
        storage[ChangeFeedKey.self] = feed
        return feed
    }
}

extension Request {
    /// Tells open results pages of the initiative that figures changed; call it after the change
    /// is committed. An empty list means "anything may have changed".
    func announceChange(in access: InitiativeAccess, indicatorIDs: [UUID]) async {
        await application.changeFeed.publish(.init(initiativeID: access.scope.initiativeID, indicatorIDs: indicatorIDs), on: db)
    }
}

/// Starts listening for other instances' changes when the server starts, and stops at shutdown.
struct ChangeFeedLifecycle: LifecycleHandler {
    let postgresURL: String?

    func didBootAsync(_ application: Application) async throws {
        if let postgresURL { try await application.changeFeed.startListening(url: postgresURL, logger: application.logger) }
    }

    func shutdownAsync(_ application: Application) async {
        await application.changeFeed.stop()
    }
}
