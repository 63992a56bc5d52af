import Fluent

/// The common agenda: one working draft per initiative, immutable numbered versions published
/// from it, and partners' endorsements of versions (withdrawn ones kept, with when).
struct CreateAgenda: AsyncMigration {
    var name: String { "008_CreateAgenda" }

    func prepare(on database: any Database) async throws {
        try await database.schema("agenda_drafts")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("content_json", .string, .required)
            // Raised by every save and publish: a form opened before another's save is refused.
            .field("revision", .int, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .unique(on: "initiative_id")
            .create()
        try await database.schema("agenda_versions")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("content_json", .string, .required)
            .field("note", .string, .required)
            .field("published_at", .datetime, .required)
            .field("published_by", .uuid, .references("users", "id", onDelete: .setNull))
            .unique(on: "initiative_id", "number")
            .create()
        try await database.schema("agenda_endorsements")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("version_id", .uuid, .required, .references("agenda_versions", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("endorsed_at", .datetime, .required)
            .field("withdrawn_at", .datetime)
            .field("withdrawn_by", .uuid, .references("users", "id", onDelete: .setNull))
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["agenda_endorsements", "agenda_versions", "agenda_drafts"] { try await database.schema(table).delete() }
    }
}
