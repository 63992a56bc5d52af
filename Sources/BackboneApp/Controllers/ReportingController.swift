import BackboneDomain
import BackbonePersistence
import Vapor

/// Partners' reporting: which periods are due, and the form for one period.
enum ReportingController {
    /// GET /i/:slug/reporting[?organization=ID]
    @Sendable static func overview(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        if organizations.isEmpty {
            return ReportingStartPage(access: access).render(try await req.chrome(.reporting, access: access)).response()
        }
        let requested = (try? req.query.get(String.self, at: "organization")).flatMap(UUID.init(uuidString:))
        let organizationID: UUID
        if access.can(.reportForAnyPartner) || access.can(.reviewReports) {
            organizationID = requested ?? access.membership?.organizationID ?? organizations.first { $0.isBackbone }?.id ?? organizations.first?.id ?? UUID()
        } else {
            guard let own = access.membership?.organizationID else { throw Abort(.forbidden) }
            if let requested, requested != own { throw Abort(.forbidden, reason: Texts.current("error.youCanOnlySee")) }
            organizationID = own
        }
        guard let organization = organizations.first(where: { $0.id == organizationID }) else { throw Abort(.notFound) }
        let rows = try await periodRows(req, access, organizationID: organizationID, now: Date())
        return ReportingOverviewPage(access: access, organization: organization, organizations: organizations, rows: rows)
            .render(try await req.chrome(.reporting, access: access)).response()
    }

    /// The recent periods of every frequency the organization reports, newest first.
    static func periodRows(_ req: Request, _ access: InitiativeAccess, organizationID: UUID, now: Date) async throws -> [ReportingOverviewPage.Row] {
        let indicators = IndicatorRepository(db: req.db, scope: access.scope)
        let reporting = ReportingRepository(db: req.db, scope: access.scope)
        var frequencies = Set<Frequency>()
        var counts: [Frequency: Int] = [:]
        for assignment in try await indicators.assignments(organizationID: organizationID) {
            guard let indicator = try await indicators.find(id: assignment.indicatorID) else { continue }
            frequencies.insert(indicator.parsedFrequency)
            counts[indicator.parsedFrequency, default: 0] += 1
        }
        let calendar = access.initiative.reportingCalendar
        let window: [Frequency: Int] = [.monthly: 6, .quarterly: 4, .annual: 2]
        var rows: [ReportingOverviewPage.Row] = []
        for frequency in frequencies.sorted() {
            let current = ReportingPeriod.containing(now, frequency: frequency)
            for step in 0..<(window[frequency] ?? 1) {
                let period = current.shifted(by: -step)
                let submission = try await reporting.submission(organizationID: organizationID, periodKey: period.key)
                rows.append(.init(period: period, indicatorCount: counts[frequency] ?? 0, state: calendar.state(of: period, on: now),
                                  dueDate: calendar.dueDate(period), status: submission?.parsedStatus))
            }
        }
        // What is still to send comes first (the most urgent on top), then the rest, newest first.
        func toSend(_ row: ReportingOverviewPage.Row) -> Bool {
            [.open, .overdue].contains(row.state) && (row.status?.isEditableByPartner ?? true)
        }
        return rows.sorted { a, b in
            switch (toSend(a), toSend(b)) {
            case (true, false): true
            case (false, true): false
            case (true, true): (a.dueDate, a.period.frequency) < (b.dueDate, b.period.frequency)
            case (false, false): (a.dueDate, a.period.frequency) > (b.dueDate, b.period.frequency)
            }
        }
    }

    /// GET /i/:slug/reporting/:organization/:period
    @Sendable static func show(req: Request) async throws -> Response {
        let context = try await context(req)
        return try await render(req, context, typed: nil, errors: [:], warnings: [:], status: .ok)
    }

    /// POST /i/:slug/reporting/:organization/:period: save a draft or submit, all or nothing.
    @Sendable static func save(req: Request) async throws -> Response {
        let context = try await context(req)
        guard context.mayEdit else {
            throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot3", ["role": "\(context.access.role.title)"]))
        }
        let fields = try req.content.decode([String: String].self)
        let intent: ReportingRepository.Intent = fields["action"] == "submit" ? .submit : .saveDraft
        let assigned = try await ReportingRepository(db: req.db, scope: context.access.scope)
            .assigned(organizationID: context.organization.requireID(), period: context.period)
        let parsed = ReportForm.parse(fields, assigned: assigned)
        guard parsed.errors.isEmpty else {
            return try await render(req, context, typed: fields, errors: parsed.errors, warnings: [:], status: .unprocessableEntity)
        }
        do {
            let outcome = try await ReportingRepository(db: req.db, scope: context.access.scope).save(
                organizationID: context.organization.requireID(), period: context.period, reports: parsed.reports,
                expectedRevision: try Revision.fromForm(fields["revision"]), intent: intent,
                userID: try req.requireSignedIn().user.requireID(), now: Date())
            await req.announceChange(in: context.access, indicatorIDs: Array(parsed.reports.keys))
            if intent == .saveDraft, !outcome.warnings.isEmpty {
                return try await render(req, context, typed: nil, errors: [:], warnings: outcome.warnings, status: .ok, notice: .draftSaved)
            }
            let path = SiteURL.report(slug: context.access.slug, organization: context.organization.id!, period: context.period.key).path
            return req.redirect(to: (intent == .submit ? Notice.reportSubmitted : .draftSaved).appended(to: path))
        } catch let errors as FieldErrors {
            return try await render(req, context, typed: fields, errors: errors.messages, warnings: [:],
                                    status: errors.isConflict ? .conflict : .unprocessableEntity)
        }
    }

