import BackboneDomain
import Fluent
import Foundation

/// A person who can sign in. `email` is stored normalized (lower-case) and unique.
public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "email") public var email: String
    @Field(key: "display_name") public var displayName: String
    /// Nil until the person sets a password through their one-time link.
    @OptionalField(key: "password_hash") public var passwordHash: String?
    @Field(key: "is_platform_admin") public var isPlatformAdmin: Bool
    /// The language chosen for pages and emails (`SiteLanguage`); nil: the browser's.
    @OptionalField(key: "language") public var language: String?

    /// The language to write to this person in when no page tells it: their choice, else English.
    public var siteLanguage: SiteLanguage { language.flatMap(SiteLanguage.init(rawValue:)) ?? .en }
    /// The time zone the person reads times in; nil: the initiative's.
    @OptionalField(key: "time_zone") public var timeZone: String?
    @OptionalField(key: "disabled_at") public var disabledAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(id: UUID? = nil, email: String, displayName: String, passwordHash: String?,
                isPlatformAdmin: Bool = false, createdAt: Date) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.isPlatformAdmin = isPlatformAdmin
        self.createdAt = createdAt
    }

    public var isDisabled: Bool { disabledAt != nil }
}
