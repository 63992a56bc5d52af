import Fluent
import SQLKit

/// The workflow history of each report: every save, submission, approval, return and reopening.
struct CreateSubmissionEvents: AsyncMigration {
    var name: String { "003_CreateSubmissionEvents" }

    func prepare(on database: any Database) async throws {
        try await database.schema("submission_events")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("submission_id", .uuid, .required, .references("submissions", "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("status", .string, .required)
            .field("revision", .int, .required)
            .field("comment", .string, .required)
            .field("user_id", .uuid)
            .field("recorded_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "submission_events_submission_idx").on("submission_events").column("submission_id").run()
        try await sql.create(index: "audit_submission_idx").on("value_audit").column("submission_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "audit_submission_idx").run()
        try await database.schema("submission_events").delete()
    }
}
