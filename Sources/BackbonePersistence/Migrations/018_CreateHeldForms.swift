import Fluent

/// Forms posted after their session ended, kept for a day under a one-time key so that what a
/// person typed comes back after they sign in again.
struct CreateHeldForms: AsyncMigration {
    var name: String { "018_CreateHeldForms" }

    func prepare(on database: any Database) async throws {
        try await database.schema("held_forms")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("key_hash", .string, .required)
            .field("path", .string, .required)
            .field("fields_json", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "key_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("held_forms").delete()
    }
}
