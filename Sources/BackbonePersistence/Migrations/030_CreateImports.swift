import Fluent
import SQLKit

/// Every CSV import, from a form or the API: who ran it, how (regular or historical, with the
/// historical reason), and how it ended. The API answers 202 with its id and is read back from
/// here, by any instance; audit entries of a historical import name it.
struct CreateImports: AsyncMigration {
    var name: String { "030_CreateImports" }

    func prepare(on database: any Database) async throws {
        try await database.schema("imports")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("mode", .string, .required)
            .field("outcome_status", .string, .required)
            .field("reason", .string, .required)
            .field("state", .string, .required)
            .field("file_bytes", .int, .required)
            .field("rows", .int, .required)
            .field("reports_changed", .int, .required)
            .field("reports_unchanged", .int, .required)
            .field("problems_json", .string, .required)
            .field("warnings_json", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).create(index: "imports_initiative_idx").on("imports")
            .column("initiative_id").column("started_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("imports").delete()
    }
}
