import Fluent

/// An indicator's words in other languages, written by the backbone: JSON by language code,
/// `{"es": {"name": …, "definition": …, "numeratorDefinition": …, "denominatorDefinition": …}}`.
struct AddIndicatorTranslations: AsyncMigration {
    var name: String { "023_AddIndicatorTranslations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("indicators").field("translations", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("indicators").deleteField("translations").update()
    }
}
