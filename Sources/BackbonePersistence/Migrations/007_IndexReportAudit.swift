import Fluent
import SQLKit

/// A report's review page reads the history of all its figures: by partner and period, every
/// indicator at once. The audit's existing index starts with the indicator, so without this one
/// each review scanned every audit entry of every initiative.
struct IndexReportAudit: AsyncMigration {
    var name: String { "007_IndexReportAudit" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "audit_report_idx").on("value_audit")
            .column("organization_id").column("period_key").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "audit_report_idx").run()
    }
}
