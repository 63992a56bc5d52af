@testable import BackboneApp
import Fluent
import SQLKit
import Testing

/// docs/scaling.md's way past one database server distributes rows by initiative. It holds only
/// while every table says where its rows belong: this test reads the migrated schema itself, so a
/// new table must be placed in one of the lists below on purpose.
@Suite("Tables and their initiative")
struct TenantTablesTests {
    /// Rows shared by every initiative: accounts, sign-in, mail and the server's own bookkeeping.
    static let shared: Set<String> = ["_fluent_migrations", "api_tokens", "calendar_feeds", "held_forms", "initiatives", "job_runs",
                                      "known_browsers", "login_failures", "notification_preferences", "outbox",
                                      "password_setup_tokens", "user_sessions", "users"]

    /// Rows that reach their initiative only through a parent row; docs/scaling.md names them as
    /// what a distributed deployment would need to give an `initiative_id` first.
    static let throughParent: Set<String> = ["activity_indicators", "body_members", "body_status_events", "body_strategies",
                                             "cycle_entries", "feedback_strategies", "funding_commitment_indicators",
                                             "indicator_versions", "meeting_agenda_items", "meeting_invitees",
                                             "outreach_event_organizers", "outreach_event_strategies", "story_photos"]

    @Test("every table carries initiative_id, unless it is listed as shared or as reaching its initiative through a parent")
    func everyTenantTableCarriesItsInitiative() async throws {
        try await withBackbone { app in
            let sql = app.db as! any SQLDatabase
            let rows: [SQLRow]
            if sql.dialect.name == "postgresql" {
                rows = try await sql.raw("""
                    SELECT t.table_name AS name,
                           EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = t.table_schema
                                   AND c.table_name = t.table_name AND c.column_name = 'initiative_id') AS tenant
                    FROM information_schema.tables t
                    WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                    """).all()
            } else {
                rows = try await sql.raw("""
                    SELECT m.name AS name,
                           EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'initiative_id') AS tenant
                    FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                    """).all()
            }
            var tenant = Set<String>(), other = Set<String>()
            for row in rows {
                let name = try row.decode(column: "name", as: String.self)
                if try row.decode(column: "tenant", as: Bool.self) { tenant.insert(name) } else { other.insert(name) }
            }
            #expect(tenant.count > 40, "the schema was read")
            #expect(other == Self.shared.union(Self.throughParent),
                    "unlisted: \(other.subtracting(Self.shared.union(Self.throughParent)).sorted()), listed but carrying initiative_id or gone: \(Self.shared.union(Self.throughParent).subtracting(other).sorted())")
            #expect(tenant.contains("partner_rollups") && tenant.contains("measurement_values") && tenant.contains("setup_generations"))
        }
    }
}
