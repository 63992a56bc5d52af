import Fluent
import SQLKit

/// Governance bodies (steering committee, working groups) with their members, owned strategies,
/// status history and quarterly cycle; and the action plan's activities.
struct CreateGovernance: AsyncMigration {
    var name: String { "010_CreateGovernance" }

    func prepare(on database: any Database) async throws {
        try await database.schema("governance_bodies")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("purpose", .string, .required)
            .field("scope", .string, .required)
            .field("decision_rights", .string, .required)
            .field("status", .string, .required)
            // Set when the group was merged into another; its history stays here.
            .field("merged_into_id", .uuid, .references("governance_bodies", "id"))
            .field("revision", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "initiative_id", "name")
            .create()
        try await database.schema("body_status_events")
            .id()
            .field("body_id", .uuid, .required, .references("governance_bodies", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("note", .string, .required)
            .field("changed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("changed_at", .datetime, .required)
            .create()
        try await database.schema("body_members")
            .id()
            .field("body_id", .uuid, .required, .references("governance_bodies", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            // The person's account, when they have one: it is what lets a chair edit the group.
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("role", .string, .required)
            .field("term_start", .string, .required)
            .field("term_end", .string)
            .create()
        try await database.schema("body_strategies")
            .id()
            .field("body_id", .uuid, .required, .references("governance_bodies", "id", onDelete: .cascade))
            .field("node_id", .uuid, .required, .references("change_nodes", "id", onDelete: .cascade))
            .unique(on: "body_id", "node_id")
            .create()
        try await database.schema("cycle_entries")
            .id()
            .field("body_id", .uuid, .required, .references("governance_bodies", "id", onDelete: .cascade))
            .field("quarter", .string, .required)
            .field("stage", .string, .required)
            .field("plan_note", .string, .required)
            .field("do_note", .string, .required)
            .field("feedback_note", .string, .required)
            .field("communicate_note", .string, .required)
            .field("revision", .int, .required)
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .unique(on: "body_id", "quarter")
            .create()
        try await database.schema("activities")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("strategy_id", .uuid, .required, .references("change_nodes", "id"))
            .field("outcome_id", .uuid, .references("change_nodes", "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("population", .string, .required)
            .field("geography", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("status", .string, .required)
            .field("expected_outputs", .string, .required)
            .field("revision", .int, .required)
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("activity_indicators")
            .id()
            .field("activity_id", .uuid, .required, .references("activities", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .unique(on: "activity_id", "indicator_id")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "activities_initiative_idx").on("activities").column("initiative_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["activity_indicators", "activities", "cycle_entries", "body_strategies", "body_members", "body_status_events", "governance_bodies"] {
            try await database.schema(table).delete()
        }
    }
}
