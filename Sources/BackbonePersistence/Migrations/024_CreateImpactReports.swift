import Fluent

/// Impact reports: the backbone's plan while a draft, and the whole composed content once
/// released (kept as it was, whatever is corrected later). A share link is stored as the digest
/// of its token.
struct CreateImpactReports: AsyncMigration {
    var name: String { "024_CreateImpactReports" }

    func prepare(on database: any Database) async throws {
        try await database.schema("impact_reports")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("audience", .string, .required)
            .field("from_period", .string, .required)
            .field("to_period", .string, .required)
            .field("plan_json", .string, .required)
            .field("status", .string, .required)
            .field("content_json", .string)
            .field("released_at", .datetime)
            .field("released_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("superseded_by", .uuid, .references("impact_reports", "id", onDelete: .setNull))
            .field("share_token_hash", .string)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("revision", .int, .required)
            .unique(on: "share_token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("impact_reports").delete()
    }
}
