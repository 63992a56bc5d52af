import Fluent

/// The language each person chose for pages and emails; empty until they choose.
struct AddUserLanguage: AsyncMigration {
    var name: String { "019_AddUserLanguage" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("language", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("language").update()
    }
}
