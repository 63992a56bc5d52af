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
        let body = try req.decodeStrict(NewReport.self)
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
        let plan = try ImpactReportPlan(title: body.title, audience: audience, from: body.from, to: body.to, sections: sections.compactMap { $0 },
                                        headlineIndicators: headline.compactMap { $0 }, context: body.context ?? "", nextSteps: body.nextSteps ?? "")
            .validated(known: Set(listing.compactMap(\.indicator.id)))
        let report = try await ImpactReportRepository(db: req.db, scope: access.scope).create(plan, userID: req.signedIn?.user.id, now: Date())
        let response = try await ReportDTO(report: SummaryDTO(report), plan: plan,
                                           content: ImpactReportController.content(req, access, report)).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/initiatives/\(access.slug)/impact-reports/\(try report.requireID().uuidString)")
        return response
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
