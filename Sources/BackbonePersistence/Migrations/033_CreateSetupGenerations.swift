import Fluent
import SQLKit

/// A counter per initiative, raised by the database itself whenever anything that shapes its
/// results answers changes: the initiative's settings, its partners, breakdowns, indicators and
/// their definition versions, assignments and targets. A server keeps whole answers in memory
/// keyed by this counter and the aggregate generation, and serves them again until either moves.
///
/// Triggers rather than code in every repository: a write path that forgot to raise the counter
/// would serve stale answers silently, and triggers see every write (forms, API, imports, the
/// command line, a future migration) in the same transaction, on every instance.
/// The triggers only update an existing row, written when the initiative is created, so the
/// cascade of an initiative's deletion never writes a counter for an initiative that is going.
struct CreateSetupGenerations: AsyncMigration {
    var name: String { "033_CreateSetupGenerations" }

    /// The tables with an `initiative_id` whose rows shape results answers.
    static let watched = ["organizations", "dimensions", "indicators", "assignments", "targets"]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("setup_generations")
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("generation", .int, .required)
            .unique(on: "initiative_id")
            .create()
        try await sql.raw("INSERT INTO setup_generations (initiative_id, generation) SELECT id, 1 FROM initiatives").run()
        if sql.dialect.name == "postgresql" {
            try await postgresTriggers(sql)
        } else {
            try await sqliteTriggers(sql)
        }
    }

    private static let bump = "UPDATE setup_generations SET generation = generation + 1 WHERE initiative_id = "

    private func sqliteTriggers(_ sql: any SQLDatabase) async throws {
        try await sql.raw("""
            CREATE TRIGGER initiatives_setup_insert AFTER INSERT ON initiatives
            BEGIN INSERT INTO setup_generations (initiative_id, generation) VALUES (NEW.id, 1); END
            """).run()
        try await sql.raw("CREATE TRIGGER initiatives_setup_update AFTER UPDATE ON initiatives BEGIN \(unsafeRaw: Self.bump)NEW.id; END").run()
        let versionOwner = "(SELECT initiative_id FROM indicators WHERE id = %@.indicator_id)"
        var targets = Self.watched.map { ($0, "%@.initiative_id") }
        targets.append(("indicator_versions", versionOwner))
        for (table, owner) in targets {
            for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                let initiative = owner.replacingOccurrences(of: "%@", with: row)
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_setup_\(unsafeRaw: event.lowercased()) AFTER \(unsafeRaw: event) ON \(unsafeRaw: table)
                    BEGIN \(unsafeRaw: Self.bump)\(unsafeRaw: initiative); END
                    """).run()
            }
        }
    }

    private func postgresTriggers(_ sql: any SQLDatabase) async throws {
        try await sql.raw("""
            CREATE FUNCTION setup_generation_created() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO setup_generations (initiative_id, generation) VALUES (NEW.id, 1); RETURN NULL; END $$
            """).run()
        try await sql.raw("""
            CREATE FUNCTION setup_generation_initiative() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN \(unsafeRaw: Self.bump)NEW.id; RETURN NULL; END $$
            """).run()
        try await sql.raw("""
            CREATE FUNCTION setup_generation_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN \(unsafeRaw: Self.bump)OLD.initiative_id; ELSE \(unsafeRaw: Self.bump)NEW.initiative_id; END IF;
                RETURN NULL;
            END $$
            """).run()
        try await sql.raw("""
            CREATE FUNCTION setup_generation_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    \(unsafeRaw: Self.bump)(SELECT initiative_id FROM indicators WHERE id = OLD.indicator_id);
                ELSE
                    \(unsafeRaw: Self.bump)(SELECT initiative_id FROM indicators WHERE id = NEW.indicator_id);
                END IF;
                RETURN NULL;
            END $$
            """).run()
        try await sql.raw("CREATE TRIGGER initiatives_setup_insert AFTER INSERT ON initiatives FOR EACH ROW EXECUTE FUNCTION setup_generation_created()").run()
        try await sql.raw("CREATE TRIGGER initiatives_setup_update AFTER UPDATE ON initiatives FOR EACH ROW EXECUTE FUNCTION setup_generation_initiative()").run()
        for table in Self.watched {
            try await sql.raw("""
                CREATE TRIGGER \(unsafeRaw: table)_setup AFTER INSERT OR UPDATE OR DELETE ON \(unsafeRaw: table)
                FOR EACH ROW EXECUTE FUNCTION setup_generation_row()
                """).run()
        }
        try await sql.raw("""
            CREATE TRIGGER indicator_versions_setup AFTER INSERT OR UPDATE OR DELETE ON indicator_versions
            FOR EACH ROW EXECUTE FUNCTION setup_generation_version()
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let tables = ["initiatives"] + Self.watched + ["indicator_versions"]
        if sql.dialect.name == "postgresql" {
            for table in tables { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_setup ON \(unsafeRaw: table)").run() }
            try await sql.raw("DROP TRIGGER IF EXISTS initiatives_setup_insert ON initiatives").run()
            try await sql.raw("DROP TRIGGER IF EXISTS initiatives_setup_update ON initiatives").run()
            for function in ["created", "initiative", "row", "version"] {
                try await sql.raw("DROP FUNCTION IF EXISTS setup_generation_\(unsafeRaw: function)()").run()
            }
        } else {
            for table in tables {
                for event in ["insert", "update", "delete"] { try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_setup_\(unsafeRaw: event)").run() }
            }
        }
        try await database.schema("setup_generations").delete()
    }
}
