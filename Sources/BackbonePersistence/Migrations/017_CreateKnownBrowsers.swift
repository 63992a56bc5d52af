import Fluent

/// Browsers each account has signed in from (only a hash of the cookie they carry): such a
/// browser skips the account's sign-in back-off, so a stranger's failures cannot lock the owner out.
struct CreateKnownBrowsers: AsyncMigration {
    var name: String { "017_CreateKnownBrowsers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("known_browsers")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("known_browsers").delete()
    }
}
