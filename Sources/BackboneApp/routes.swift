import BackboneDomain
import Vapor

/// Every route, grouped by who may reach it.
func routes(_ app: Application) throws {
    // MARK: Operations and assets (no session)
    app.get("healthz", use: OperationsController.health)
    app.get("metrics", use: OperationsController.metrics)
    app.get("assets", "backbone.css", use: OperationsController.stylesheet)
    app.get("assets", "import.js", use: OperationsController.importScript)
    app.get("assets", "live.js", use: OperationsController.liveScript)
    app.get("assets", "session.js", use: OperationsController.sessionScript)
    app.get("api", "openapi.yaml", use: OperationsController.openAPI)

    // MARK: Pages (session cookie + CSRF on every form)
    let pages = app.grouped(SessionAuthenticationMiddleware(), LanguageMiddleware(), CSRFMiddleware())
    pages.get(use: InitiativeController.start)
    pages.get("login", use: SessionController.show)
    pages.post("login", use: SessionController.submit)
    pages.post("logout", use: SessionController.logout)
    pages.post("language", use: LanguageController.choose)
    pages.get("help", use: HelpController.index)
    pages.get("help", ":area", use: HelpController.area)
    pages.get("setup", use: SetupController.show)
    pages.post("setup", use: SetupController.submit)
    pages.get("forgot-password", use: ForgotPasswordController.show)
    pages.post("forgot-password", use: ForgotPasswordController.submit)
    pages.get("set-password", ":token", use: SetPasswordController.show)
    pages.post("set-password", ":token", use: SetPasswordController.submit)

    // A person's meetings for calendar programs, by a private address (no sign-in).
    pages.get("calendar", ":file", use: NotificationController.calendarFeed)
    // Published stories with consent, for anyone (no sign-in).
    pages.get("stories", ":slug", use: StoryController.publicList)
    pages.get("stories", ":slug", ":id", use: StoryController.publicShow)
    pages.get("stories", ":slug", ":id", "photo", use: StoryController.publicPhoto)

    let member = pages.grouped(RequireSignInMiddleware())
    member.get("account", use: AccountController.show)
    member.post("account", "password", use: AccountController.changePassword)
    member.post("account", "profile", use: AccountController.saveProfile)
    member.post("account", "tokens", use: AccountController.createToken)
    member.post("account", "tokens", ":id", "revoke", use: AccountController.revokeToken)
    member.get("account", "held", ":key", use: HeldFormController.show)
    member.get("account", "session", use: AccountController.keepAlive)

    member.get("notifications", use: NotificationController.list)
    member.post("notifications", "read", use: NotificationController.markRead)
    member.get("account", "notifications", use: NotificationController.preferences)
    member.post("account", "notifications", use: NotificationController.savePreferences)
    member.post("account", "calendar", use: NotificationController.createCalendarFeed)
    member.get("admin", "users", use: AdminController.users)
    member.post("admin", "users", ":id", "disable", use: AdminController.disable)
    member.post("admin", "users", ":id", "enable", use: AdminController.enable)

    member.get("initiatives", use: InitiativeController.list)
    member.get("initiatives", "new", use: InitiativeController.new)
    member.post("initiatives", use: InitiativeController.create)

    // Everything under /i/:slug resolves the caller's membership first (Request.initiativeAccess).
    let initiative = member.grouped("i", ":slug")
    initiative.get(use: InitiativeController.home)
    initiative.get("agenda", use: AgendaController.show)
    initiative.get("agenda", "versions", ":number", use: AgendaController.version)
    initiative.get("agenda", "compare", use: AgendaController.compare)
    initiative.get("agenda", "draft", use: AgendaController.edit)
    initiative.post("agenda", "draft", use: AgendaController.save)
    initiative.post("agenda", "publish", use: AgendaController.publish)
    initiative.post("agenda", "endorse", use: AgendaController.endorse)
    initiative.post("agenda", "withdraw", use: AgendaController.withdraw)
    initiative.get("theory-of-change", use: TheoryOfChangeController.show)
    initiative.post("theory-of-change", "parts", use: TheoryOfChangeController.addPart)
    initiative.post("theory-of-change", "links", use: TheoryOfChangeController.link)
    initiative.post("theory-of-change", "links", "remove", use: TheoryOfChangeController.unlink)
    initiative.post("theory-of-change", "indicators", use: TheoryOfChangeController.attach)
    initiative.get("governance", use: GovernanceController.overview)
    initiative.post("governance", use: GovernanceController.create)
    initiative.get("governance", "cycles", use: GovernanceController.cycles)
    initiative.get("governance", ":id", use: GovernanceController.show)
    for action in SiteURL.BodyAction.allCases {
        initiative.post(["governance", ":id"] + action.rawValue.split(separator: "/").map { PathComponent(stringLiteral: String($0)) },
                        use: GovernanceController.handler(action))
    }
    initiative.get("stories", use: StoryController.list)
    initiative.upload("stories", maxBytes: StoryController.maxUploadBytes, use: StoryController.submit)
    initiative.get("stories", ":id", use: StoryController.show)
    initiative.get("stories", ":id", "photo", use: StoryController.photo)
    initiative.post("stories", ":id", "status", use: StoryController.setStatus)
    initiative.get("updates", use: UpdateController.feed)
    initiative.post("updates", use: UpdateController.announce)
    initiative.get("meetings", use: MeetingController.list)
    initiative.post("meetings", use: MeetingController.schedule)
    initiative.get("meetings", ":id", use: MeetingController.show)
    initiative.get("meetings", ":id", "calendar.ics", use: MeetingController.calendar)
    initiative.get("meetings", ":id", "packet", use: DataWalkController.packet)
    for action in SiteURL.MeetingAction.allCases {
        initiative.post(["meetings", ":id"] + action.rawValue.split(separator: "/").map { PathComponent(stringLiteral: String($0)) },
                        use: MeetingController.handler(action))
    }
    initiative.get("decisions", use: MeetingController.decisionLog)
    initiative.get("decisions", ":id", use: MeetingController.decision)
    initiative.post("comments", use: CommentController.add)
    initiative.post("comments", ":id", "edit", use: CommentController.edit)
    initiative.post("comments", ":id", "delete", use: CommentController.delete)
    initiative.get("activities", use: ActivityController.overview)
    initiative.post("activities", use: ActivityController.create)
    initiative.get("activities", "timeline", use: ActivityController.timeline)
    initiative.get("activities", ":id", use: ActivityController.show)
    initiative.post("activities", ":id", use: ActivityController.update)
    initiative.get("partners", use: PartnerController.list)
    initiative.get("partners", "new", use: PartnerController.new)
    initiative.post("partners", use: PartnerController.create)
    initiative.get("partners", ":id", use: PartnerController.show)
    initiative.get("partners", ":id", "edit", use: PartnerController.edit)
    initiative.post("partners", ":id", use: PartnerController.update)
    initiative.get("people", use: PeopleController.list)
    initiative.get("people", "invite", use: PeopleController.inviteForm)
    initiative.post("people", "invite", use: PeopleController.invite)
    initiative.post("people", ":id", "role", use: PeopleController.changeRole)
    initiative.post("people", ":id", "remove", use: PeopleController.remove)
    initiative.get("results", use: ResultsController.overview)
    initiative.get("live", use: LiveController.stream)
    initiative.get("indicators", use: IndicatorController.list)
    initiative.get("indicators", "catalog", use: IndicatorController.catalog)
    initiative.post("indicators", "adopt", use: IndicatorController.adopt)
    initiative.get("indicators", "export.json", use: IndicatorController.export)
    initiative.get("indicators", "breakdowns", use: DimensionController.list)
    initiative.post("indicators", "breakdowns", use: DimensionController.create)
    initiative.get("indicators", "new", use: CustomIndicatorController.form)
    initiative.post("indicators", "new", use: CustomIndicatorController.create)
    initiative.post("indicators", "import", use: IndicatorController.importCatalog)
    initiative.get("indicators", ":id", use: IndicatorController.show)
    initiative.post("indicators", ":id", "assign", use: IndicatorController.assign)
    initiative.post("indicators", ":id", "unassign", use: IndicatorController.unassign)
    initiative.post("indicators", ":id", "target", use: IndicatorController.setTarget)
    initiative.post("indicators", ":id", "target", "remove", use: IndicatorController.removeTarget)
    initiative.post("indicators", ":id", "definition", use: IndicatorController.revise)
    initiative.get("reporting", use: ReportingController.overview)
    initiative.get("reporting", "import", use: ImportController.form)
    initiative.get("reporting", "import", "progress", ":token", use: ImportController.progress)
    initiative.upload("reporting", "import", maxBytes: ImportController.maxUploadBytes, use: ImportController.upload)
    initiative.get("reporting", ":organization", ":period", "template.csv", use: ImportController.template)
    initiative.get("reporting", ":organization", ":period", use: ReportingController.show)
    initiative.post("reporting", ":organization", ":period", use: ReportingController.save)
    initiative.get("review", use: ReviewController.queue)
    initiative.post("review", "settings", use: ReviewController.settings)
    initiative.post("review", "remind", use: PartnerReminders.remind)
    initiative.post("reporting", ":organization", ":period", "exception", use: ReviewController.grantException)
    initiative.get("review", ":id", use: ReviewController.show)
    initiative.post("review", ":id", use: ReviewController.decide)

    // MARK: JSON API (bearer tokens)
    let api = app.grouped("api", "v1").grouped(TokenAuthenticationMiddleware())
    api.get("me", use: APIController.me)
    api.patch("me", use: APIController.updateMe)
    api.get("initiatives", use: APIController.initiatives)
    api.post("initiatives", use: APIController.createInitiative)
    api.get("initiatives", ":slug", use: APIController.initiative)
    api.get("initiatives", ":slug", "organizations", use: APIController.organizations)
    api.post("initiatives", ":slug", "organizations", use: APIController.createOrganization)
    api.get("initiatives", ":slug", "organizations", ":id", use: APIController.organization)
    api.patch("initiatives", ":slug", "organizations", ":id", use: APIController.updateOrganization)
    api.post("initiatives", ":slug", "organizations", ":id", "reminders", use: PartnerReminders.remindByAPI)
    api.get("initiatives", ":slug", "memberships", use: APIController.memberships)
    api.get("initiatives", ":slug", "assignments", use: MeasurementAPI.assignments)
    api.get("initiatives", ":slug", "results", use: ResultsAPI.results)
    api.get("initiatives", ":slug", "agenda", use: AgendaAPI.agenda)
    api.get("initiatives", ":slug", "theory-of-change", use: TheoryOfChangeAPI.graph)
    api.get("initiatives", ":slug", "working-groups", use: GovernanceAPI.bodies)
    api.get("initiatives", ":slug", "activities", use: GovernanceAPI.activities)
    api.get("initiatives", ":slug", "meetings", use: MeetingAPI.meetings)
    api.get("initiatives", ":slug", "decisions", use: MeetingAPI.decisions)
    api.get("initiatives", ":slug", "action-items", use: MeetingAPI.actionItems)
    api.get("initiatives", ":slug", "updates", use: UpdateAPI.updates)
    api.get("initiatives", ":slug", "stories", use: StoryAPI.stories)
    api.post("initiatives", ":slug", "activities", use: GovernanceAPI.createActivity)
    api.patch("initiatives", ":slug", "activities", ":id", use: GovernanceAPI.updateActivity)
    api.get("initiatives", ":slug", "reports", ":organization", ":period", use: MeasurementAPI.report)
    api.put("initiatives", ":slug", "reports", ":organization", ":period", use: MeasurementAPI.saveReport)
    api.get("initiatives", ":slug", "reports", ":organization", ":period", "history", use: ReportHistoryAPI.history)
}

extension RoutesBuilder {
    /// A form that carries a file: the route reads a body up to `maxBytes`, and records that
    /// limit so the CSRF check, which reads the body first, allows the same size.
    func upload(_ path: PathComponent..., maxBytes: Int, use handler: @escaping @Sendable (Request) async throws -> Response) {
        let route = on(.POST, path, body: .collect(maxSize: ByteCount(value: maxBytes)), use: handler)
        route.userInfo[UploadLimit.key] = maxBytes
    }
}

/// The body size a route accepts when it is larger than an ordinary form's.
enum UploadLimit {
    static let key: AnySendableHashable = "backbone.maxBodyBytes"

    static func bytes(for request: Request) -> Int {
        request.route?.userInfo[key] as? Int ?? CSRFMiddleware.maxFormBytes
    }
}
