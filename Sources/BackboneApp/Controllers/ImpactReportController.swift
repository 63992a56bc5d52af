import BackboneDomain
import BackbonePersistence
import Vapor

/// Impact reports: the backbone composes a draft from the records, releases it (frozen), and
/// shares it with outsiders by an unguessable link. Members read released reports.
enum ImpactReportController {
    /// Room for a plan whose two texts are at their longest in any script, however encoded.
    static let maxBodyBytes = 2 * ImpactReportPlan.maxText * 12 + 64 * 1_024
    /// The form's fields. A section is left out when its place is empty.
    struct Form: Content {
        var title: String?
        var audience: String?
        var from: String?
        var to: String?
        var context: String?
        var nextSteps: String?
        var headline: [String]?
        var revision: String?
        var placeContext: String?, placeHeadline: String?, placeLearning: String?, placeStrategies: String?, placeStories: String?
        var placeActivities: String?, placeDecisions: String?, placeCompleteness: String?, placeNextSteps: String?

        func place(_ kind: ImpactSectionKind) -> String? {
            switch kind {
            case .context: placeContext
            case .headline: placeHeadline
            case .learning: placeLearning
            case .strategies: placeStrategies
            case .stories: placeStories
            case .activities: placeActivities
            case .decisions: placeDecisions
            case .completeness: placeCompleteness
            case .nextSteps: placeNextSteps
            }
        }

        /// The plan the form describes, checked; errors by field.
        func plan(known: Set<UUID>) throws -> ImpactReportPlan {
            var errors = FieldErrors()
            let audience = ImpactAudience(rawValue: audience ?? "")
            if audience == nil { errors.add("audience", Texts.current("error.impactAudience")) }
            var placed: [(place: Int, order: Int, kind: ImpactSectionKind)] = []
            for (order, kind) in ImpactSectionKind.allCases.enumerated() {
                let raw = place(kind)?.trimmed ?? ""
                guard !raw.isEmpty else { continue }
                guard let place = Int(raw), (1...ImpactSectionKind.allCases.count).contains(place) else {
                    errors.add("place" + ImpactReportFormPage.fieldSuffix(kind), Texts.current("error.impactPlace")); continue
                }
                placed.append((place, order, kind))
            }
            let headline = (headline ?? []).map { UUID(uuidString: $0) }
            if headline.contains(nil) { errors.add("headlineIndicators", Texts.current("error.impactUnknownIndicator")) }
            try errors.throwIfAny()
            return try ImpactReportPlan(title: title ?? "", audience: audience!, from: from ?? "", to: to ?? "",
                                        sections: placed.sorted { ($0.place, $0.order) < ($1.place, $1.order) }.map(\.kind),
                                        headlineIndicators: headline.compactMap { $0 }, context: context ?? "", nextSteps: nextSteps ?? "")
                .validated(known: known)
        }
    }

