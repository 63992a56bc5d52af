/// The part of society a partner organization comes from.
public enum Sector: String, CaseIterable, Codable, Sendable {
    case nonprofit
    case government
    case education
    case health
    case business
    case philanthropy
    case communityGroup = "community_group"
    case faith
    case residentAssociation = "resident_association"

    public var title: String {
        switch self {
        case .nonprofit: "Nonprofit"
        case .government: "Government"
        case .education: "Education"
        case .health: "Health"
        case .business: "Business"
        case .philanthropy: "Philanthropy"
        case .communityGroup: "Community group"
        case .faith: "Faith-based"
        case .residentAssociation: "Residents' association"
        }
    }
}
