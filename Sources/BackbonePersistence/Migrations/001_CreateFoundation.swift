import Fluent
import SQLKit

/// Accounts, initiatives, organizations, memberships and credentials.
struct CreateFoundation: AsyncMigration {
    var name: String { "001_CreateFoundation" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string)
            .field("is_platform_admin", .bool, .required)
            .field("disabled_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "email")
            .create()

        try await database.schema("initiatives")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("place", .string, .required)
            .field("problem_statement", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()

        try await database.schema("organizations")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("sector", .string, .required)
            .field("is_backbone", .bool, .required)
            .field("website", .string, .required)
            .field("description", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "initiative_id", "name")
            .create()

        try await database.schema("memberships")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .restrict))
            .field("role", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "initiative_id")
            .create()

        try await database.schema("user_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()

        try await database.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()

        try await database.schema("password_setup_tokens")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()

        try await database.schema("login_failures")
            .id()
            .field("account", .string, .required)
            .field("client_address", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()

        // Lookups that run on every sign-in and every initiative page.
        let sql = database as! any SQLDatabase
        try await sql.create(index: "login_failures_account_idx").on("login_failures").column("account").run()
        try await sql.create(index: "login_failures_address_idx").on("login_failures").column("client_address").run()
        try await sql.create(index: "memberships_initiative_idx").on("memberships").column("initiative_id").run()
        try await sql.create(index: "api_tokens_user_idx").on("api_tokens").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["login_failures", "password_setup_tokens", "api_tokens", "user_sessions",
                      "memberships", "organizations", "initiatives", "users"] {
            try await database.schema(table).delete()
        }
    }
}
