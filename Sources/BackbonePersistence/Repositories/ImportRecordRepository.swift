import BackboneDomain
import Fluent
import Foundation

/// The record of each import: started before its work, finished with its outcome.
public struct ImportRecordRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    public func start(id: UUID = UUID(), userID: UUID, mode: ImportRecordModel.Mode, outcomeStatus: SubmissionStatus, reason: String,
                      fileBytes: Int, now: Date) async throws -> ImportRecordModel {
        let record = ImportRecordModel()
        record.id = id
        record.initiativeID = scope.initiativeID
        record.userID = userID
        record.mode = mode.rawValue
        record.outcomeStatus = outcomeStatus.rawValue
        record.reason = reason
        record.state = ImportRecordModel.State.running.rawValue
        record.fileBytes = fileBytes
        record.rows = 0
        record.reportsChanged = 0
        record.reportsUnchanged = 0
        record.problemsJSON = "[]"
        record.warningsJSON = "[]"
        record.startedAt = now
        try await record.create(on: db)
        return record
    }

    /// Records how an import ended. `problems` for a refused file; `failure` for the server's error.
    public func finish(id: UUID, summary: ReportImporter.Summary?, problems: [ReportImporter.Problem], failure: String?, now: Date) async throws {
        guard let record = try await find(id: id) else { return }
        if let summary {
            record.state = ImportRecordModel.State.succeeded.rawValue
            record.rows = summary.rows
            record.reportsChanged = summary.reportsChanged
            record.reportsUnchanged = summary.reportsUnchanged
            record.warningsJSON = ImportRecordModel.encode(summary.warnings)
        } else if let failure {
            record.state = ImportRecordModel.State.failed.rawValue
            record.problemsJSON = ImportRecordModel.encode([.init(line: 0, column: "", message: failure)])
        } else {
            record.state = ImportRecordModel.State.refused.rawValue
            record.problemsJSON = ImportRecordModel.encode(problems)
        }
        record.finishedAt = now
        try await record.update(on: db)
    }

    public func find(id: UUID) async throws -> ImportRecordModel? {
        try await ImportRecordModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Imports still marked running that began before `cutoff`, in every initiative, become
    /// interrupted: their transaction ended with the process that ran them, so nothing was written.
    public static func interruptStale(startedBefore cutoff: Date, on db: any Database, now: Date) async throws {
        try await ImportRecordModel.query(on: db).filter(\.$state == ImportRecordModel.State.running.rawValue)
            .filter(\.$startedAt < cutoff)
            .set(\.$state, to: ImportRecordModel.State.interrupted.rawValue)
            .set(\.$finishedAt, to: now)
            .update()
    }
}
