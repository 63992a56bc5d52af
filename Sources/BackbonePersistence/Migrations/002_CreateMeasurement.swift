import Fluent
import SQLKit

/// Indicators with versioned definitions, dimensions, assignments, targets, submissions,
/// values and their audit trail, and the initiative's reporting calendar.
struct CreateMeasurement: AsyncMigration {
    var name: String { "002_CreateMeasurement" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema("initiatives").field("due_after_days", .int, .required, .sql(.default(30))).update()
        try await database.schema("initiatives").field("lock_after_days", .int, .required, .sql(.default(90))).update()
        try await database.schema("initiatives").field("dashboards_include_submitted", .bool, .required, .sql(.default(false))).update()

        try await database.schema("dimensions")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("name", .string, .required)
            .field("categories_json", .string, .required)
            .field("position", .int, .required)
            .unique(on: "initiative_id", "key")
            .create()

        try await database.schema("indicators")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("polarity", .string, .required)
            .field("scope", .string, .required)
            .field("frequency", .string, .required)
            .field("dimension_keys", .string, .required)
            .field("data_sources", .string, .required)
            .field("catalog_code", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "initiative_id", "code")
            .create()

        try await database.schema("indicator_versions")
            .id()
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("effective_from", .datetime, .required)
            .field("definition_json", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "indicator_id", "number")
            .create()

        try await database.schema("assignments")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("dimension_keys", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "indicator_id", "organization_id")
            .create()

        try await database.schema("submissions")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("period_key", .string, .required)
            .field("status", .string, .required)
            .field("revision", .int, .required)
            .field("review_comment", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid)
            .field("submitted_at", .datetime)
            .field("reviewed_at", .datetime)
            .field("reviewed_by", .uuid)
            .unique(on: "organization_id", "period_key")
            .create()

        try await database.schema("measurement_values")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("submission_id", .uuid, .required, .references("submissions", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .field("indicator_version", .int, .required)
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("period_key", .string, .required)
            .field("dimension_key", .string, .required)
            .field("category_key", .string, .required)
            .field("value", .double)
            .field("numerator", .double)
            .field("denominator", .double)
            .field("weight", .double)
            .field("comment", .string, .required)
            .unique(on: "indicator_id", "organization_id", "period_key", "dimension_key", "category_key")
            .create()

        try await database.schema("value_audit")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("submission_id", .uuid, .required)
            .field("indicator_id", .uuid, .required)
            .field("organization_id", .uuid, .required)
            .field("period_key", .string, .required)
            .field("dimension_key", .string, .required)
            .field("category_key", .string, .required)
            .field("old_json", .string)
            .field("new_json", .string)
            .field("reason", .string, .required)
            .field("user_id", .uuid)
            .field("recorded_at", .datetime, .required)
            .field("sequence", .int64, .required)
            .create()

        try await database.schema("targets")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("indicators", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .references("organizations", "id", onDelete: .cascade))
            .field("baseline_value", .double, .required)
            .field("baseline_date", .datetime, .required)
            .field("target_value", .double, .required)
            .field("target_date", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("lock_exceptions")
            .id()
            .field("initiative_id", .uuid, .required, .references("initiatives", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("period_key", .string, .required)
            .field("until", .datetime, .required)
            .field("granted_by", .uuid, .required)
            .unique(on: "organization_id", "period_key")
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "values_submission_idx").on("measurement_values").column("submission_id").run()
        try await sql.create(index: "audit_cell_idx").on("value_audit").column("indicator_id").column("organization_id").column("period_key").run()
        try await sql.create(index: "submissions_initiative_idx").on("submissions").column("initiative_id").column("status").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["lock_exceptions", "targets", "value_audit", "measurement_values", "submissions", "assignments",
                      "indicator_versions", "indicators", "dimensions"] {
            try await database.schema(table).delete()
        }
        for column in ["due_after_days", "lock_after_days", "dashboards_include_submitted"] {
            try await database.schema("initiatives").deleteField(.string(column)).update()
        }
    }
}