    /// Names of the initiative's members, for the history of changes.
    static func memberNames(_ req: Request, access: InitiativeAccess) async throws -> [UUID: String] {
        Dictionary(try await MembershipRepository(db: req.db, scope: access.scope).listing().map { ($0.user.id!, $0.user.displayName) },
                   uniquingKeysWith: { a, _ in a })
    }

    struct Context {
        let access: InitiativeAccess
        let organization: OrganizationModel
        let period: ReportingPeriod
        let mayEdit: Bool
    }

    /// Who may see and change which organization's reports: one's own organization; backbone
    /// roles any partner's.
    static func context(_ req: Request) async throws -> Context {
        let access = try await req.initiativeAccess()
        guard let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: req.uuidParameter("organization")),
              let period = ReportingPeriod(key: req.parameters.get("period") ?? "")
        else { throw Abort(.notFound) }
        let own = access.membership?.organizationID == organization.id
        guard own || access.can(.reportForAnyPartner) || access.can(.reviewReports) else {
            throw Abort(.forbidden, reason: Texts.current("error.youCanOnlySee"))
        }
        let mayEdit = access.can(.reportForAnyPartner) || (own && access.can(.reportForOwnOrganization))
        return Context(access: access, organization: organization, period: period, mayEdit: mayEdit)
    }

    private static func render(_ req: Request, _ context: Context, typed: [String: String]?, errors: [String: String],
                               warnings: [String: String], status: HTTPResponseStatus, notice: Notice? = nil) async throws -> Response {
        let reporting = ReportingRepository(db: req.db, scope: context.access.scope)
        let organizationID = try context.organization.requireID()
        let assigned = try await reporting.assigned(organizationID: organizationID, period: context.period)
        var previous: [UUID: Double] = [:]
        for item in assigned {
            if let last = try await reporting.pastTotals(indicator: item, organizationID: organizationID, before: context.period, limit: 1).last {
                previous[item.id] = last.1
            }
        }
        let submission = try await reporting.submission(organizationID: organizationID, periodKey: context.period.key)
        let state = context.access.initiative.reportingCalendar.state(of: context.period, on: Date())
        let exception = state == .locked ? try await reporting.exception(organizationID: organizationID, period: context.period, now: Date()) : nil
        let unlocked = state != .locked || exception != nil
        let events = if let submission { try await reporting.events(of: submission) } else { [SubmissionEventModel]() }
        let chrome = try await req.chrome(.reporting, access: context.access)
        let page = ReportFormPage(
            access: context.access, organization: context.organization, period: context.period, assigned: assigned,
            stored: try await reporting.reports(organizationID: organizationID, periodKey: context.period.key),
            previous: previous, submission: submission, periodState: state,
            editable: context.mayEdit && (submission?.parsedStatus.isEditableByPartner ?? true) && state != .notYetOpen && unlocked,
            typed: typed, errors: errors, warnings: warnings, notice: notice ?? Notice.from(req),
            after: historySection(events: events,
                                  audit: try await reporting.audit(organizationID: organizationID, periodKey: context.period.key),
                                  indicatorNames: Dictionary(uniqueKeysWithValues: assigned.map { ($0.id, $0.indicator.shownName) }),
                                  userNames: try await memberNames(req, access: context.access), zone: chrome.zone))
        return page.render(chrome).response(status: status)
    }
}

/// Turns the flat fields of the report form into reports, keeping every problem per field.
enum ReportForm {
    static func parse(_ fields: [String: String], assigned: [AssignedIndicator]) -> (reports: [UUID: IndicatorReport], errors: [String: String]) {
        var reports: [UUID: IndicatorReport] = [:]
        var errors: [String: String] = [:]
        func entry(_ prefix: String) -> ValueEntry {
            let parsed = NumberInput.figure { fields["\(prefix).\($0)"] ?? "" }
            for (part, message) in parsed.problems { errors["\(prefix).\(part)"] = message }
            return parsed.entry
        }
        for item in assigned {
            var report = IndicatorReport(total: entry("\(item.id).total"), comment: fields["\(item.id).comment"] ?? "")
            for dimension in item.dimensions {
                for category in dimension.categories {
                    let cell = entry("\(item.id).cell.\(dimension.key).\(category.key)")
                    if !cell.isEmpty { report.cells[dimension.key, default: [:]][category.key] = cell }
                }
            }
            reports[item.id] = report
        }
        return (reports, errors)
    }
}
