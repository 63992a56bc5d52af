import Fluent

/// A private address per person for calendar programs, which cannot sign in: only its hash is kept.
struct CreateCalendarFeeds: AsyncMigration {
    var name: String { "016_CreateCalendarFeeds" }

    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_feeds")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_feeds").delete()
    }
}
