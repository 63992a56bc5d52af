import Fluent

/// Stories: qualitative results partners submit and the backbone publishes, with the consent of
/// the person they are about, and an optional photo kept with its checked type.
struct CreateStories: AsyncMigration {
    var name: String { "015_CreateStories" }

    func prepare(on database: any Database) async throws {
        try await database.schema("stories")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("text", .string, .required)
            .field("about_person", .string, .required)
            .field("consent", .string, .required)
            .field("consent_note", .string, .required)
            .field("strategy_id", .uuid, .references("change_nodes", "id", onDelete: .setNull))
            .field("indicator_id", .uuid, .references("indicators", "id", onDelete: .setNull))
            .field("tags", .string, .required)
            .field("status", .string, .required)
            .field("submitted_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .create()
        try await database.schema("story_photos")
            .id()
            .field("story_id", .uuid, .required, .references("stories", "id", onDelete: .cascade))
            .field("content_type", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .data, .required)
            .unique(on: "story_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("story_photos").delete()
        try await database.schema("stories").delete()
    }
}
