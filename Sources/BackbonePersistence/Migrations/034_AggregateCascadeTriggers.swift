import Fluent
import SQLKit

/// On PostgreSQL, stored aggregates lose their foreign keys; triggers on their owners delete them
/// instead, so removing an indicator, a partner or an initiative still removes its aggregates.
///
/// Why: aggregates are derived rows, written only by statements that compute them from figures
/// whose own foreign keys already guarantee the indicator, partner and initiative exist. Checked
/// row by row, the aggregates' keys took about half of every statement that writes them (one
/// indicator's rebuild: 1.9 s with them, 0.93 s without; see bench/RESULTS.md), and approvals and
/// imports write thousands. A trigger on the owner costs nothing when aggregates are written and
/// does the cascade's work when an owner goes.
///
/// SQLite keeps its foreign keys: it checks them in-process, and dropping one there means
/// rebuilding a table of millions of rows.
struct AggregateCascadeTriggers: AsyncMigration {
    var name: String { "034_AggregateCascadeTriggers" }

    /// Each owner, and the aggregates that go with one of its rows (each delete reads an index
    /// that starts with its columns).
    static let cascades: [(owner: String, deletes: [String])] = [
        ("indicators", ["DELETE FROM partner_rollups WHERE indicator_id = OLD.id",
                        "DELETE FROM rollups WHERE indicator_id = OLD.id"]),
        ("organizations", ["DELETE FROM partner_rollups WHERE organization_id = OLD.id",
                           "DELETE FROM rollups WHERE initiative_id = OLD.initiative_id AND organization_id = OLD.id"]),
        ("initiatives", ["DELETE FROM rollups WHERE initiative_id = OLD.id"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("""
            DO $$ DECLARE key record; BEGIN
                FOR key IN SELECT conname, conrelid::regclass AS owner FROM pg_constraint
                           WHERE contype = 'f' AND conrelid IN ('rollups'::regclass, 'partner_rollups'::regclass) LOOP
                    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', key.owner, key.conname);
                END LOOP;
            END $$
            """).run()
        for (owner, deletes) in Self.cascades {
            try await sql.raw("""
                CREATE FUNCTION \(unsafeRaw: owner)_aggregates_gone() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN \(unsafeRaw: deletes.joined(separator: "; ")); RETURN NULL; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER \(unsafeRaw: owner)_aggregates_gone AFTER DELETE ON \(unsafeRaw: owner)
                FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: owner)_aggregates_gone()
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
        for (owner, _) in Self.cascades {
            try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: owner)_aggregates_gone ON \(unsafeRaw: owner)").run()
            try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: owner)_aggregates_gone()").run()
        }
        for (table, column, parent) in [("partner_rollups", "indicator_id", "indicators"), ("partner_rollups", "organization_id", "organizations"),
                                        ("rollups", "indicator_id", "indicators"), ("rollups", "organization_id", "organizations"),
                                        ("rollups", "initiative_id", "initiatives")] {
            try await sql.raw("""
                ALTER TABLE \(unsafeRaw: table) ADD FOREIGN KEY (\(unsafeRaw: column)) REFERENCES \(unsafeRaw: parent) (id) ON DELETE CASCADE
                """).run()
        }
    }
}
