import BackboneDomain
import Fluent
import Foundation

public final class NotificationModel: Model, @unchecked Sendable {
    public static let schema = "notifications"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "text") public var text: String
    @Field(key: "path") public var path: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "read_at") public var readAt: Date?
    @Field(key: "digest_pending") public var digestPending: Bool

    public init() {}

    public var parsedKind: NotificationKind? { NotificationKind(rawValue: kind) }
}

public final class NotificationPreferenceModel: Model, @unchecked Sendable {
    public static let schema = "notification_preferences"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "delivery") public var delivery: String

    public init() {}
}

/// One email waiting to be sent, being retried, sent, or given up on.
public final class OutboxModel: Model, @unchecked Sendable {
    public static let schema = "outbox"

    @ID(key: .id) public var id: UUID?
    @Field(key: "to_address") public var toAddress: String
    @Field(key: "subject") public var subject: String
    @Field(key: "body") public var body: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "claimed_until") public var claimedUntil: Date?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @OptionalField(key: "failed_at") public var failedAt: Date?
    @Field(key: "last_error") public var lastError: String

    public init() {}
}
