import Fluent

/// The language a feed entry was written in, so that pages in the other language mark it with
/// `lang` (screen readers then read it with the right voice). Older entries: unknown.
struct AddUpdateLanguage: AsyncMigration {
    var name: String { "020_AddUpdateLanguage" }

    func prepare(on database: any Database) async throws {
        try await database.schema("updates").field("language", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("updates").deleteField("language").update()
    }
}
