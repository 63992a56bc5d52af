import Fluent
import SQLKit

/// Meetings of a body (or of all partners) with their agenda items, invitees and minutes; the
/// decisions recorded in them and the action items they raise.
struct CreateMeetings: AsyncMigration {
    var name: String { "011_CreateMeetings" }

    func prepare(on database: any Database) async throws {
        try await database.schema("meetings")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            // Nil: a meeting of all partners.
            .field("body_id", .uuid, .references("governance_bodies", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("time_zone", .string, .required)
            .field("place", .string, .required)
            .field("video_url", .string, .required)
            .field("minutes", .string, .required)
            .field("revision", .int, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("meeting_agenda_items")
            .id()
            .field("meeting_id", .uuid, .required, .references("meetings", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("presenter", .string, .required)
            .field("minutes_allotted", .int, .required)
            .field("linked_kind", .string)
            .field("linked_id", .uuid)
            .create()
        try await database.schema("meeting_invitees")
            .id()
            .field("meeting_id", .uuid, .required, .references("meetings", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .unique(on: "meeting_id", "user_id")
            .create()
        try await database.schema("decisions")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("meeting_id", .uuid, .required, .references("meetings", "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("rationale", .string, .required)
            .field("linked_kind", .string)
            .field("linked_id", .uuid)
            .field("decided_at", .datetime, .required)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .create()
        try await database.schema("action_items")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("meeting_id", .uuid, .required, .references("meetings", "id", onDelete: .cascade))
            .field("text", .string, .required)
            .field("owner_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("closed_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "meetings_initiative_idx").on("meetings").column("initiative_id").column("starts_at").run()
            try await sql.create(index: "action_items_owner_idx").on("action_items").column("owner_id").column("status").run()
            try await sql.create(index: "decisions_initiative_idx").on("decisions").column("initiative_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["action_items", "decisions", "meeting_invitees", "meeting_agenda_items", "meetings"] {
            try await database.schema(table).delete()
        }
    }
}
