import Fluent
import SQLKit

/// Partners' aggregates move to a table of their own, stored in the order the initiative's upkeep
/// reads them: by indicator, period, partner, then cell. Approving one report recomputes the
/// initiative's totals of its period, quarter and year from every partner's aggregates of those
/// periods; in `rollups` those rows were scattered over the whole file (a random read each, and a
/// large initiative has hundreds of thousands per approval), here they are one contiguous range.
/// Writing them is cheaper too: no random row id index, and an import's rows land side by side.
///
/// SQLite: a `WITHOUT ROWID` table, whose primary key is the storage order. PostgreSQL: the same
/// primary key, with room left in every page (fillfactor 70) so that rewriting a period's rows
/// keeps them near each other. The initiative's own aggregates (`organization_id` null) stay in
/// `rollups`, a few per indicator and period.
///
/// No foreign key on `initiative_id`: deleting an initiative deletes its indicators, whose cascade
/// removes these rows by the key's first column; a key on the initiative would need an index of
/// its own to delete without a scan.
struct ClusterPartnerRollups: AsyncMigration {
    var name: String { "032_ClusterPartnerRollups" }

    func prepare(on database: any Database) async throws {
        // One transaction: a large database takes minutes here, and an interrupted move starts over.
        try await database.transaction { tx in try await move(on: tx as! any SQLDatabase) }
    }

    private func move(on sql: any SQLDatabase) async throws {
        let postgres = sql.dialect.name == "postgresql"
        let (uuid, text, int, double, date) = postgres
            ? ("UUID", "TEXT", "BIGINT", "DOUBLE PRECISION", "TIMESTAMPTZ")
            : ("UUID", "TEXT", "INTEGER", "DOUBLE", "REAL")
        try await sql.raw("""
            CREATE TABLE partner_rollups (
                indicator_id \(unsafeRaw: uuid) NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
                period_key \(unsafeRaw: text) NOT NULL,
                organization_id \(unsafeRaw: uuid) NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
                version \(unsafeRaw: int) NOT NULL,
                dimension_key \(unsafeRaw: text) NOT NULL,
                category_key \(unsafeRaw: text) NOT NULL,
                basis \(unsafeRaw: text) NOT NULL,
                initiative_id \(unsafeRaw: uuid) NOT NULL,
                frequency \(unsafeRaw: text) NOT NULL,
                value \(unsafeRaw: double),
                numerator \(unsafeRaw: double),
                denominator \(unsafeRaw: double),
                weight \(unsafeRaw: double),
                observation_count \(unsafeRaw: int) NOT NULL,
                latest_period_end \(unsafeRaw: date),
                sources \(unsafeRaw: int) NOT NULL,
                provisional_sources \(unsafeRaw: int) NOT NULL,
                PRIMARY KEY (indicator_id, period_key, organization_id, version, dimension_key, category_key, basis)
            ) \(unsafeRaw: postgres ? "WITH (fillfactor = 70)" : "WITHOUT ROWID")
            """).run()
        // One partner's totals (its page, its series, the upkeep's "what did this report feed"),
        // and the cascade when a partner is removed.
        try await sql.create(index: "partner_rollups_partner_idx").on("partner_rollups")
            .column("organization_id").column("dimension_key").column("basis").column("frequency").column("indicator_id").run()
        let columns = "indicator_id, period_key, organization_id, version, dimension_key, category_key, basis, initiative_id, frequency, "
            + "value, numerator, denominator, weight, observation_count, latest_period_end, sources, provisional_sources"
        try await sql.raw("""
            INSERT INTO partner_rollups (\(unsafeRaw: columns))
            SELECT \(unsafeRaw: columns) FROM rollups WHERE organization_id IS NOT NULL
            ORDER BY indicator_id, period_key, organization_id, version, dimension_key, category_key, basis
            """).run()
        try await sql.raw("DELETE FROM rollups WHERE organization_id IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let columns = "indicator_id, period_key, organization_id, version, dimension_key, category_key, basis, initiative_id, frequency, "
            + "value, numerator, denominator, weight, observation_count, latest_period_end, sources, provisional_sources"
        if sql.dialect.name == "postgresql" {
            try await sql.raw("INSERT INTO rollups (id, \(unsafeRaw: columns)) SELECT gen_random_uuid(), \(unsafeRaw: columns) FROM partner_rollups").run()
        } else {
            // A new id per row, written as SQLite's UUID text is.
            try await sql.raw("""
                INSERT INTO rollups (id, \(unsafeRaw: columns))
                SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12),
                       \(unsafeRaw: columns)
                FROM (SELECT hex(randomblob(16)) AS h, * FROM partner_rollups)
                """).run()
        }
        try await sql.raw("DROP TABLE partner_rollups").run()
    }
}
