import BackboneDomain
import BackbonePersistence
import Vapor

/// `POST /api/v1/initiatives/{slug}/review-decisions`: the review queue's bulk decision. Each
/// report is decided in its own transaction; the answer lists what was decided and what was
/// refused, and why. A report of another initiative (or none) refuses the whole request.
enum ReviewAPI {
    struct DecisionBody: StrictBody {
        let decision: String
        let comment: String?
        let reports: [UUID]
        static let allowedFields: Set<String> = ["decision", "comment", "reports"]
    }

    struct DecidedDTO: Content {
        let report: UUID
        let organizationId: UUID
        let period: String
        let status: String
    }

    struct RefusedDTO: Content {
        let report: UUID
        let organizationId: UUID
        let period: String
        let reason: String
    }

    struct OutcomeDTO: Content {
        let decided: [DecidedDTO]
        let refused: [RefusedDTO]
    }

    /// POST /api/v1/initiatives/:slug/review-decisions
    @Sendable static func decide(req: Request) async throws -> OutcomeDTO {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        let body = try req.decodeStrict(DecisionBody.self)
        var errors = FieldErrors()
        let target: SubmissionStatus? = ["approve": .approved, "return": .returned][body.decision]
        if target == nil { errors.add("decision", Texts.current("error.useApproveOrReturn")) }
        errors.refuseNUL(["comment": body.comment ?? ""])
        try errors.throwIfAny()
        let outcome = try await ReviewDesk.decideMany(req, access, ids: body.reports, to: target!, comment: body.comment ?? "",
                                                      reviewerID: try req.requireSignedIn().user.requireID())
        return OutcomeDTO(
            decided: outcome.decided.map { DecidedDTO(report: $0.submission.id!, organizationId: $0.submission.organizationID,
                                                      period: $0.submission.periodKey, status: $0.status.rawValue) },
            refused: outcome.refused.map { RefusedDTO(report: $0.submission.id!, organizationId: $0.submission.organizationID,
                                                      period: $0.submission.periodKey, reason: $0.reason) })
    }
}
