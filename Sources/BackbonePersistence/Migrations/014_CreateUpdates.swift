import Fluent
import SQLKit

/// The initiative's timeline: announcements people write and events the system records.
struct CreateUpdates: AsyncMigration {
    var name: String { "014_CreateUpdates" }

    func prepare(on database: any Database) async throws {
        try await database.schema("updates")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("text", .string, .required)
            .field("path", .string, .required)
            .field("body_id", .uuid, .references("governance_bodies", "id", onDelete: .setNull))
            .field("organization_id", .uuid, .references("organizations", "id", onDelete: .setNull))
            .field("author_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "updates_initiative_idx").on("updates").column("initiative_id").column("created_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("updates").delete()
    }
}
