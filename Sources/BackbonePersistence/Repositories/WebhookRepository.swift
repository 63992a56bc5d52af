import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// Whatever posts a delivery (HTTP in the app): answers the receiver's status code, or throws
/// when nothing was answered (refused address, timeout, connection error).
public protocol WebhookTransport: Sendable {
    func post(url: String, body: String, secret: String, deliveryID: UUID, event: String, now: Date) async throws -> Int
}

/// An initiative's webhooks, the deliveries their events make, and sending them. A delivery is
/// written in the transaction of the change it announces (nothing announced that did not happen,
/// nothing that happened left unannounced), and sent later by whichever instance claims it,
/// tried again with growing delays like email (`OutboxRetry`).
public struct WebhookRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// Endpoints one initiative may register.
    public static let endpointLimit = 20

    public func create(url: URL, events: [WebhookEvent], secret: String, createdBy: UUID, now: Date) async throws -> WebhookModel {
        var errors = FieldErrors()
        if events.isEmpty { errors.add("events", Texts.current("error.webhookChooseEvents")) }
        if try await WebhookModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).count() >= Self.endpointLimit {
            errors.add("url", Texts.current("error.webhookTooMany", ["limit": "\(Self.endpointLimit)"]))
        }
        try errors.throwIfAny()
        let webhook = WebhookModel()
        webhook.initiativeID = scope.initiativeID
        webhook.url = url.absoluteString
        webhook.eventsJSON = String(decoding: try JSONEncoder().encode(Array(Set(events.map(\.rawValue))).sorted()), as: UTF8.self)
        webhook.secret = secret
        webhook.createdBy = createdBy
        webhook.createdAt = now
        try await webhook.create(on: db)
        return webhook
    }

    public func all() async throws -> [WebhookModel] {
        try await WebhookModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$createdAt).all()
    }

    public func find(id: UUID) async throws -> WebhookModel? {
        try await WebhookModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Removes an endpoint with its delivery log; deliveries not yet sent are dropped with it.
    public func delete(id: UUID) async throws -> Bool {
        guard let webhook = try await find(id: id) else { return false }
        try await webhook.delete(on: db)
        return true
    }

    /// An endpoint's latest deliveries, newest first.
    public func deliveries(webhookID: UUID, limit: Int = 50) async throws -> [WebhookDeliveryModel] {
        try await WebhookDeliveryModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$webhookID == webhookID)
            .sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// The body every endpoint receives for one event.
    struct Envelope<Payload: Encodable>: Encodable {
        struct Initiative: Encodable { let id: UUID; let slug: String }
        let event: String
        let eventId: UUID
        let occurredAt: Date
        let initiative: Initiative
        let data: Payload
    }

    /// Writes a delivery of `event` for every endpoint of the initiative that listens to it.
    /// Call it with the transaction of the change: one indexed read when no endpoint listens.
    public func enqueue<Payload: Encodable & Sendable>(_ event: WebhookEvent, _ data: Payload, now: Date) async throws {
        let listening = try await WebhookModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
            .filter { $0.events.contains(event) }
        guard !listening.isEmpty, let initiative = try await InitiativeModel.find(scope.initiativeID, on: db) else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let body = String(decoding: try encoder.encode(Envelope(event: event.rawValue, eventId: UUID(), occurredAt: now,
                                                                initiative: .init(id: scope.initiativeID, slug: initiative.slug), data: data)), as: UTF8.self)
        for webhook in listening {
            let delivery = WebhookDeliveryModel()
            delivery.webhookID = try webhook.requireID()
            delivery.initiativeID = scope.initiativeID
            delivery.event = event.rawValue
            delivery.payload = body
            delivery.createdAt = now
            delivery.attempts = 0
            delivery.nextAttemptAt = now
            delivery.lastError = ""
            try await delivery.create(on: db)
        }
    }

    /// What one round of sending did.
    public struct Result: Equatable, Sendable {
        public var delivered = 0
        public var retrying = 0
        public var failed = 0

        public init(delivered: Int = 0, retrying: Int = 0, failed: Int = 0) {
            self.delivered = delivered
            self.retrying = retrying
            self.failed = failed
        }
    }

    /// Sends the deliveries that are due, in every initiative. Each is claimed first with a
    /// conditional update stamped by the database's clock, as the email outbox does, so two
    /// instances never send the same delivery at once; a 2xx answer delivers it, anything else
    /// is tried again later, up to `OutboxRetry.maxAttempts` times.
    public static func deliver(on db: any Database, now: Date, transport: any WebhookTransport, limit: Int = 50, hold: TimeInterval = 120) async throws -> Result {
        let due = try await WebhookDeliveryModel.query(on: db).filter(\.$deliveredAt == nil).filter(\.$failedAt == nil)
            .filter(\.$nextAttemptAt <= now).sort(\.$nextAttemptAt).limit(limit).all()
        guard !due.isEmpty else { return Result() }
        let endpoints = Dictionary(uniqueKeysWithValues: try await WebhookModel.query(on: db).filter(\.$id ~~ Set(due.map(\.webhookID))).all().map { ($0.id!, $0) })
        let sql = db as! any SQLDatabase
        var result = Result()
        for delivery in due {
            let id = try delivery.requireID()
            guard let webhook = endpoints[delivery.webhookID] else { continue }
            guard let attemptsSoFar = try await Outbox.claim(WebhookDeliveryModel.schema, id: id, doneColumn: "delivered_at", hold: hold, on: sql) else { continue }
            let attempts = attemptsSoFar + 1
            var status: Int?
            var problem = ""
            do {
                status = try await transport.post(url: webhook.url, body: delivery.payload, secret: webhook.secret, deliveryID: id, event: delivery.event, now: now)
                if !(200...299).contains(status!) { problem = "answered \(status!)" }
            } catch {
                // What went wrong on the way; it never holds the secret or the payload.
                problem = String(String(describing: error).prefix(300))
            }
            if problem.isEmpty {
                try await sql.update(WebhookDeliveryModel.schema).set("delivered_at", to: now).set("claimed_until", to: SQLLiteral.null)
                    .set("attempts", to: attempts).set("last_status", to: status).set("last_error", to: "").where("id", .equal, id).run()
                result.delivered += 1
            } else {
                let gaveUp = attempts >= OutboxRetry.maxAttempts
                try await sql.update(WebhookDeliveryModel.schema).set("attempts", to: attempts).set("claimed_until", to: SQLLiteral.null)
                    .set("last_status", to: status).set("last_error", to: problem)
                    .set("next_attempt_at", to: now.addingTimeInterval(OutboxRetry.delay(afterAttempt: attempts)))
                    .set("failed_at", to: gaveUp ? SQLBind(now) as any SQLExpression : SQLLiteral.null)
                    .where("id", .equal, id).run()
                if gaveUp { result.failed += 1 } else { result.retrying += 1 }
            }
        }
        return result
    }
}

/// What a delivery says of a report whose workflow moved.
public struct ReportEventData: Encodable, Sendable {
    public let report: UUID
    public let organizationId: UUID
    public let period: String
    public let status: String
    public let comment: String

    public init(report: UUID, organizationId: UUID, period: String, status: String, comment: String) {
        self.report = report
        self.organizationId = organizationId
        self.period = period
        self.status = status
        self.comment = comment
    }
}
