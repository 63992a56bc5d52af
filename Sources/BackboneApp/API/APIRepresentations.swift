import BackbonePersistence
import Vapor

/// What the API returns. Field names are part of the contract in openapi.yaml.
struct UserDTO: Content {
    let id: UUID
    let email: String
    let displayName: String
    /// nil: not chosen (pages follow the browser).
    let language: String?
    /// nil: not chosen (times follow each initiative's zone).
    let timeZone: String?
    let isPlatformAdmin: Bool
    let memberships: [MyMembershipDTO]

    /// Written by hand so that "not chosen" reaches clients as an explicit null, as the schema says,
    /// rather than as a missing key.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(language, forKey: .language)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(isPlatformAdmin, forKey: .isPlatformAdmin)
        try container.encode(memberships, forKey: .memberships)
    }
}

struct MyMembershipDTO: Content {
    let initiativeSlug: String
    let initiativeName: String
    let organizationId: UUID
    let role: String
}

struct InitiativeDTO: Content {
    let id: UUID
    let slug: String
    let name: String
    let place: String
    let problemStatement: String
    let timeZone: String
    let createdAt: Date

    init(_ model: InitiativeModel) {
        id = model.id!
        slug = model.slug
        name = model.name
        place = model.place
        problemStatement = model.problemStatement
        timeZone = model.timeZone
        createdAt = model.createdAt
    }
}

struct OrganizationDTO: Content {
    let id: UUID
    let name: String
    let sector: String
    let isBackbone: Bool
    let website: String
    let description: String

    init(_ model: OrganizationModel) {
        id = model.id!
        name = model.name
        sector = model.sector
        isBackbone = model.isBackbone
        website = model.website
        description = model.description
    }
}

struct MembershipDTO: Content {
    let id: UUID
    let userId: UUID
    let displayName: String
    let email: String
    let organizationId: UUID
    let role: String

    init(_ listing: MemberListing) {
        id = listing.membership.id!
        userId = listing.user.id!
        displayName = listing.user.displayName
        email = listing.user.email
        organizationId = listing.organization.id!
        role = listing.membership.role
    }
}

/// Lists are wrapped in an object, so fields such as paging can be added without breaking clients.
struct ListDTO<Item: Content>: Content {
    let items: [Item]
}
