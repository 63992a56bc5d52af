import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/impact-reports`: members list and read released reports; the
/// backbone also sees, composes and releases drafts. A report's content is the frozen one once
/// released, and composed from today's records while a draft.
enum ImpactReportAPI {
    struct SummaryDTO: Content {
        let id: UUID
        let title: String
        let audience: String
        let from: String
        let to: String
        let status: String
        let releasedAt: Date?
        let supersededBy: UUID?
        let shared: Bool
        let revision: Int

        init(_ report: ImpactReportModel) {
            id = report.id!
            title = report.title
            audience = report.audience
            from = report.fromPeriod
            to = report.toPeriod
            status = report.status
            releasedAt = report.releasedAt
            supersededBy = report.supersededBy
            shared = report.shareTokenHash != nil
            revision = report.revision
        }
    }

    struct ListDTO: Content { let items: [SummaryDTO] }

    struct ReportDTO: Content {
        let report: SummaryDTO
        let plan: ImpactReportPlan?
        let content: ImpactReportContent
    }

    /// The body of a new draft. Headline indicators are named by code, as everywhere in the API.
    struct NewReport: Content, StrictBody {
        static let allowedFields: Set<String> = ["title", "audience", "from", "to", "sections", "headlineIndicators", "context", "nextSteps"]
        var title: String
        var audience: String
        var from: String
        var to: String
        var sections: [String]
        var headlineIndicators: [String]?
        var context: String?
        var nextSteps: String?
    }

    /// A draft's new plan: the same fields as a new report, and the revision read.
    struct Revised: Decodable, StrictBody {
        static let allowedFields = NewReport.allowedFields.union(["revision"])
        let plan: NewReport
        let revision: Int

        private enum Keys: String, CodingKey { case revision }

        init(from decoder: any Decoder) throws {
            plan = try NewReport(from: decoder)
            revision = try decoder.container(keyedBy: Keys.self).decode(Int.self, forKey: .revision)
        }
    }

    struct ShareDTO: Content {
        /// The share link, shown this once: only its digest is kept.
        let link: String
    }

    struct Release: Content, StrictBody {
        static let allowedFields: Set<String> = ["revision", "supersedes"]
        var revision: Int
        var supersedes: UUID?
    }

    /// GET /api/v1/initiatives/:slug/impact-reports
    @Sendable static func list(req: Request) async throws -> ListDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let reports = try await ImpactReportRepository(db: req.db, scope: access.scope).all(includeDrafts: access.can(.composeImpactReports))
        return ListDTO(items: reports.map(SummaryDTO.init))
    }

    /// GET /api/v1/initiatives/:slug/impact-reports/:id
    @Sendable static func show(req: Request) async throws -> ReportDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let report = try await ImpactReportController.find(req, access)
        return ReportDTO(report: SummaryDTO(report), plan: access.can(.composeImpactReports) ? report.plan : nil,
                         content: try await ImpactReportController.content(req, access, report))
    }

    /// POST /api/v1/initiatives/:slug/impact-reports: a new draft.
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let plan = try await plan(req, access, try req.decodeStrict(NewReport.self))
        let report = try await ImpactReportRepository(db: req.db, scope: access.scope).create(plan, userID: req.signedIn?.user.id, now: Date())
        let response = try await ReportDTO(report: SummaryDTO(report), plan: plan,
                                           content: ImpactReportController.content(req, access, report)).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/initiatives/\(access.slug)/impact-reports/\(try report.requireID().uuidString)")
        return response
    }

    /// PUT /api/v1/initiatives/:slug/impact-reports/:id: a draft's new plan.
    @Sendable static func update(req: Request) async throws -> ReportDTO {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await ImpactReportController.find(req, access)
        let body = try req.decodeStrict(Revised.self)
        let plan = try await plan(req, access, body.plan)
        guard let revision = Revision(body.revision) else { throw FieldErrors("revision", Texts.current("error.impactRevision")) }
        try await ImpactReportRepository(db: req.db, scope: access.scope).update(report, plan: plan, expectedRevision: revision, now: Date())
        let saved = try await ImpactReportController.find(req, access)
        return ReportDTO(report: SummaryDTO(saved), plan: plan, content: try await ImpactReportController.content(req, access, saved))
    }

    /// DELETE /api/v1/initiatives/:slug/impact-reports/:id: a draft only.
    @Sendable static func delete(req: Request) async throws -> HTTPStatus {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        try await ImpactReportRepository(db: req.db, scope: access.scope).deleteDraft(try await ImpactReportController.find(req, access))
        return .noContent
    }

    /// POST /api/v1/initiatives/:slug/impact-reports/:id/share: a new link (any earlier one stops working).
    @Sendable static func share(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await ImpactReportController.find(req, access)
        let token = SecretToken.generate()
        try await ImpactReportRepository(db: req.db, scope: access.scope).share(report, tokenHash: SecretToken.digest(token))
        let link = req.application.backbone.absoluteURL(SiteURL.sharedImpactReport(token: token).path, on: req.application)
        let response = try await ShareDTO(link: link).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// DELETE /api/v1/initiatives/:slug/impact-reports/:id/share
    @Sendable static func revokeShare(req: Request) async throws -> HTTPStatus {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        try await ImpactReportRepository(db: req.db, scope: access.scope).revokeShare(try await ImpactReportController.find(req, access))
        return .noContent
    }

    /// A body's plan, checked as the form checks it; headline indicators by code.
    static func plan(_ req: Request, _ access: InitiativeAccess, _ body: NewReport) async throws -> ImpactReportPlan {
        let listing = try await IndicatorRepository(db: req.db, scope: access.scope).listing()
        var errors = FieldErrors()
        guard let audience = ImpactAudience(rawValue: body.audience) else {
            throw FieldErrors("audience", Texts.current("error.impactAudience"))
        }
        let sections = body.sections.map { ImpactSectionKind(rawValue: $0) }
        if sections.contains(nil) { errors.add("sections", Texts.current("error.impactUnknownSection")) }
        let codes = body.headlineIndicators ?? []
        let headline = codes.map { code in listing.first { $0.indicator.code == code }?.indicator.id }
        if headline.contains(nil) { errors.add("headlineIndicators", Texts.current("error.impactUnknownIndicator")) }
        try errors.throwIfAny()
        return try ImpactReportPlan(title: body.title, audience: audience, from: body.from, to: body.to, sections: sections.compactMap { $0 },
                                    headlineIndicators: headline.compactMap { $0 }, context: body.context ?? "", nextSteps: body.nextSteps ?? "")
            .validated(known: Set(listing.compactMap(\.indicator.id)))
    }

    /// POST /api/v1/initiatives/:slug/impact-reports/:id/release
    @Sendable static func release(req: Request) async throws -> ReportDTO {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await ImpactReportController.find(req, access)
        let body = try req.decodeStrict(Release.self)
        try await ImpactReportController.release(req, access, report, revision: body.revision, supersedes: body.supersedes?.uuidString)
        let released = try await ImpactReportController.find(req, access)
        return ReportDTO(report: SummaryDTO(released), plan: released.plan, content: try await ImpactReportController.content(req, access, released))
    }
}
