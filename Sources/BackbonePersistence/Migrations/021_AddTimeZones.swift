import Fluent
import SQLKit

/// Each initiative's time zone (its due days and reminders follow its clocks) and each person's
/// (the times they read); existing initiatives start in UTC until the backbone chooses.
struct AddTimeZones: AsyncMigration {
    var name: String { "021_AddTimeZones" }

    func prepare(on database: any Database) async throws {
        try await database.schema("initiatives").field("time_zone", .string, .required, .sql(.default("UTC"))).update()
        try await database.schema("users").field("time_zone", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("initiatives").deleteField("time_zone").update()
        try await database.schema("users").deleteField("time_zone").update()
    }
}
