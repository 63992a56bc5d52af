import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Vapor

/// `backbone-bench forget --period 2026-10`: removes the benchmark initiative's reports of one
/// period (what an earlier run imported and approved) with their figures, history and events, and
/// brings the aggregates back in the same transaction, through the same upkeep as every change.
/// One generated database then serves many runs: generating it takes the better part of an hour.
struct ForgetCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "period", help: "The period whose reports go, e.g. 2026-10.") var period: String?
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    var help: String { "Removes one period's reports of the benchmark initiative." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let period = signature.period else { throw Failure(description: "Say which period: --period 2026-10") }
        let app = context.application
        try await app.autoMigrate()
        guard let initiative = try await InitiativeRepository(db: app.db).find(slug: LargeInitiative.slug) else {
            throw Failure(description: "This database holds no benchmark initiative.")
        }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let removed = try await app.db.transaction { tx in
            let reports = try await ReportingRepository(db: tx, scope: scope).submissions(periodKeys: [period])
            guard !reports.isEmpty else { return 0 }
            let sql = tx as! any SQLDatabase
            let ids = SQLBind.group(try reports.map { try $0.requireID() })
            for table in ["value_audit", "submission_events", "measurement_values"] {
                try await sql.delete(from: table).where("submission_id", .in, ids).run()
            }
            try await sql.delete(from: "submissions").where("id", .in, ids).run()
            try await RollupRepository(db: tx, scope: scope)
                .refresh(reports.map { RollupRepository.Touched(organizationID: $0.organizationID, periodKey: period) })
            return reports.count
        }
        context.console.print("\(removed) reports of \(period) removed")
    }
}
