import BackboneDomain
import BackbonePersistence
import Vapor

/// The list of initiatives, creating one, and an initiative's home page.
enum InitiativeController {
    struct InitiativeForm: Content {
        var name: String?
        var slug: String?
        var place: String?
        var problemStatement: String?
        var timeZone: String?

        var draft: InitiativeDraft {
            InitiativeDraft(name: name ?? "", slug: slug ?? "", place: place ?? "", problemStatement: problemStatement ?? "", timeZone: timeZone ?? "UTC")
        }
    }

    /// GET / — straight into the only initiative, or the list.
    @Sendable static func start(req: Request) async throws -> Response {
        if try await UserRepository(db: req.db).count() == 0 { return req.redirect(to: SiteURL.setup.path) }
        guard let user = req.signedIn?.user else { return req.redirect(to: SiteURL.login.path) }
        let initiatives = try await InitiativeRepository(db: req.db).visible(to: user)
        if initiatives.count == 1 { return req.redirect(to: SiteURL.initiative(slug: initiatives[0].slug).path) }
        return req.redirect(to: SiteURL.initiatives.path)
    }

    /// GET /initiatives
    @Sendable static func list(req: Request) async throws -> Response {
        let user = try req.requireSignedIn().user
        let initiatives = try await InitiativeRepository(db: req.db).visible(to: user)
        return InitiativesPage(initiatives: initiatives, canCreate: user.isPlatformAdmin, notice: Notice.from(req))
            .render(try await req.chrome(.initiatives)).response()
    }

    /// GET /initiatives/new
    @Sendable static func new(req: Request) async throws -> Response {
        try requirePlatformAdmin(req)
        return InitiativeFormPage().render(try await req.chrome(.initiatives)).response()
    }

    /// POST /initiatives
    @Sendable static func create(req: Request) async throws -> Response {
        try requirePlatformAdmin(req)
        let draft = try req.content.decode(InitiativeForm.self).draft
        do {
            let initiative = try await InitiativeRepository(db: req.db).create(draft, now: Date())
            return req.redirect(to: Notice.initiativeCreated.appended(to: SiteURL.initiative(slug: initiative.slug).path))
        } catch let errors as FieldErrors {
            return InitiativeFormPage(draft: draft, errors: errors.messages)
                .render(try await req.chrome(.initiatives)).response(status: .unprocessableEntity)
        }
    }

    /// GET /i/:slug
    @Sendable static func home(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let members = try await MembershipRepository(db: req.db, scope: access.scope).count()
        let meetings = MeetingRepository(db: req.db, scope: access.scope)
        let userID = try req.requireSignedIn().user.requireID()
        let mine = try await meetings.openActionItems(ownerID: userID)
        let now = Date()
        // What each role acts on first: a partner's own reports still to send; the backbone's queue.
        var reports: [ReportingOverviewPage.Row] = []
        if access.can(.reportForOwnOrganization), let own = access.membership?.organizationID {
            reports = try await ReportingController.periodRows(req, access, organizationID: own, now: now)
                .filter { [.open, .overdue].contains($0.state) && ($0.status?.isEditableByPartner ?? true) }
                .sorted { ($0.state == .overdue ? 0 : 1, $0.dueDate) < ($1.state == .overdue ? 0 : 1, $1.dueDate) }
        }
        let waiting = access.can(.reviewReports) ? try await ReportingRepository(db: req.db, scope: access.scope).submissionCount(status: .submitted) : nil
        let late = access.can(.reviewReports)
            ? ReviewQueuePage.overduePeriods(in: try await ReviewController.completeness(req, access, organizations: organizations, now: now)).count : nil
        let allMeetings = try await meetings.meetings()
        var results: ResultsGlance?
        if access.can(.viewIndicators) {
            let reading = try await ResultsController.reading(req, access)
            results = ResultsGlance(reading.items)
            // Those who steer read what the figures say first.
            if access.role == .steeringCommitteeMember || access.role.isBackbone {
                results?.statements = Array(LearningSummary.statements(for: reading.learningInputs, span: .year(endingIn: now), now: now,
                                                                       calendar: access.initiative.reportingCalendar).prefix(3))
            }
            results?.latestReport = try await ImpactReportRepository(db: req.db, scope: access.scope).latestReleased()
        }
        return InitiativeHomePage(access: access, organizations: organizations, memberCount: members, actionItems: mine,
                                  reportsToSend: reports, waitingForReview: waiting, partnersLate: late,
                                  ledBodies: try await ledBodies(req, access, userID: userID, meetings: allMeetings, now: now), results: results,
                                  meetings: Dictionary(uniqueKeysWithValues: allMeetings.map { ($0.id!, $0) }),
                                  updates: try await UpdateRepository(db: req.db, scope: access.scope).feed(limit: 5),
                                  today: CalendarDay(containing: now, in: access.initiative.zone), now: now, notice: Notice.from(req))
            .render(try await req.chrome(.home, access: access)).response()
    }

    /// What a chair needs of each body they lead: this quarter's step, the activities under its
    /// strategies and its next meeting.
    static func ledBodies(_ req: Request, _ access: InitiativeAccess, userID: UUID, meetings: [MeetingModel], now: Date) async throws -> [LedBodyGlance] {
        let governance = GovernanceRepository(db: req.db, scope: access.scope)
        let today = CalendarDay(containing: now, in: access.initiative.zone)
        let led = try await governance.ledBodies(userID: userID, on: today)
        guard !led.isEmpty else { return [] }
        let bodies = try await governance.bodies().filter { led.contains($0.id!) }
        let strategies = try await governance.strategies()
        let cycles = try await governance.cycles(of: Array(led)).filter { $0.quarter == today.quarter.key }
        let activities = try await ActivityRepository(db: req.db, scope: access.scope).all()
        return bodies.map { body in
            let owned = Set(strategies[body.id!] ?? [])
            return LedBodyGlance(body: body, quarter: today.quarter,
                                 step: cycles.first { $0.bodyID == body.id }.flatMap { CycleStep(rawValue: $0.stage) },
                                 activities: activities.filter { owned.contains($0.strategyID) },
                                 nextMeeting: meetings.filter { $0.bodyID == body.id && $0.endsAt >= now }.min { $0.startsAt < $1.startsAt })
        }
    }

    static func requirePlatformAdmin(_ req: Request) throws {
        guard try req.requireSignedIn().user.isPlatformAdmin else {
            throw Abort(.forbidden, reason: Texts.current("error.onlyPlatformAdministratorCan"))
        }
    }
}
