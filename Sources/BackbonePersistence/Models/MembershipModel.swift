import BackboneDomain
import Fluent
import Foundation

/// Ties a user to an initiative, through an organization, with one role.
public final class MembershipModel: Model, @unchecked Sendable {
    public static let schema = "memberships"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "role") public var role: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(id: UUID? = nil, userID: UUID, initiativeID: UUID, organizationID: UUID, role: Role, createdAt: Date) {
        self.id = id
        self.userID = userID
        self.initiativeID = initiativeID
        self.organizationID = organizationID
        self.role = role.rawValue
        self.createdAt = createdAt
    }

    /// An unknown stored role grants the least: viewing.
    public var parsedRole: Role { Role(rawValue: role) ?? .partnerViewer }
}
