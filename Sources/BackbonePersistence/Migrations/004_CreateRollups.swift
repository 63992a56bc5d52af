import Fluent
import SQLKit

/// Aggregates kept current in the same transaction as every change of figures or of a report's
/// status: per partner and for the whole initiative, per period (and its quarter and year), cell,
/// definition version and basis. Reads of totals cost the size of the answer.
struct CreateRollups: AsyncMigration {
    var name: String { "004_CreateRollups" }

    func prepare(on database: any Database) async throws {
        try await database.schema("rollups")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            // Null for the initiative's total across partners.
            .field("organization_id", .uuid, .references("organizations", "id", onDelete: .cascade))
            .field("period_key", .string, .required)
            .field("frequency", .string, .required)
            .field("version", .int, .required)
            .field("dimension_key", .string, .required)
            .field("category_key", .string, .required)
            .field("basis", .string, .required)
            .field("value", .double)
            .field("numerator", .double)
            .field("denominator", .double)
            .field("weight", .double)
            .field("observation_count", .int, .required)
            .field("latest_period_end", .datetime)
            .field("sources", .int, .required)
            .field("provisional_sources", .int, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rollups_indicator_period_idx").on("rollups")
            .column("indicator_id").column("period_key").column("organization_id").run()
        try await sql.create(index: "rollups_series_idx").on("rollups")
            .column("initiative_id").column("basis").column("frequency").column("dimension_key").column("indicator_id").run()
        try await sql.create(index: "values_indicator_period_idx").on("measurement_values")
            .column("indicator_id").column("organization_id").column("period_key").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "values_indicator_period_idx").run()
        try await database.schema("rollups").delete()
    }
}
