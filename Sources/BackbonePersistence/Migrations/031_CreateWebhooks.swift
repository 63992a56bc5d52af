import Fluent
import SQLKit

/// Webhooks: the https endpoints a backbone administrator registers, each with its events and
/// the secret that signs its deliveries; and every delivery, written in the transaction of the
/// change it announces and sent by the background worker with retries (the delivery log).
struct CreateWebhooks: AsyncMigration {
    var name: String { "031_CreateWebhooks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("webhooks")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("url", .string, .required)
            .field("events_json", .string, .required)
            // The key deliveries are signed with; the receiver holds the same one.
            .field("secret", .string, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("webhook_deliveries")
            .id()
            .field("webhook_id", .uuid, .required, .references("webhooks", "id", onDelete: .cascade))
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("event", .string, .required)
            .field("payload", .string, .required)
            .field("created_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("claimed_until", .datetime)
            .field("delivered_at", .datetime)
            .field("failed_at", .datetime)
            .field("last_status", .int)
            .field("last_error", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "webhooks_initiative_idx").on("webhooks").column("initiative_id").run()
        try await sql.create(index: "webhook_deliveries_due_idx").on("webhook_deliveries").column("delivered_at").column("failed_at").column("next_attempt_at").run()
        try await sql.create(index: "webhook_deliveries_log_idx").on("webhook_deliveries").column("webhook_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("webhook_deliveries").delete()
        try await database.schema("webhooks").delete()
    }
}
