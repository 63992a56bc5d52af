import BackboneDomain
import BackbonePersistence
import Foundation
import Vapor

/// What one import is asked to do, from the import page or `POST /api/v1/.../imports`.
struct ImportOrder: Sendable {
    let data: Data
    /// nil for the backbone (any partner); otherwise the only organizations rows may be for.
    let allowedOrganizations: Set<UUID>?
    /// What the reports become: draft, submitted, or (historical only) approved.
    let outcome: SubmissionStatus
    /// Set for a historical import: the one reason recorded for passing the locks.
    let historicalReason: String?

    /// The longest historical reason: a sentence or two, shown in every audit entry.
    static let reasonLimit = 300

    /// The reason as typed, checked: required, one line of plain text.
    static func checkedReason(_ raw: String?) -> Result<String, FieldErrors> {
        let reason = (raw ?? "").trimmed
        if reason.isEmpty { return .failure(FieldErrors("reason", Texts.current("error.historicalReasonMissing"))) }
        if reason.count > reasonLimit { return .failure(FieldErrors("reason", Texts.current("error.historicalReasonLong", ["limit": "\(reasonLimit)"]))) }
        if reason.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.value < 32 } }) {
            return .failure(FieldErrors("reason", Texts.current("error.historicalReasonOneLine")))
        }
        return .success(reason)
    }
}

/// Runs imports as tasks of their own, each with a record in `imports`: an import goes on to
/// its end (all or nothing) even if the person closes the page or the client hangs up.
enum ImportRunner {
    /// Imports one instance runs at once; more wait for a free turn (a file is held in memory
    /// and checked row by row, so a burst of uploads must not take the whole server).
    static let concurrentLimit = 2

    /// Starts `order`; answers the import's id at once and its outcome when it ends.
    static func start(_ order: ImportOrder, access: InitiativeAccess, userID: UUID, app: Application,
                      progress: @escaping @Sendable (ReportImporter.Progress) async -> Void = { _ in }) async throws -> (UUID, ImportOutcome) {
        let historical = order.historicalReason.map { reason in
            ReportingRepository.Historical(importID: UUID(), reason: reason, approve: order.outcome == .approved)
        }
        let records = ImportRecordRepository(db: app.db, scope: access.scope)
        let record = try await records.start(id: historical?.importID ?? UUID(), userID: userID, mode: historical == nil ? .regular : .historical,
                                             outcomeStatus: order.outcome, reason: order.historicalReason ?? "", fileBytes: order.data.count, now: Date())
        let id = try record.requireID()
        let outcome = ImportOutcome()
        // On connections of their own: page reads never wait for an import's transaction.
        let importer = ReportImporter(db: app.db(.longWrites), scope: access.scope)
        let intent: ReportingRepository.Intent = order.outcome == .draft ? .saveDraft : .submit
        let turns = app.importTurns
        Task {
            await turns.take()
            var result: Result<ReportImporter.Summary, any Error>
            do {
                let summary = try await importer.run(try CSVTable.parse(order.data), allowedOrganizations: order.allowedOrganizations, intent: intent,
                                                     historical: historical, userID: userID, now: Date(), progress: progress)
                if summary.reportsChanged > 0 {
                    await app.changeFeed.publish(.init(initiativeID: access.scope.initiativeID, indicatorIDs: []), on: app.db)
                }
                result = .success(summary)
            } catch {
                result = .failure(error)
            }
            await turns.give()
            do {
                switch result {
                case .success(let summary):
                    try await records.finish(id: id, summary: summary, problems: [], failure: nil, now: Date())
                case .failure(let problem as CSVTable.Problem):
                    try await records.finish(id: id, summary: nil, problems: [.init(line: problem.line ?? 0, column: "", message: problem.message)], failure: nil, now: Date())
                case .failure(let problems as ReportImporter.ImportProblems):
                    try await records.finish(id: id, summary: nil, problems: problems.problems, failure: nil, now: Date())
                case .failure(let error):
                    app.logger.error("An import failed", metadata: ["error": "\(String(reflecting: error))"])
                    try await records.finish(id: id, summary: nil, problems: [], failure: DatabaseFault(error)?.message
                                             ?? Texts.current("error.importStoppedBecauseError"), now: Date())
                }
            } catch {
                app.logger.error("An import's outcome could not be recorded", metadata: ["import": "\(id)", "error": "\(String(reflecting: error))"])
            }
            await outcome.finish(result)
        }
        return (id, outcome)
    }
}

/// Turns for imports: at most `ImportRunner.concurrentLimit` run at once on this instance.
actor ImportTurns {
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func take() async {
        if running < ImportRunner.concurrentLimit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func give() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

extension Application {
    private struct ImportTurnsKey: StorageKey { typealias Value = ImportTurns }

    var importTurns: ImportTurns {
        if let turns = storage[ImportTurnsKey.self] { return turns }
        let turns = ImportTurns()
        storage[ImportTurnsKey.self] = turns
        return turns
    }
}
