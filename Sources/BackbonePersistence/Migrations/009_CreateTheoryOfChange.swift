import Fluent

/// The theory of change: strategies, intermediate outcomes and population-level results, the
/// "contributes to" links between them, and the indicators that measure results and outcomes.
struct CreateTheoryOfChange: AsyncMigration {
    var name: String { "009_CreateTheoryOfChange" }

    func prepare(on database: any Database) async throws {
        try await database.schema("change_nodes")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "initiative_id", "title")
            .create()
        try await database.schema("change_links")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("from_id", .uuid, .required, .references("change_nodes", "id", onDelete: .cascade))
            .field("to_id", .uuid, .required, .references("change_nodes", "id", onDelete: .cascade))
            .unique(on: "from_id", "to_id")
            .create()
        try await database.schema("change_node_indicators")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("node_id", .uuid, .required, .references("change_nodes", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .unique(on: "node_id", "indicator_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["change_node_indicators", "change_links", "change_nodes"] { try await database.schema(table).delete() }
    }
}
