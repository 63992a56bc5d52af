import BackboneDomain
import Fluent
import Foundation

/// A partner organization of one initiative (the backbone organization is one too).
public final class OrganizationModel: Model, @unchecked Sendable {
    public static let schema = "organizations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "name") public var name: String
    @Field(key: "sector") public var sector: String
    @Field(key: "is_backbone") public var isBackbone: Bool
    @Field(key: "website") public var website: String
    @Field(key: "description") public var description: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(id: UUID? = nil, initiativeID: UUID, name: String, sector: Sector, isBackbone: Bool,
                website: String, description: String, createdAt: Date) {
        self.id = id
        self.initiativeID = initiativeID
        self.name = name
        self.sector = sector.rawValue
        self.isBackbone = isBackbone
        self.website = website
        self.description = description
        self.createdAt = createdAt
    }

    /// Stored values are written only through `Sector`, so an unknown one means a newer
    /// version wrote it; showing it as a nonprofit is safer than failing the page.
    public var parsedSector: Sector { Sector(rawValue: sector) ?? .nonprofit }
}
