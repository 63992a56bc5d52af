import Fluent

/// A counter per initiative, raised in the same transaction as every change of its stored
/// aggregates: a server keeps totals it has read in memory and reads them again only when the
/// counter moved, whichever instance or command changed them.
struct CreateRollupGenerations: AsyncMigration {
    var name: String { "006_CreateRollupGenerations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("rollup_generations")
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("generation", .int, .required)
            .unique(on: "initiative_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rollup_generations").delete()
    }
}
