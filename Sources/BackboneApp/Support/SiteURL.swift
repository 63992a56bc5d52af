import BackboneDomain
import Foundation

/// Every page's path, used both to register routes and to build links, so a link cannot point
/// at a page that does not exist.
enum SiteURL {
    case home
    case login
    case logout
    case language
    case setup
    case setPassword(token: String)
    case forgotPassword
    case help
    case helpArea(HelpArea)
    case account
    case accountPassword
    case accountProfile
    case accountTokens
    case revokeToken(id: UUID)
    case adminUsers
    case adminUserDisable(id: UUID)
    case adminUserEnable(id: UUID)
    case initiatives
    case initiativeNew
    case initiative(slug: String)
    case partners(slug: String)
    case partnerNew(slug: String)
    case partner(slug: String, id: UUID)
    case partnerEdit(slug: String, id: UUID)
    case people(slug: String)
    case peopleInvite(slug: String)
    case membershipRole(slug: String, id: UUID)
    case membershipRemove(slug: String, id: UUID)
    case indicators(slug: String)
    case results(slug: String)
    case resultsCSV(slug: String)
    case impactReports(slug: String)
    case newImpactReport(slug: String)
    case impactReport(slug: String, id: UUID)
    case impactReportStep(slug: String, id: UUID, step: ImpactReportStep)
    case sharedImpactReport(token: String)
    case sharedImpactReportPrintStyle(token: String)
    case printScript
    case indicatorCatalog(slug: String)
    case indicatorNew(slug: String)
    case importScript
    case liveScript
    case reportScript
    case live(slug: String)
    case dimensions(slug: String)
    case indicatorAdopt(slug: String)
    case indicator(slug: String, id: UUID)
    case indicatorSeriesCSV(slug: String, id: UUID)
    case indicatorAssign(slug: String, id: UUID)
    case indicatorUnassign(slug: String, id: UUID)
    case indicatorTarget(slug: String, id: UUID)
    case reporting(slug: String)
    case report(slug: String, organization: UUID, period: String)
    case review(slug: String)
    case reviewSubmission(slug: String, id: UUID)
    case agenda(slug: String)
    case agendaEdit(slug: String)
    case agendaPublish(slug: String)
    case agendaVersion(slug: String, number: Int)
    case agendaCompare(slug: String)
    case agendaEndorse(slug: String)
    case agendaWithdraw(slug: String)
    case theoryOfChange(slug: String)
    case theoryOfChangeParts(slug: String)
    case theoryOfChangeLinks(slug: String)
    case theoryOfChangeUnlink(slug: String)
    case theoryOfChangeIndicators(slug: String)
    case governance(slug: String)
    case governanceCycles(slug: String)
    case body(slug: String, id: UUID)
    case bodyAction(slug: String, id: UUID, action: BodyAction)
    case activities(slug: String)
    case activitiesTimeline(slug: String)
    case activity(slug: String, id: UUID)
    case notifications
    case updates(slug: String)
    case stories(slug: String)
    case story(slug: String, id: UUID)
    case storyPhoto(slug: String, id: UUID)
    case storyStatus(slug: String, id: UUID)
    case publicStories(slug: String)
    case publicResults(slug: String)
    case publicEmbed(slug: String, code: String)
    case publicReport(slug: String, id: UUID)
    case publicReportPrintStyle(slug: String, id: UUID)
    case publicResultsAPI(slug: String)
    case publicResultsCSV(slug: String)
    case publishing(slug: String)
    case webhooks(slug: String)
    case webhookDelete(slug: String, id: UUID)
    case publicationConsent(slug: String, organization: UUID)
    case newScenario(slug: String, indicatorID: UUID)
    case indicatorScenarios(slug: String, indicatorID: UUID)
    case scenario(slug: String, id: UUID)
    case scenarioDelete(slug: String, id: UUID)
    case assessments(slug: String)
    case assessmentNew(slug: String)
    case assessmentTemplate(slug: String, kind: AssessmentKind)
    case assessmentRound(slug: String, id: UUID)
    case assessmentResults(slug: String, id: UUID)
    case periodicAssessments(slug: String)
    case periodicAssessment(slug: String, quarter: String)
    case funding(slug: String)
    case fundingCommitments(slug: String)
    case fundingCommitmentNew(slug: String)
    case fundingCommitment(slug: String, id: UUID)
    case fundingNeeds(slug: String)
    case outreach(slug: String)
    case outreachEvents(slug: String)
    case outreachEventNew(slug: String)
    case outreachEvent(slug: String, id: UUID)
    case outreachSettings(slug: String)
    case feedbackList(slug: String)
    case feedbackNew(slug: String)
    case feedbackItem(slug: String, id: UUID)
    case publicVoice(slug: String)
    case publicStory(slug: String, id: UUID)
    case publicStoryPhoto(slug: String, id: UUID)
    case notificationsRead
    case accountNotifications
    case accountCalendar
    case calendarFeed(token: String)
    case heldForm(key: String)
    case accountSession
    case sessionScript
    case meetings(slug: String)
    case meeting(slug: String, id: UUID)
    case meetingAction(slug: String, id: UUID, action: MeetingAction)
    case meetingCalendar(slug: String, id: UUID)
    case meetingPacket(slug: String, id: UUID)
    case decisions(slug: String)
    case search(slug: String)
    case decision(slug: String, id: UUID)
    case comments(slug: String)
    case commentAction(slug: String, id: UUID, action: String)
    case stylesheet

