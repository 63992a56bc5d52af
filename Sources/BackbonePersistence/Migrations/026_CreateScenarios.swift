import Fluent
import SQLKit

/// What-if scenarios: one named plan for one indicator, its changes as JSON, raised `revision`
/// on every save so two people editing one scenario cannot overwrite each other.
struct CreateScenarios: AsyncMigration {
    var name: String { "026_CreateScenarios" }

    func prepare(on database: any Database) async throws {
        try await database.schema("scenarios")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .field("strategy_id", .uuid, .references("change_nodes", "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("plan_json", .string, .required)
            .field("revision", .int, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .create()
        // The indicator page reads its scenarios on every view.
        try await (database as! any SQLDatabase).create(index: "scenarios_indicator_idx").on("scenarios")
            .column("indicator_id").column("updated_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("scenarios").delete()
    }
}
