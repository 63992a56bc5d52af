import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// The backbone's review: the queue of submitted reports, completeness, and decisions.
enum ReviewController {
    struct DecisionForm: Content {
        var decision: String?
        var comment: String?
    }

    /// GET /i/:slug/review
    @Sendable static func queue(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        let reporting = ReportingRepository(db: req.db, scope: access.scope)
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let waiting = try await reporting.submissions(status: .submitted)
        let matrix = try await completeness(req, access, organizations: organizations, now: Date())
        let members = try await MembershipRepository(db: req.db, scope: access.scope).listing()
        return ReviewQueuePage(access: access, waiting: waiting, organizations: organizations, matrix: matrix, members: members,
                               remindedToday: try await PartnerReminders.remindedToday(req, access), notice: Notice.from(req))
            .render(try await req.chrome(.review, access: access)).response()
    }

    /// Partner × recent period (newest first), per frequency, for every partner with assignments.
    static func completeness(_ req: Request, _ access: InitiativeAccess, organizations: [OrganizationModel], now: Date) async throws -> [ReviewQueuePage.Matrix] {
        let indicators = IndicatorRepository(db: req.db, scope: access.scope)
        let listing = try await indicators.listing()
        let frequencyOf = Dictionary(uniqueKeysWithValues: listing.map { ($0.indicator.id!, $0.indicator.parsedFrequency) })
        let assignments = try await AssignmentModel.query(on: req.db).filter(\.$initiativeID == access.scope.initiativeID).all()
        let shown = Dictionary(uniqueKeysWithValues: Frequency.allCases.map { frequency in
            let current = ReportingPeriod.containing(now, frequency: frequency)
            return (frequency, (0..<(frequency == .monthly ? 6 : frequency == .quarterly ? 4 : 2)).map { current.shifted(by: -$0) })
        })
        // Only the shown periods' reports: an initiative accumulates tens of thousands.
        let submissions = try await ReportingRepository(db: req.db, scope: access.scope)
            .submissions(periodKeys: shown.values.flatMap { $0.map(\.key) })
        let byKey = Dictionary(submissions.map { ("\($0.organizationID)|\($0.periodKey)", $0) }, uniquingKeysWith: { a, _ in a })
        let calendar = access.initiative.reportingCalendar
        var matrices: [ReviewQueuePage.Matrix] = []
        for frequency in Frequency.allCases {
            let reporters = Set(assignments.filter { frequencyOf[$0.indicatorID] == frequency }.map(\.organizationID))
            guard !reporters.isEmpty, let periods = shown[frequency] else { continue }
            let rows = organizations.filter { reporters.contains($0.id!) }.map { org in
                ReviewQueuePage.Matrix.Row(organization: org, cells: periods.map { period in
                    (period, byKey["\(org.id!)|\(period.key)"]?.parsedStatus, calendar.state(of: period, on: now))
                })
            }
            matrices.append(.init(frequency: frequency, periods: Array(periods), rows: rows))
        }
        return matrices
    }

    struct SettingsForm: Content {
        var dueAfterDays: String?
        var lockAfterDays: String?
        var includeSubmitted: String?
        var timeZone: String?
    }

    /// POST /i/:slug/review/settings
    @Sendable static func settings(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        let form = try req.content.decode(SettingsForm.self)
        do {
            try await ReportingRepository(db: req.db, scope: access.scope).updateSettings(
                dueAfterDays: Int(form.dueAfterDays?.trimmed ?? "") ?? -1, lockAfterDays: Int(form.lockAfterDays?.trimmed ?? "") ?? -1,
                includeSubmitted: form.includeSubmitted == "on", timeZone: form.timeZone?.trimmed ?? access.initiative.timeZone)
        } catch let errors as FieldErrors {
            throw Abort(.unprocessableEntity, reason: errors.messages.sorted { $0.key < $1.key }.map(\.value).joined(separator: " "))
        }
        return req.redirect(to: Notice.settingsSaved.appended(to: SiteURL.review(slug: access.slug).path))
    }

    struct ExceptionForm: Content { var until: String? }

