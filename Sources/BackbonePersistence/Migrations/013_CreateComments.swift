import Fluent
import SQLKit

/// Comments on indicators, activities, decisions and stories, with replies; a deleted comment
/// stays as a tombstone so its replies keep their place.
struct CreateComments: AsyncMigration {
    var name: String { "013_CreateComments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("comments")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("target_kind", .string, .required)
            .field("target_id", .uuid, .required)
            .field("parent_id", .uuid, .references("comments", "id"))
            .field("author_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("edited_at", .datetime)
            .field("deleted_at", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "comments_target_idx").on("comments").column("target_id").column("created_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("comments").delete()
    }
}