    /// GET /i/:slug/impact-reports
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let reports = try await ImpactReportRepository(db: req.db, scope: access.scope).all(includeDrafts: access.can(.composeImpactReports))
        return ImpactReportsPage(access: access, reports: reports, notice: Notice.from(req))
            .render(try await req.chrome(.impactReports, access: access)).response()
    }

    /// GET /i/:slug/impact-reports/new
    @Sendable static func new(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let quarter = ReportingPeriod.containing(Date(), frequency: .quarterly).previous
        let plan = ImpactReportPlan(title: "", audience: .steeringCommittee, from: quarter.key, to: quarter.key,
                                    sections: [.headline, .learning, .strategies, .stories, .completeness], headlineIndicators: [])
        return try await formPage(req, access, report: nil, plan: plan, errors: [:], status: .ok)
    }

    /// POST /i/:slug/impact-reports
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let form = try req.content.decode(Form.self)
        do {
            let plan = try form.plan(known: try await knownIndicators(req, access))
            let report = try await ImpactReportRepository(db: req.db, scope: access.scope).create(plan, userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.impactReportSaved.appended(to: SiteURL.impactReport(slug: access.slug, id: try report.requireID()).path))
        } catch let errors as FieldErrors {
            return try await formPage(req, access, report: nil, plan: typed(form), errors: errors.messages, status: .unprocessableEntity)
        }
    }

    /// GET /i/:slug/impact-reports/:id/edit
    @Sendable static func edit(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await find(req, access)
        guard report.parsedStatus == .draft, let plan = report.plan else {
            return req.redirect(to: SiteURL.impactReport(slug: access.slug, id: try report.requireID()).path)
        }
        return try await formPage(req, access, report: report, plan: plan, errors: [:], status: .ok)
    }

    /// POST /i/:slug/impact-reports/:id/edit
    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await find(req, access)
        let form = try req.content.decode(Form.self)
        do {
            let plan = try form.plan(known: try await knownIndicators(req, access))
            guard let revision = Int(form.revision ?? "").flatMap(Revision.init) else {
                throw FieldErrors("revision", Texts.current("error.someoneElseChangedWhile"))
            }
            try await ImpactReportRepository(db: req.db, scope: access.scope).update(report, plan: plan, expectedRevision: revision, now: Date())
            return req.redirect(to: Notice.impactReportSaved.appended(to: SiteURL.impactReport(slug: access.slug, id: try report.requireID()).path))
        } catch let errors as FieldErrors {
            return try await formPage(req, access, report: report, plan: typed(form), errors: errors.messages,
                                  status: errors.isConflict ? .conflict : .unprocessableEntity)
        }
    }

    /// GET /i/:slug/impact-reports/:id: a released report as it was released; a draft as its
    /// plan composes now (for the backbone only).
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        return try await render(req, access, report: try await find(req, access))
    }

    struct ReleaseForm: Content {
        var revision: String?
        var supersedes: String?
    }

    /// POST /i/:slug/impact-reports/:id/release
    @Sendable static func release(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await find(req, access)
        let form = try req.content.decode(ReleaseForm.self)
        do {
            try await release(req, access, report, revision: form.revision.flatMap { Int($0) }, supersedes: form.supersedes)
            return req.redirect(to: Notice.impactReportReleased.appended(to: SiteURL.impactReport(slug: access.slug, id: try report.requireID()).path))
        } catch let errors as FieldErrors {
            return try await render(req, access, report: report, errors: errors.messages, status: errors.isConflict ? .conflict : .unprocessableEntity)
        }
    }

    /// Shared by the form and the API: releases with the plan as saved.
    static func release(_ req: Request, _ access: InitiativeAccess, _ report: ImpactReportModel, revision: Int?, supersedes: String?) async throws {
        guard report.parsedStatus == .draft, let plan = report.plan else {
            throw FieldErrors.conflict("status", Texts.current("error.impactAlreadyReleased"))
        }
        guard let expected = revision.flatMap(Revision.init) else { throw FieldErrors("revision", Texts.current("error.impactRevision")) }
        var older: UUID?
        if let raw = supersedes?.trimmed, !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw FieldErrors("supersedes", Texts.current("error.impactSupersedes")) }
            older = id
        }
        let slug = access.slug, initiative = access.initiative, scope = access.scope, language = Texts.current.language
        try await ImpactReportRepository(db: req.db, scope: scope).release(
            report, expectedRevision: expected, supersedes: older, userID: req.signedIn?.user.id,
            path: SiteURL.impactReport(slug: slug, id: try report.requireID()).path, now: Date()) { tx in
            try await SiteLanguage.$current.withValue(language) {
                try await ImpactReportComposer(db: tx, scope: scope).compose(plan, initiative: initiative, indicatorName: { $0.shownName }, now: Date())
            }
        }
    }

    /// POST /i/:slug/impact-reports/:id/share: a new link (any earlier one stops working), shown once.
    @Sendable static func share(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await find(req, access)
        let token = SecretToken.generate()
        do {
            try await ImpactReportRepository(db: req.db, scope: access.scope).share(report, tokenHash: SecretToken.digest(token))
        } catch let errors as FieldErrors {
            return try await render(req, access, report: report, errors: errors.messages, status: .conflict)
        }
        let link = req.application.backbone.absoluteURL(SiteURL.sharedImpactReport(token: token).path, on: req.application)
        return try await render(req, access, report: try await find(req, access), newLink: link)
    }

    /// POST /i/:slug/impact-reports/:id/share/revoke
    @Sendable static func revokeShare(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await find(req, access)
        try await ImpactReportRepository(db: req.db, scope: access.scope).revokeShare(report)
        return req.redirect(to: Notice.impactReportLinkRevoked.appended(to: SiteURL.impactReport(slug: access.slug, id: try report.requireID()).path))
    }

    /// POST /i/:slug/impact-reports/:id/delete: drafts only.
    @Sendable static func delete(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.composeImpactReports)
        let report = try await find(req, access)
        do {
            try await ImpactReportRepository(db: req.db, scope: access.scope).deleteDraft(report)
        } catch let errors as FieldErrors {
            return try await render(req, access, report: report, errors: errors.messages, status: .conflict)
        }
        return req.redirect(to: Notice.impactReportDeleted.appended(to: SiteURL.impactReports(slug: access.slug).path))
    }

    /// GET /shared/impact-reports/:token: one released report for whoever holds the link.
    @Sendable static func shared(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard token.count <= 100, let report = try await ImpactReportRepository.shared(db: req.db, tokenHash: SecretToken.digest(token)),
              let content = report.content else { throw Abort(.notFound) }
        var chrome = try await req.chrome(nil)
        chrome.noindex = true
        let response = ImpactReportPage(access: nil, report: report, content: content, supersededBy: nil, supersedable: [], newLink: nil,
                                        printStylePath: SiteURL.sharedImpactReportPrintStyle(token: token).path, errors: [:])
            .render(chrome).response()
        response.headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex, nofollow")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }

    /// GET /i/:slug/impact-reports/:id/print.css: the running header of the report's printed
    /// pages. Page margin boxes take only literal text, and inline styles are refused by the
    /// content security policy, so each report's header comes as a small stylesheet of its own.
    @Sendable static func printStyle(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let report = try await find(req, access)
        return printStyle(initiative: access.initiative.name, title: report.title)
    }

    /// GET /shared/impact-reports/:token/print.css
    @Sendable static func sharedPrintStyle(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard token.count <= 100, let report = try await ImpactReportRepository.shared(db: req.db, tokenHash: SecretToken.digest(token)),
              let content = report.content else { throw Abort(.notFound) }
        return printStyle(initiative: content.initiative, title: content.title)
    }

    static func printStyle(initiative: String, title: String) -> Response {
        let css = "@page { @top-left { content: \"\(cssText(initiative + " · " + title))\"; font-size: 9pt; color: #444; } }\n"
        let response = Response(status: .ok, body: .init(string: css))
        response.headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Text inside a CSS string: everything but ASCII letters, digits and spaces as a hex escape,
    /// so no quote, backslash or line break a title holds can end the string.
    static func cssText(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == " ")
                ? String(scalar) : "\\\(String(scalar.value, radix: 16)) "
        }.joined()
    }

    /// GET /i/:slug/impact-reports/:id/data.csv: the report's figures, as the report shows them.
    @Sendable static func data(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let report = try await find(req, access)
        let content = try await content(req, access, report)
        var rows: [[CSVCell]] = []
        func add(_ section: String, _ figure: ImpactReportContent.Figure) {
            rows.append([.text(section), .text(figure.code), .text(figure.name), .text(figure.unit), .text(figure.period ?? ""), .number(figure.value),
                         .number(figure.numerator), .number(figure.denominator), .number(Double(figure.partnersCounted)),
                         .number(Double(figure.partnersAssigned)), .number(figure.target), .text(figure.status.rawValue)])
        }
        for section in content.sections {
            for figure in section.figures ?? [] { add(section.kind.rawValue, figure) }
            for strategy in section.strategies ?? [] { for figure in strategy.figures { add("\(section.kind.rawValue): \(strategy.title)", figure) } }
        }
        let header = ["section", "indicator_code", "indicator", "unit", "period", "value", "numerator", "denominator",
                      "partners_counted", "partners_assigned", "target", "status"]
        return ExportController.csv(CSVExport.document(header: header, rows: rows), filename: "\(access.slug)-impact-report-\(content.to).csv")
    }

    // MARK: Helpers

    static func find(_ req: Request, _ access: InitiativeAccess) async throws -> ImpactReportModel {
        guard let report = try await ImpactReportRepository(db: req.db, scope: access.scope).find(try req.uuidParameter("id")),
              report.parsedStatus == .released || access.can(.composeImpactReports) else { throw Abort(.notFound) }
        return report
    }

    /// The frozen content of a released report, or a draft composed now.
    static func content(_ req: Request, _ access: InitiativeAccess, _ report: ImpactReportModel) async throws -> ImpactReportContent {
        if let content = report.content { return content }
        guard let plan = report.plan else { throw Abort(.internalServerError) }
        return try await ImpactReportComposer(db: req.db, scope: access.scope)
            .compose(plan, initiative: access.initiative, indicatorName: { $0.shownName }, now: Date())
    }

    static func render(_ req: Request, _ access: InitiativeAccess, report: ImpactReportModel, errors: [String: String] = [:],
                       status: HTTPResponseStatus = .ok, newLink: String? = nil) async throws -> Response {
        let repository = ImpactReportRepository(db: req.db, scope: access.scope)
        let released = try await repository.all(includeDrafts: false)
        let page = ImpactReportPage(access: access, report: report, content: try await content(req, access, report),
                                    supersededBy: report.supersededBy.flatMap { id in released.first { $0.id == id } },
                                    supersedable: released.filter { $0.supersededBy == nil && $0.id != report.id }, newLink: newLink,
                                    printStylePath: SiteURL.impactReportStep(slug: access.slug, id: try report.requireID(), step: .printStyle).path,
                                    errors: errors, notice: Notice.from(req))
        return page.render(try await req.chrome(.impactReports, access: access)).response(status: status)
    }

    static func formPage(_ req: Request, _ access: InitiativeAccess, report: ImpactReportModel?, plan: ImpactReportPlan,
                     errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let listing = try await IndicatorRepository(db: req.db, scope: access.scope).listing()
        return ImpactReportFormPage(access: access, report: report, plan: plan, indicators: listing, errors: errors)
            .render(try await req.chrome(.impactReports, access: access)).response(status: status)
    }

    static func knownIndicators(_ req: Request, _ access: InitiativeAccess) async throws -> Set<UUID> {
        Set(try await IndicatorRepository(db: req.db, scope: access.scope).listing().compactMap(\.indicator.id))
    }

    /// What was typed, to show again beside the errors.
    static func typed(_ form: Form) -> ImpactReportPlan {
        let sections = ImpactSectionKind.allCases.enumerated()
            .compactMap { order, kind in form.place(kind).flatMap { Int($0.trimmed) }.map { (place: $0, order: order, kind: kind) } }
            .sorted { ($0.place, $0.order) < ($1.place, $1.order) }.map(\.kind)
        return ImpactReportPlan(title: form.title ?? "", audience: ImpactAudience(rawValue: form.audience ?? "") ?? .steeringCommittee,
                                from: form.from ?? "", to: form.to ?? "", sections: sections,
                                headlineIndicators: (form.headline ?? []).compactMap(UUID.init(uuidString:)),
                                context: form.context ?? "", nextSteps: form.nextSteps ?? "")
    }
}
