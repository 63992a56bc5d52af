import Fluent

/// What a story's photo shows, in the submitter's words, for people who cannot see it. Photos
/// sent before have none; their pages fall back to "Photo for <title>".
struct AddStoryPhotoAlt: AsyncMigration {
    var name: String { "022_AddStoryPhotoAlt" }

    func prepare(on database: any Database) async throws {
        try await database.schema("story_photos").field("alt_text", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("story_photos").deleteField("alt_text").update()
    }
}