    /// POST /i/:slug/reporting/:organization/:period/exception: reopen a locked period for one partner.
    @Sendable static func grantException(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        guard let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: req.uuidParameter("organization")),
              let period = ReportingPeriod(key: req.parameters.get("period") ?? "")
        else { throw Abort(.notFound) }
        let raw = try req.content.decode(ExceptionForm.self).until?.trimmed ?? ""
        guard let day = Date.utcDay(raw) else {
            throw Abort(.unprocessableEntity, reason: Texts.current("error.enterLastDayChanges"))
        }
        // Allowed through the whole of the chosen day.
        let until = day.addingTimeInterval(86_400)
        do {
            try await ReportingRepository(db: req.db, scope: access.scope).grantException(
                organizationID: organization.requireID(), period: period, until: until, grantedBy: req.requireSignedIn().user.requireID(), now: Date())
        } catch let errors as FieldErrors {
            throw Abort(.unprocessableEntity, reason: errors.messages.values.first ?? Texts.current("error.exceptionCouldNotGranted"))
        }
        return req.redirect(to: Notice.exceptionGranted.appended(to: SiteURL.report(slug: access.slug, organization: organization.id!, period: period.key).path))
    }

    /// GET /i/:slug/review/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let (access, submission) = try await find(req)
        return try await render(req, access, submission, error: nil, status: .ok)
    }

    /// POST /i/:slug/review/:id: approve, return with a comment, or reopen with a reason.
    @Sendable static func decide(req: Request) async throws -> Response {
        let (access, submission) = try await find(req)
        let form = try req.content.decode(DecisionForm.self)
        let target: SubmissionStatus
        switch form.decision {
        case "approve": target = .approved
        case "return", "reopen": target = .returned
        default: return try await render(req, access, submission, error: Texts.current("error.chooseApproveReturn"), status: .unprocessableEntity)
        }
        let reviewerID = try req.requireSignedIn().user.requireID()
        do {
            try await ReviewDesk.decide(req, access, submission, to: target, comment: form.comment ?? "", reviewerID: reviewerID, feedEntry: true)
            await req.announceChange(in: access, indicatorIDs: [])
        } catch let errors as FieldErrors {
            return try await render(req, access, submission, error: errors.messages.values.first,
                                    status: errors.isConflict ? .conflict : .unprocessableEntity)
        }
        if target == .approved { try await ReviewDesk.recordTargetsReached(req, access, organizationIDs: [submission.organizationID]) }
        let notice: Notice = target == .approved ? .reportApproved : .reportReturned
        return req.redirect(to: notice.appended(to: SiteURL.review(slug: access.slug).path))
    }

    private static func find(_ req: Request) async throws -> (InitiativeAccess, SubmissionModel) {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        guard let submission = try await ReportingRepository(db: req.db, scope: access.scope).submission(id: req.uuidParameter("id")) else {
            throw Abort(.notFound)
        }
        return (access, submission)
    }

    private static func render(_ req: Request, _ access: InitiativeAccess, _ submission: SubmissionModel,
                               error: String?, status: HTTPResponseStatus) async throws -> Response {
        guard let period = submission.period,
              let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: submission.organizationID)
        else { throw Abort(.notFound) }
        let reporting = ReportingRepository(db: req.db, scope: access.scope)
        let assigned = try await reporting.assigned(organizationID: submission.organizationID, period: period)
        let audit = try await reporting.audit(organizationID: submission.organizationID, periodKey: period.key)
        let chrome = try await req.chrome(.review, access: access)
        let panel = ReviewPanel(access: access, submission: submission, assigned: assigned, events: try await reporting.events(of: submission), audit: audit,
                                userNames: try await ReportingController.memberNames(req, access: access), error: error)
        let page = ReportFormPage(
            access: access, organization: organization, period: period, assigned: assigned,
            stored: try await reporting.reports(organizationID: submission.organizationID, periodKey: period.key),
            previous: [:], submission: submission, periodState: access.initiative.reportingCalendar.state(of: period, on: Date()),
            editable: false, typed: nil, errors: [:], warnings: [:], notice: nil, after: panel.render(chrome))
        return page.render(chrome).response(status: status)
    }
}
