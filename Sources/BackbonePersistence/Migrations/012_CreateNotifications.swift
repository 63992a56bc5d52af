import Fluent
import SQLKit

/// In-app notifications, each person's delivery choices, the outbox of email waiting to be sent,
/// and the record of once-only jobs (so several instances never send the same digest twice).
struct CreateNotifications: AsyncMigration {
    var name: String { "012_CreateNotifications" }

    func prepare(on database: any Database) async throws {
        try await database.schema("notifications")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("path", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            // Waiting for the person's next daily digest email.
            .field("digest_pending", .bool, .required)
            .create()
        try await database.schema("notification_preferences")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("delivery", .string, .required)
            .unique(on: "user_id", "kind")
            .create()
        try await database.schema("outbox")
            .id()
            .field("to_address", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            // An instance sending it holds it until then; another may take over after.
            .field("claimed_until", .datetime)
            .field("sent_at", .datetime)
            .field("failed_at", .datetime)
            .field("last_error", .string, .required)
            .create()
        try await database.schema("job_runs")
            .field("name", .string, .identifier(auto: false))
            .field("ran_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "notifications_user_idx").on("notifications").column("user_id").column("read_at").run()
            try await sql.create(index: "outbox_due_idx").on("outbox").column("sent_at").column("next_attempt_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["job_runs", "outbox", "notification_preferences", "notifications"] { try await database.schema(table).delete() }
    }
}
