/// The part a person plays in one initiative. A membership carries exactly one role.
///
/// The raw values are stored in the database and used in the API: never rename them.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case backboneAdmin = "backbone_admin"
    case backboneStaff = "backbone_staff"
    case steeringCommitteeMember = "steering_committee_member"
    case workingGroupLead = "working_group_lead"
    case partnerDataSteward = "partner_data_steward"
    case partnerViewer = "partner_viewer"

    /// The name shown on screens.
    public var title: String {
        switch self {
        case .backboneAdmin: "Backbone admin"
        case .backboneStaff: "Backbone staff"
        case .steeringCommitteeMember: "Steering committee member"
        case .workingGroupLead: "Working-group lead"
        case .partnerDataSteward: "Partner data steward"
        case .partnerViewer: "Partner viewer"
        }
    }

    /// One plain sentence on what the role is for.
    public var summary: String {
        switch self {
        case .backboneAdmin: "Runs the initiative: partners, people and roles, settings."
        case .backboneStaff: "Coordinates partners and keeps the partner directory current."
        case .steeringCommitteeMember: "Oversees progress across the initiative."
        case .workingGroupLead: "Leads a working group around one strategy."
        case .partnerDataSteward: "Reports their organization's results and keeps its profile current."
        case .partnerViewer: "Follows the initiative on behalf of their organization."
        }
    }

    /// Roles held by the backbone organization's own staff.
    public var isBackbone: Bool { self == .backboneAdmin || self == .backboneStaff }

    /// Ordered from most to least powerful, for sorting people lists.
    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
