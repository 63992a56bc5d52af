import BackboneDomain
import BackbonePersistence
import Vapor

/// `GET /api/v1/initiatives/{slug}/reports/{organization}/{period}/history`: the workflow steps
/// and every change of a figure in one partner's report, oldest first. Readable by whoever may
/// read the report itself.
enum ReportHistoryAPI {
    struct StepDTO: Content {
        let action: String
        let status: String
        let revision: Int
        let comment: String
        let userId: UUID?
        let userName: String?
        let at: Date
    }

    struct StoredFigureDTO: Content {
        let value: Double?
        let numerator: Double?
        let denominator: Double?
        let weight: Double?
        let comment: String
        let definitionVersion: Int
    }

    struct ChangeDTO: Content {
        let indicatorCode: String
        let dimension: String?
        let category: String?
        let before: StoredFigureDTO?
        let after: StoredFigureDTO?
        let reason: String
        let userId: UUID?
        let userName: String?
        let at: Date
    }

    struct HistoryDTO: Content {
        let organizationId: UUID
        let period: String
        let status: String
        let steps: [StepDTO]
        let changes: [ChangeDTO]
    }

    @Sendable static func history(req: Request) async throws -> HistoryDTO {
        let context = try await ReportingController.context(req)
        let organizationID = try context.organization.requireID()
        let reporting = ReportingRepository(db: req.db, scope: context.access.scope)
        guard let submission = try await reporting.submission(organizationID: organizationID, periodKey: context.period.key) else {
            return HistoryDTO(organizationId: organizationID, period: context.period.key, status: "not_started", steps: [], changes: [])
        }
        let names = try await ReportingController.memberNames(req, access: context.access)
        let codes = Dictionary(uniqueKeysWithValues: try await IndicatorRepository(db: req.db, scope: context.access.scope).listing()
            .map { ($0.indicator.id!, $0.indicator.code) })
        let steps = try await reporting.events(of: submission).map { event in
            StepDTO(action: event.action, status: event.status, revision: event.revision, comment: event.comment,
                    userId: event.userID, userName: event.userID.flatMap { names[$0] }, at: event.recordedAt)
        }
        let changes = try await reporting.audit(submissionID: submission.requireID()).map { entry in
            ChangeDTO(indicatorCode: codes[entry.indicatorID] ?? "", dimension: entry.dimensionKey.isEmpty ? nil : entry.dimensionKey,
                      category: entry.categoryKey.isEmpty ? nil : entry.categoryKey,
                      before: figure(entry.oldJSON), after: figure(entry.newJSON), reason: entry.reason,
                      userId: entry.userID, userName: entry.userID.flatMap { names[$0] }, at: entry.recordedAt)
        }
        return HistoryDTO(organizationId: organizationID, period: context.period.key, status: submission.status, steps: steps, changes: changes)
    }

    private static func figure(_ json: String?) -> StoredFigureDTO? {
        guard let json, let stored = try? StoredFigure.decode(json) else { return nil }
        return StoredFigureDTO(value: stored.value, numerator: stored.numerator, denominator: stored.denominator,
                               weight: stored.weight, comment: stored.comment, definitionVersion: stored.version)
    }
}
