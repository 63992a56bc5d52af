import Fluent
import SQLKit

/// Public results: the backbone's publishing choices (one row per initiative, the choices as
/// JSON, raised `revision` on every change so cached public pages know to rebuild), each
/// partner's consent to being named, and an audit of every change to either.
struct CreatePublishing: AsyncMigration {
    var name: String { "025_CreatePublishing" }

    func prepare(on database: any Database) async throws {
        try await database.schema("publishing_choices")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("choices_json", .string, .required)
            .field("revision", .int, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .unique(on: "initiative_id")
            .create()
        try await database.schema("publication_consents")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("given", .bool, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .unique(on: "initiative_id", "organization_id")
            .create()
        try await database.schema("publishing_events")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("action", .string, .required)
            .field("detail_json", .string, .required)
            .create()
        // Every public page view counts an initiative's events to know whether choices moved.
        try await (database as! any SQLDatabase).create(index: "publishing_events_initiative_idx").on("publishing_events")
            .column("initiative_id").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("publishing_events").delete()
        try await database.schema("publication_consents").delete()
        try await database.schema("publishing_choices").delete()
    }
}
