import BackboneDomain
import Fluent
import Foundation

/// A registered endpoint (see `CreateWebhooks`).
public final class WebhookModel: Model, @unchecked Sendable {
    public static let schema = "webhooks"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "url") public var url: String
    @Field(key: "events_json") public var eventsJSON: String
    @Field(key: "secret") public var secret: String
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var events: [WebhookEvent] {
        let chosen = Set((try? JSONDecoder().decode([String].self, from: Data(eventsJSON.utf8))) ?? [])
        return WebhookEvent.allCases.filter { chosen.contains($0.rawValue) }
    }
}

/// One delivery of one event to one endpoint, and how its attempts went.
public final class WebhookDeliveryModel: Model, @unchecked Sendable {
    public static let schema = "webhook_deliveries"

    @ID(key: .id) public var id: UUID?
    @Field(key: "webhook_id") public var webhookID: UUID
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "event") public var event: String
    @Field(key: "payload") public var payload: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "claimed_until") public var claimedUntil: Date?
    @OptionalField(key: "delivered_at") public var deliveredAt: Date?
    @OptionalField(key: "failed_at") public var failedAt: Date?
    @OptionalField(key: "last_status") public var lastStatus: Int?
    @Field(key: "last_error") public var lastError: String

    public init() {}

    /// delivered, failed (given up), or pending (waiting for its next attempt).
    public var state: String { deliveredAt != nil ? "delivered" : failedAt != nil ? "failed" : "pending" }
}
