import Fluent
import Foundation

/// A signed-in browser session. Only the SHA-256 of the cookie value is stored, so a copy of
/// the database does not let anyone take over a session.
public final class SessionModel: Model, @unchecked Sendable {
    public static let schema = "user_sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "user_id") public var userID: UUID
    /// Forms of this session must echo this value (synchronizer-token CSRF defence).
    @Field(key: "csrf_token") public var csrfToken: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date

    public init() {}

    public init(tokenHash: String, userID: UUID, csrfToken: String, now: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
    }
}

/// A personal API token. Shown once at creation; stored as its SHA-256.
public final class APITokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// The first characters of the token, so a person can tell their tokens apart.
    @Field(key: "prefix") public var prefix: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    public init() {}

    public init(userID: UUID, name: String, tokenHash: String, prefix: String, createdAt: Date) {
        self.userID = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.createdAt = createdAt
    }
}

/// A one-time link that lets an invited person choose their password.
public final class PasswordSetupTokenModel: Model, @unchecked Sendable {
    public static let schema = "password_setup_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?

    public init() {}

    public init(tokenHash: String, userID: UUID, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.expiresAt = expiresAt
    }
}

/// One failed sign-in, kept for the throttling window. Stored in the database so that
/// several app instances share the count.
public final class LoginFailureModel: Model, @unchecked Sendable {
    public static let schema = "login_failures"

    @ID(key: .id) public var id: UUID?
    @Field(key: "account") public var account: String
    @Field(key: "client_address") public var clientAddress: String
    @Field(key: "failed_at") public var failedAt: Date

    public init() {}

    public init(account: String, clientAddress: String, failedAt: Date) {
        self.account = account
        self.clientAddress = clientAddress
        self.failedAt = failedAt
    }
}

/// A browser an account signed in from, by the hash of the cookie it carries.
public final class KnownBrowserModel: Model, @unchecked Sendable {
    public static let schema = "known_browsers"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(userID: UUID, tokenHash: String, createdAt: Date) {
        self.userID = userID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}
