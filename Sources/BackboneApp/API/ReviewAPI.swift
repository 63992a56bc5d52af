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
        /// Set when the decision stopped partway (the server's error): reports decided before it stay decided.
        var error: String?
    }

    /// POST /api/v1/initiatives/:slug/review-decisions: checked whole first (422, nothing
    /// done); then 200, and the outcome once every report is decided (see `LongAnswer`: a large
    /// decision keeps the connection open with spaces until then).
    @Sendable static func decide(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        let body = try req.decodeStrict(DecisionBody.self)
        var errors = FieldErrors()
        let target: SubmissionStatus? = ["approve": .approved, "return": .returned][body.decision]
        if target == nil { errors.add("decision", Texts.current("error.useApproveOrReturn")) }
        errors.refuseNUL(["comment": body.comment ?? ""])
        try errors.throwIfAny()
        let comment = body.comment ?? ""
        let submissions = try await ReviewDesk.prepare(req, access, ids: body.reports, to: target!, comment: comment)
        let reviewerID = try req.requireSignedIn().user.requireID()
        return await LongAnswer.respond(req, status: .ok, contentType: .json) {
            do {
                let outcome = try await ReviewDesk.decideAll(req, access, submissions, to: target!, comment: comment, reviewerID: reviewerID)
                return try String(decoding: JSONEncoder().encode(OutcomeDTO(
                    decided: outcome.decided.map { DecidedDTO(report: $0.submission.id!, organizationId: $0.submission.organizationID,
                                                              period: $0.submission.periodKey, status: $0.status.rawValue) },
                    refused: outcome.refused.map { RefusedDTO(report: $0.submission.id!, organizationId: $0.submission.organizationID,
                                                              period: $0.submission.periodKey, reason: $0.reason) })), as: UTF8.self)
            } catch {
                // Too late for an error status: the body says what stopped it; each report decided so far stays decided.
                req.logger.error("A bulk decision stopped", metadata: ["error": "\(String(reflecting: error))"])
                let stopped = OutcomeDTO(decided: [], refused: [], error: Texts.current("error.bulkStopped"))
                return (try? String(decoding: JSONEncoder().encode(stopped), as: UTF8.self)) ?? "{}"
            }
        }
    }
}
