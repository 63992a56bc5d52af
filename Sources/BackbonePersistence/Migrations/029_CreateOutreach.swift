import Fluent
import SQLKit

/// Community outreach: events with who organized them, which strategies they concern and how
/// many people they reached (by neighborhood and breakdown category, JSON read and written
/// whole); resident feedback with its "you said, we did" response; and whether the initiative
/// takes feedback on its public voice page.
struct CreateOutreach: AsyncMigration {
    var name: String { "029_CreateOutreach" }

    func prepare(on database: any Database) async throws {
        try await database.schema("outreach_events")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("languages_json", .string, .required)
            .field("reach_json", .string, .required)
            .field("people_reached", .int, .required)
            .field("note", .string, .required)
            .field("revision", .int, .required)
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("outreach_event_organizers")
            .id()
            .field("event_id", .uuid, .required, .references("outreach_events", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .unique(on: "event_id", "organization_id")
            .create()
        try await database.schema("outreach_event_strategies")
            .id()
            .field("event_id", .uuid, .required, .references("outreach_events", "id", onDelete: .cascade))
            .field("strategy_id", .uuid, .required, .references("change_nodes", "id", onDelete: .cascade))
            .unique(on: "event_id", "strategy_id")
            .create()
        try await database.schema("feedback_items")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("event_id", .uuid, .references("outreach_events", "id", onDelete: .setNull))
            .field("source", .string, .required)
            .field("text", .string, .required)
            .field("neighborhood", .string, .required)
            // Kept only with the resident's consent; never shown in public or in the API's lists.
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("received_on", .string, .required)
            .field("received_at", .datetime, .required)
            .field("recorded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("response", .string)
            .field("response_link", .string, .required)
            .field("response_link_id", .uuid)
            .field("responded_at", .datetime)
            .field("responded_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("revision", .int, .required)
            .create()
        try await database.schema("feedback_strategies")
            .id()
            .field("feedback_id", .uuid, .required, .references("feedback_items", "id", onDelete: .cascade))
            .field("strategy_id", .uuid, .required, .references("change_nodes", "id", onDelete: .cascade))
            .unique(on: "feedback_id", "strategy_id")
            .create()
        try await database.schema("outreach_settings")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("voice_public", .bool, .required)
            .unique(on: "initiative_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "outreach_events_initiative_idx").on("outreach_events").column("initiative_id").column("held_on").run()
        try await sql.create(index: "feedback_items_initiative_idx").on("feedback_items").column("initiative_id").column("received_on").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["outreach_settings", "feedback_strategies", "feedback_items", "outreach_event_strategies", "outreach_event_organizers", "outreach_events"] {
            try await database.schema(table).delete()
        }
    }
}
