/// The part of society a partner organization comes from.
public enum Sector: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case nonprofit
    case government
    case education
    case health
    case business
    case philanthropy
    case communityGroup = "community_group"
    case faith
    case residentAssociation = "resident_association"

    public static let catalogKey = "sector"
}
