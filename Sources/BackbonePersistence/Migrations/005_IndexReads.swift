import Fluent
import SQLKit

/// The overview reads the totals without breakdown of every indicator (the initiative's, or one
/// partner's); with millions of aggregates that read must seek, not scan the initiative's rows.
/// This index also serves one indicator's series, so it replaces the one made for that.
/// Saving, reviewing and importing a report read its figures by partner and period, every
/// indicator at once: without an index of their own, each would scan every figure.
struct IndexReads: AsyncMigration {
    var name: String { "005_IndexReads" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rollups_totals_idx").on("rollups")
            .column("initiative_id").column("organization_id").column("dimension_key").column("basis").column("frequency").column("indicator_id").run()
        try await sql.drop(index: "rollups_series_idx").run()
        try await sql.create(index: "values_report_idx").on("measurement_values").column("organization_id").column("period_key").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rollups_series_idx").on("rollups")
            .column("initiative_id").column("basis").column("frequency").column("dimension_key").column("indicator_id").run()
        try await sql.drop(index: "rollups_totals_idx").run()
        try await sql.drop(index: "values_report_idx").run()
    }
}
