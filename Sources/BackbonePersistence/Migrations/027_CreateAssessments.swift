import Fluent
import SQLKit

/// Self-assessments and the backbone's periodic assessment. Templates are the initiative's own
/// versions of the shipped questionnaires (a version used by a round is never changed); a round
/// asks one template version of an audience between two days; a response is one person's
/// answers to one round (unique per person and round); a periodic assessment is one quarter's
/// review of every working group, frozen when shared.
struct CreateAssessments: AsyncMigration {
    var name: String { "027_CreateAssessments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("assessment_templates")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("version", .int, .required)
            .field("content_json", .string, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "initiative_id", "kind", "version")
            .create()
        try await database.schema("assessment_rounds")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("template_id", .uuid, .required, .references("assessment_templates", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("audience_json", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("threshold", .int, .required)
            .field("closed_at", .datetime)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("assessment_responses")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("round_id", .uuid, .required, .references("assessment_rounds", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .references("organizations", "id", onDelete: .setNull))
            .field("status", .string, .required)
            .field("answers_json", .string, .required)
            .field("submitted_at", .datetime)
            .field("updated_at", .datetime, .required)
            .field("revision", .int, .required)
            .unique(on: "round_id", "user_id")
            .create()
        try await database.schema("periodic_assessments")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("quarter", .string, .required)
            .field("status", .string, .required)
            .field("judgements_json", .string, .required)
            .field("content_json", .string)
            .field("shared_at", .datetime)
            .field("shared_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime, .required)
            .field("revision", .int, .required)
            .unique(on: "initiative_id", "quarter")
            .create()
        // The closing job looks for rounds still open past their last day, across initiatives.
        try await (database as! any SQLDatabase).create(index: "assessment_rounds_closing_idx").on("assessment_rounds")
            .column("closed_at").column("closes_on").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["periodic_assessments", "assessment_responses", "assessment_rounds", "assessment_templates"] {
            try await database.schema(table).delete()
        }
    }
}
