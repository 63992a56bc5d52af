import BackboneDomain
import Fluent
import Foundation

public final class AgendaDraftModel: Model, @unchecked Sendable {
    public static let schema = "agenda_drafts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "content_json") public var contentJSON: String
    @Field(key: "revision") public var revision: Int
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "updated_by") public var updatedBy: UUID?

    public init() {}

    public var content: AgendaContent { AgendaJSON.decode(contentJSON) }
}

public final class AgendaVersionModel: Model, @unchecked Sendable {
    public static let schema = "agenda_versions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "number") public var number: Int
    @Field(key: "content_json") public var contentJSON: String
    @Field(key: "note") public var note: String
    @Field(key: "published_at") public var publishedAt: Date
    @OptionalField(key: "published_by") public var publishedBy: UUID?

    public init() {}

    public var content: AgendaContent { AgendaJSON.decode(contentJSON) }
}

public final class AgendaEndorsementModel: Model, @unchecked Sendable {
    public static let schema = "agenda_endorsements"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "version_id") public var versionID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "endorsed_at") public var endorsedAt: Date
    @OptionalField(key: "withdrawn_at") public var withdrawnAt: Date?
    @OptionalField(key: "withdrawn_by") public var withdrawnBy: UUID?

    public init() {}
}

enum AgendaJSON {
    static func encode(_ content: AgendaContent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(content), as: UTF8.self)
    }

    /// Stored content was written by `encode`; a row that cannot be read shows as empty rather
    /// than failing the page.
    static func decode(_ json: String) -> AgendaContent {
        (try? JSONDecoder().decode(AgendaContent.self, from: Data(json.utf8))) ?? AgendaContent()
    }
}
