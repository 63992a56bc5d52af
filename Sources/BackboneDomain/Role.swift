/// The part a person plays in one initiative. A membership carries exactly one role.
///
/// The raw values are stored in the database and used in the API: never rename them.
public enum Role: String, NamedInCatalog, CaseIterable, Codable, Sendable, Comparable {
    case backboneAdmin = "backbone_admin"
    case backboneStaff = "backbone_staff"
    case steeringCommitteeMember = "steering_committee_member"
    case workingGroupLead = "working_group_lead"
    case partnerDataSteward = "partner_data_steward"
    case partnerViewer = "partner_viewer"
    /// A funder's people: read-only, and their own commitments (see docs/funding.md).
    case funder

    public static let catalogKey = "role"

    /// One plain sentence on what the role is for.
    public var summary: String { Texts.current("roleSummary.\(rawValue)") }

    /// Roles held by the backbone organization's own staff.
    public var isBackbone: Bool { self == .backboneAdmin || self == .backboneStaff }

    /// Roles that only read: they take no part in the initiative's decisions or people.
    public var isReadOnly: Bool { self == .partnerViewer || self == .funder }

    /// Ordered from most to least powerful, for sorting people lists.
    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
