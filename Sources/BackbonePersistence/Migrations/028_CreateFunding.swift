import Fluent
import SQLKit

/// Funding: funders' commitments (money as integer minor units with its currency), the
/// indicators a commitment is meant to move, the needs the backbone states per strategy and
/// year (and its own budget), and the initiative's funding settings (gap threshold, whether
/// the map is published to every member).
struct CreateFunding: AsyncMigration {
    var name: String { "028_CreateFunding" }

    func prepare(on database: any Database) async throws {
        try await database.schema("funding_commitments")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("funder_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("currency", .string, .required)
            .field("amount_minor", .int64, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            // What the money may be spent on; the target's id when the kind names one
            // (a strategy, working group, activity or partner of the same initiative).
            .field("restriction_kind", .string, .required)
            .field("restriction_id", .uuid)
            .field("note", .string, .required)
            .field("revision", .int, .required)
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("funding_commitment_indicators")
            .id()
            .field("commitment_id", .uuid, .required, .references("funding_commitments", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .unique(on: "commitment_id", "indicator_id")
            .create()
        try await database.schema("funding_needs")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("year", .int, .required)
            // A strategy's id, or "backbone" for the backbone's own budget.
            .field("target", .string, .required)
            .field("currency", .string, .required)
            .field("amount_minor", .int64, .required)
            .unique(on: "initiative_id", "year", "target")
            .create()
        try await database.schema("funding_settings")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("gap_percent", .int, .required)
            .field("map_published", .bool, .required)
            .field("revision", .int, .required)
            .unique(on: "initiative_id")
            .create()
        try await (database as! any SQLDatabase).create(index: "funding_commitments_initiative_idx").on("funding_commitments")
            .column("initiative_id").column("ends_on").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["funding_settings", "funding_needs", "funding_commitment_indicators", "funding_commitments"] {
            try await database.schema(table).delete()
        }
    }
}