    /// The forms on a meeting's page, each posting to its own path.
    enum MeetingAction: String, CaseIterable {
        case agenda, invite, attendance, minutes, decisions, actions, actionStatus = "actions/status"
    }

    /// The forms on a body's page, each posting to its own path.
    enum BodyAction: String, CaseIterable {
        case charter, status, merge, members, endTerm = "members/end", strategies, strategiesRemove = "strategies/remove", cycle
    }

    /// The path, percent-encoded: its parts are checked slugs, UUIDs and enum cases, and the
    /// encoding makes that a guarantee, so a path can go into an attribute or a `Location` as is.
    var path: String {
        unencodedPath.addingPercentEncoding(withAllowedCharacters: Self.pathCharacters) ?? Self.home.unencodedPath
    }

    private static let pathCharacters = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "\"'<>&;="))

    private var unencodedPath: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .language: "/language"
        case .setup: "/setup"
        case .setPassword(let token): "/set-password/\(token)"
        case .forgotPassword: "/forgot-password"
        case .help: "/help"
        case .helpArea(let area): "/help/\(area.rawValue)"
        case .search(let slug): "/i/\(slug)/search"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .accountProfile: "/account/profile"
        case .accountTokens: "/account/tokens"
        case .revokeToken(let id): "/account/tokens/\(id.uuidString)/revoke"
        case .adminUsers: "/admin/users"
        case .adminUserDisable(let id): "/admin/users/\(id.uuidString)/disable"
        case .adminUserEnable(let id): "/admin/users/\(id.uuidString)/enable"
        case .initiatives: "/initiatives"
        case .initiativeNew: "/initiatives/new"
        case .initiative(let slug): "/i/\(slug)"
        case .partners(let slug): "/i/\(slug)/partners"
        case .partnerNew(let slug): "/i/\(slug)/partners/new"
        case .partner(let slug, let id): "/i/\(slug)/partners/\(id.uuidString)"
        case .partnerEdit(let slug, let id): "/i/\(slug)/partners/\(id.uuidString)/edit"
        case .people(let slug): "/i/\(slug)/people"
        case .peopleInvite(let slug): "/i/\(slug)/people/invite"
        case .membershipRole(let slug, let id): "/i/\(slug)/people/\(id.uuidString)/role"
        case .membershipRemove(let slug, let id): "/i/\(slug)/people/\(id.uuidString)/remove"
        case .indicators(let slug): "/i/\(slug)/indicators"
        case .results(let slug): "/i/\(slug)/results"
        case .resultsCSV(let slug): "/i/\(slug)/results.csv"
        case .impactReports(let slug): "/i/\(slug)/impact-reports"
        case .newImpactReport(let slug): "/i/\(slug)/impact-reports/new"
        case .impactReport(let slug, let id): "/i/\(slug)/impact-reports/\(id.uuidString)"
        case .impactReportStep(let slug, let id, let step): "/i/\(slug)/impact-reports/\(id.uuidString)/\(step.rawValue)"
        case .sharedImpactReport(let token): "/shared/impact-reports/\(token)"
        case .sharedImpactReportPrintStyle(let token): "/shared/impact-reports/\(token)/print.css"
        case .printScript: "/assets/print.js"
        case .indicatorCatalog(let slug): "/i/\(slug)/indicators/catalog"
        case .indicatorNew(let slug): "/i/\(slug)/indicators/new"
        case .importScript: "/assets/import.js"
        case .liveScript: "/assets/live.js"
        case .reportScript: "/assets/report.js"
        case .live(let slug): "/i/\(slug)/live"
        case .dimensions(let slug): "/i/\(slug)/indicators/breakdowns"
        case .indicatorAdopt(let slug): "/i/\(slug)/indicators/adopt"
        case .indicator(let slug, let id): "/i/\(slug)/indicators/\(id.uuidString)"
        case .indicatorSeriesCSV(let slug, let id): "/i/\(slug)/indicators/\(id.uuidString)/series.csv"
        case .indicatorAssign(let slug, let id): "/i/\(slug)/indicators/\(id.uuidString)/assign"
        case .indicatorUnassign(let slug, let id): "/i/\(slug)/indicators/\(id.uuidString)/unassign"
        case .indicatorTarget(let slug, let id): "/i/\(slug)/indicators/\(id.uuidString)/target"
        case .reporting(let slug): "/i/\(slug)/reporting"
        case .report(let slug, let organization, let period): "/i/\(slug)/reporting/\(organization.uuidString)/\(period)"
        case .review(let slug): "/i/\(slug)/review"
        case .agenda(let slug): "/i/\(slug)/agenda"
        case .agendaEdit(let slug): "/i/\(slug)/agenda/draft"
        case .agendaPublish(let slug): "/i/\(slug)/agenda/publish"
        case .agendaVersion(let slug, let number): "/i/\(slug)/agenda/versions/\(number)"
        case .agendaCompare(let slug): "/i/\(slug)/agenda/compare"
        case .agendaEndorse(let slug): "/i/\(slug)/agenda/endorse"
        case .agendaWithdraw(let slug): "/i/\(slug)/agenda/withdraw"
        case .theoryOfChange(let slug): "/i/\(slug)/theory-of-change"
        case .theoryOfChangeParts(let slug): "/i/\(slug)/theory-of-change/parts"
        case .theoryOfChangeLinks(let slug): "/i/\(slug)/theory-of-change/links"
        case .theoryOfChangeUnlink(let slug): "/i/\(slug)/theory-of-change/links/remove"
        case .theoryOfChangeIndicators(let slug): "/i/\(slug)/theory-of-change/indicators"
        case .governance(let slug): "/i/\(slug)/governance"
        case .governanceCycles(let slug): "/i/\(slug)/governance/cycles"
        case .body(let slug, let id): "/i/\(slug)/governance/\(id.uuidString)"
        case .bodyAction(let slug, let id, let action): "/i/\(slug)/governance/\(id.uuidString)/\(action.rawValue)"
        case .activities(let slug): "/i/\(slug)/activities"
        case .activitiesTimeline(let slug): "/i/\(slug)/activities/timeline"
        case .activity(let slug, let id): "/i/\(slug)/activities/\(id.uuidString)"
        case .notifications: "/notifications"
        case .updates(let slug): "/i/\(slug)/updates"
        case .stories(let slug): "/i/\(slug)/stories"
        case .story(let slug, let id): "/i/\(slug)/stories/\(id.uuidString)"
        case .storyPhoto(let slug, let id): "/i/\(slug)/stories/\(id.uuidString)/photo"
        case .storyStatus(let slug, let id): "/i/\(slug)/stories/\(id.uuidString)/status"
        case .publicStories(let slug): "/stories/\(slug)"
        case .publicResults(let slug): "/p/\(slug)"
        case .publicEmbed(let slug, let code): "/p/\(slug)/embed/\(code)"
        case .publicReport(let slug, let id): "/p/\(slug)/reports/\(id.uuidString)"
        case .publicReportPrintStyle(let slug, let id): "/p/\(slug)/reports/\(id.uuidString)/print.css"
        case .publicResultsAPI(let slug): "/api/v1/public/\(slug)/results"
        case .publicResultsCSV(let slug): "/api/v1/public/\(slug)/results.csv"
        case .publishing(let slug): "/i/\(slug)/publishing"
        case .webhooks(let slug): "/i/\(slug)/webhooks"
        case .webhookDelete(let slug, let id): "/i/\(slug)/webhooks/\(id.uuidString)/delete"
        case .publicationConsent(let slug, let organization): "/i/\(slug)/partners/\(organization.uuidString)/publication-consent"
        case .newScenario(let slug, let indicatorID): "/i/\(slug)/indicators/\(indicatorID.uuidString)/scenarios/new"
        case .indicatorScenarios(let slug, let indicatorID): "/i/\(slug)/indicators/\(indicatorID.uuidString)/scenarios"
        case .scenario(let slug, let id): "/i/\(slug)/scenarios/\(id.uuidString)"
        case .scenarioDelete(let slug, let id): "/i/\(slug)/scenarios/\(id.uuidString)/delete"
        case .assessments(let slug): "/i/\(slug)/assessments"
        case .assessmentNew(let slug): "/i/\(slug)/assessments/new"
        case .assessmentTemplate(let slug, let kind): "/i/\(slug)/assessments/templates/\(kind.rawValue)"
        case .assessmentRound(let slug, let id): "/i/\(slug)/assessments/\(id.uuidString)"
        case .assessmentResults(let slug, let id): "/i/\(slug)/assessments/\(id.uuidString)/results"
        case .periodicAssessments(let slug): "/i/\(slug)/periodic-assessments"
        case .periodicAssessment(let slug, let quarter): "/i/\(slug)/periodic-assessments/\(quarter)"
        case .funding(let slug): "/i/\(slug)/funding"
        case .fundingCommitments(let slug): "/i/\(slug)/funding/commitments"
        case .fundingCommitmentNew(let slug): "/i/\(slug)/funding/commitments/new"
        case .fundingCommitment(let slug, let id): "/i/\(slug)/funding/commitments/\(id.uuidString)"
        case .fundingNeeds(let slug): "/i/\(slug)/funding/needs"
        case .outreach(let slug): "/i/\(slug)/outreach"
        case .outreachEvents(let slug): "/i/\(slug)/outreach/events"
        case .outreachEventNew(let slug): "/i/\(slug)/outreach/events/new"
        case .outreachEvent(let slug, let id): "/i/\(slug)/outreach/events/\(id.uuidString)"
        case .outreachSettings(let slug): "/i/\(slug)/outreach/settings"
        case .feedbackList(let slug): "/i/\(slug)/outreach/feedback"
        case .feedbackNew(let slug): "/i/\(slug)/outreach/feedback/new"
        case .feedbackItem(let slug, let id): "/i/\(slug)/outreach/feedback/\(id.uuidString)"
        case .publicVoice(let slug): "/p/\(slug)/voice"
        case .publicStory(let slug, let id): "/stories/\(slug)/\(id.uuidString)"
        case .publicStoryPhoto(let slug, let id): "/stories/\(slug)/\(id.uuidString)/photo"
        case .notificationsRead: "/notifications/read"
        case .accountNotifications: "/account/notifications"
        case .accountCalendar: "/account/calendar"
        case .calendarFeed(let token): "/calendar/\(token).ics"
        case .heldForm(let key): "/account/held/\(key)"
        case .accountSession: "/account/session"
        case .sessionScript: "/assets/session.js"
        case .meetings(let slug): "/i/\(slug)/meetings"
        case .meeting(let slug, let id): "/i/\(slug)/meetings/\(id.uuidString)"
        case .meetingAction(let slug, let id, let action): "/i/\(slug)/meetings/\(id.uuidString)/\(action.rawValue)"
        case .meetingCalendar(let slug, let id): "/i/\(slug)/meetings/\(id.uuidString)/calendar.ics"
        case .meetingPacket(let slug, let id): "/i/\(slug)/meetings/\(id.uuidString)/packet"
        case .decisions(let slug): "/i/\(slug)/decisions"
        case .decision(let slug, let id): "/i/\(slug)/decisions/\(id.uuidString)"
        case .comments(let slug): "/i/\(slug)/comments"
        case .commentAction(let slug, let id, let action): "/i/\(slug)/comments/\(id.uuidString)/\(action)"
        case .reviewSubmission(let slug, let id): "/i/\(slug)/review/\(id.uuidString)"
        case .stylesheet: "/assets/backbone.css"
        }
    }
}

/// What can be done to one impact report, each at its own path below the report's.
enum ImpactReportStep: String {
    case edit, release, share, delete
    case revokeShare = "share/revoke"
    case data = "data.csv"
    case printStyle = "print.css"
}
