import Fluent
import SQLKit

/// The overview reads the totals without breakdown of every indicator (the initiative's, or one
/// partner's); with millions of aggregates that read must seek, not scan the initiative's rows.
/// This index also serves one indicator's series, so it replaces the one made for that.
struct IndexRollupTotals: AsyncMigration {
    var name: String { "005_IndexRollupTotals" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rollups_totals_idx").on("rollups")
            .column("initiative_id").column("organization_id").column("dimension_key").column("basis").column("frequency").column("indicator_id").run()
        try await sql.drop(index: "rollups_series_idx").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "rollups_series_idx").on("rollups")
            .column("initiative_id").column("basis").column("frequency").column("dimension_key").column("indicator_id").run()
        try await sql.drop(index: "rollups_totals_idx").run()
    }
}
