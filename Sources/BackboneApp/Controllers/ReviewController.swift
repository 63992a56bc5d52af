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

    struct FilterQuery: Content {
        var period: String?
        var partner: String?
        var indicator: String?
    }

    /// GET /i/:slug/review
    @Sendable static func queue(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        let query = try req.query.decode(FilterQuery.self)
        let page = try await queuePage(req, access, filter: ReviewFilter(period: query.period, partner: query.partner, indicator: query.indicator))
        return page.render(try await req.chrome(.review, access: access)).response()
    }

    struct BulkForm: Content {
        var reports: [String]?
        var which: String?
        var decision: String?
        var comment: String?
    }

    /// POST /i/:slug/review/bulk?period=…&partner=…&indicator=…: one decision on the ticked
    /// reports, or on every report the filter shows. The queue comes back with what was done.
    @Sendable static func bulk(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        let query = try req.query.decode(FilterQuery.self)
        let filter = ReviewFilter(period: query.period, partner: query.partner, indicator: query.indicator)
        let form = try req.content.decode(BulkForm.self)
        var page = try await queuePage(req, access, filter: filter)
        let chrome = try await req.chrome(.review, access: access)
        let target: SubmissionStatus? = ["approve": .approved, "return": .returned][form.decision ?? ""]
        let ids = form.which == "shown" ? page.waiting.prefix(ReviewDesk.bulkLimit).map { $0.id! } : (form.reports ?? []).compactMap(UUID.init(uuidString:))
        guard let target else {
            page.bulkError = Texts.current("error.chooseApproveReturn")
            return page.render(chrome).response(status: .unprocessableEntity)
        }
        let comment = form.comment ?? ""
        let submissions: [SubmissionModel]
        do {
            submissions = try await ReviewDesk.prepare(req, access, ids: ids, to: target, comment: comment)
        } catch let errors as FieldErrors {
            page.bulkError = errors.messages.sorted { $0.key < $1.key }.map(\.value).joined(separator: " ")
            return page.render(chrome).response(status: .unprocessableEntity)
        }
        let reviewerID = try req.requireSignedIn().user.requireID()
        let names = Dictionary(uniqueKeysWithValues: page.organizations.map { ($0.id!, $0.name) })
        let before = page
        return await LongAnswer.respond(req, status: .ok, contentType: .html) {
            do {
                let outcome = try await ReviewDesk.decideAll(req, access, submissions, to: target, comment: comment, reviewerID: reviewerID)
                var shown = try await queuePage(req, access, filter: filter)
                shown.bulkResult = ReviewBulkResult(decided: outcome.decided.count, decision: target, refused: outcome.refused.map { refused in
                    let period = refused.submission.period.map(Texts.current.period) ?? refused.submission.periodKey
                    return ("\(names[refused.submission.organizationID] ?? "") · \(period)", refused.reason)
                })
                return shown.render(chrome).render()
            } catch {
                // Too late for an error status: the page says it; each report decided so far stays decided.
                req.logger.error("A bulk decision stopped", metadata: ["error": "\(String(reflecting: error))"])
                var shown = before
                shown.bulkError = Texts.current("error.bulkStopped")
                return shown.render(chrome).render()
            }
        }
    }

    struct ExceptionsForm: Content {
        var periods: String?
        var organizationID: String?
        var organizations: [String]?
        var until: String?
    }

    /// POST /i/:slug/review/exceptions: reopens locked periods for many partners, all or nothing.
    @Sendable static func exceptions(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        let form = try req.content.decode(ExceptionsForm.self)
        var page = try await queuePage(req, access, filter: ReviewFilter())
        page.typedExceptions = ["periods": form.periods ?? "", "organizationID": form.organizationID ?? "", "until": form.until ?? ""]
        let chrome = try await req.chrome(.review, access: access)
        var errors: [String: String] = [:]
        let keys = (form.periods ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let periods = keys.compactMap(ReportingPeriod.init(key:))
        if periods.count != keys.count || keys.count > 100 { errors["periods"] = Texts.current("error.writePeriodQ") }
        let day = Date.utcDay((form.until ?? "").trimmed)
        if day == nil { errors["until"] = Texts.current("error.enterLastDayChanges") }
        let organizationIDs = PartnerChoice.resolve(choice: form.organizationID, ticked: form.organizations, organizations: page.organizations)
        if organizationIDs == nil { errors["organizationID"] = Texts.current("error.choosePartnerFromList") }
        if errors.isEmpty, let day, let organizationIDs {
            do {
                let granted = try await ReportingRepository(db: req.db, scope: access.scope).grantExceptions(
                    organizationIDs: organizationIDs, periods: periods, until: day.addingTimeInterval(86_400),
                    grantedBy: try req.requireSignedIn().user.requireID(), now: Date())
                page.typedExceptions = [:]
                page.exceptionsNotice = Texts.current("review.exceptions.granted", ["count": Texts.current.count(granted), "day": (form.until ?? "").trimmed])
                return page.render(chrome).response()
            } catch let problems as FieldErrors {
                for (field, message) in problems.messages { errors[field == "organizations" ? "organizationID" : field] = message }
            }
        }
        page.exceptionErrors = errors
        return page.render(chrome).response(status: .unprocessableEntity)
    }

    /// The queue as `filter` narrows it, with the choices its filter offers.
    private static func queuePage(_ req: Request, _ access: InitiativeAccess, filter: ReviewFilter) async throws -> ReviewQueuePage {
        let reporting = ReportingRepository(db: req.db, scope: access.scope)
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let waiting = try await reporting.submissions(status: .submitted)
        let indicators = IndicatorRepository(db: req.db, scope: access.scope)
        let listing = try await indicators.listing()
        let assignments = try await indicators.assignedPairs()
        let byIndicator = Dictionary(grouping: assignments, by: \.indicatorID)
        var reporters: [UUID: (partners: Set<UUID>, frequency: Frequency)] = [:]
        for item in listing {
            reporters[item.indicator.id!] = (Set((byIndicator[item.indicator.id!] ?? []).map(\.organizationID)), item.indicator.parsedFrequency)
        }
        let names = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        let options = ReviewQueuePage.FilterOptions(
            periods: Set(waiting.compactMap(\.period)).sorted { ($0.start, $0.key) > ($1.start, $1.key) },
            partners: Set(waiting.map(\.organizationID)).sorted { (names[$0] ?? "") < (names[$1] ?? "") },
            indicators: listing.filter { item in waiting.contains { reporters[item.indicator.id!]?.partners.contains($0.organizationID) == true } }
                .map { ($0.indicator.id!.uuidString, "\($0.indicator.code) · \($0.indicator.shownName)") })
        let matrix = try await completeness(req, access, organizations: organizations, now: Date())
        let members = try await MembershipRepository(db: req.db, scope: access.scope).listing()
        return ReviewQueuePage(access: access, waiting: filter.apply(waiting, reporters: reporters), allWaiting: waiting.count, filter: filter,
                               filterOptions: options, organizations: organizations, matrix: matrix, members: members,
                               remindedToday: try await PartnerReminders.remindedToday(req, access), notice: Notice.from(req))
    }

    /// Partner × recent period (newest first), per frequency, for every partner with assignments.
    static func completeness(_ req: Request, _ access: InitiativeAccess, organizations: [OrganizationModel], now: Date) async throws -> [ReviewQueuePage.Matrix] {
        let indicators = IndicatorRepository(db: req.db, scope: access.scope)
        let listing = try await indicators.listing()
        let frequencyOf = Dictionary(uniqueKeysWithValues: listing.map { ($0.indicator.id!, $0.indicator.parsedFrequency) })
        let assignments = try await indicators.assignedPairs()
        let shown = Dictionary(uniqueKeysWithValues: Frequency.allCases.map { frequency in
            let current = ReportingPeriod.containing(now, frequency: frequency)
            return (frequency, (0..<(frequency == .monthly ? 6 : frequency == .quarterly ? 4 : 2)).map { current.shifted(by: -$0) })
        })
        // Only the shown periods' reports: an initiative accumulates tens of thousands.
        let statuses = try await ReportingRepository(db: req.db, scope: access.scope)
            .statuses(periodKeys: shown.values.flatMap { $0.map(\.key) })
        let calendar = access.initiative.reportingCalendar
        var matrices: [ReviewQueuePage.Matrix] = []
        for frequency in Frequency.allCases {
            let reporters = Set(assignments.filter { frequencyOf[$0.indicatorID] == frequency }.map(\.organizationID))
            guard !reporters.isEmpty, let periods = shown[frequency] else { continue }
            let rows = organizations.filter { reporters.contains($0.id!) }.map { org in
                ReviewQueuePage.Matrix.Row(organization: org, cells: periods.map { period in
                    (period, statuses[ReportKey(organizationID: org.id!, periodKey: period.key)], calendar.state(of: period, on: now))
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
