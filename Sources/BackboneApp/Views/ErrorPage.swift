import BackboneDomain
import Plot
import Vapor

/// The page shown for any error in the browser.
struct ErrorPage {
    let status: HTTPResponseStatus
    let message: String
    let signedIn: SignedIn?
    let language: SiteLanguage

    func response(status: HTTPResponseStatus) -> Response {
        var chrome = Chrome.anonymous
        chrome.user = signedIn?.user
        chrome.csrfToken = signedIn?.session?.csrfToken ?? ""
        chrome.t = Texts(language)
        let heading = chrome.t(headingKey)
        return Layout.page(heading, chrome,
            .div(.class("panel narrow"),
                 .h1(.text(heading)),
                 .p(.text(message)),
                 .p(.a(.href(SiteURL.home.path), .text(chrome.t("error.home")))))
        ).response(status: status)
    }

    private var headingKey: String {
        switch status {
        case .notFound: "error.notFound"
        case .forbidden: "error.forbidden"
        case .tooManyRequests: "error.tooManyRequests"
        case .payloadTooLarge: "error.payloadTooLarge"
        case .badRequest: "error.badRequest"
        case .internalServerError: "error.serverError"
        case .serviceUnavailable: "error.unavailable"
        default: "error.other"
        }
    }
}

/// Short confirmations after a redirect, chosen by a code in the query string so that no
/// arbitrary text can be injected through a link.
enum Notice: String {
    case impactReportSaved = "impact-report-saved"
    case impactReportReleased = "impact-report-released"
    case impactReportLinkRevoked = "impact-report-link-revoked"
    case impactReportDeleted = "impact-report-deleted"
    case partnerCreated = "partner-created"
    case partnerSaved = "partner-saved"
    case passwordChanged = "password-changed"
    case tokenRevoked = "token-revoked"
    case roleChanged = "role-changed"
    case memberRemoved = "member-removed"
    case memberAdded = "member-added"
    case initiativeCreated = "initiative-created"
    case userDisabled = "user-disabled"
    case userEnabled = "user-enabled"
    case passwordSet = "password-set"
    case signedOut = "signed-out"
    case indicatorAdopted = "indicator-adopted"
    case indicatorAssigned = "indicator-assigned"
    case indicatorUnassigned = "indicator-unassigned"
    case draftSaved = "draft-saved"
    case reportSubmitted = "report-submitted"
    case reportApproved = "report-approved"
    case reportReturned = "report-returned"
    case targetSaved = "target-saved"
    case exceptionGranted = "exception-granted"
    case webhookRemoved = "webhook-removed"
    case settingsSaved = "settings-saved"
    case reminderSent = "reminder-sent"
    case translationSaved = "translation-saved"
    case profileSaved = "profile-saved"
    case definitionVersioned = "definition-versioned"
    case definitionUnchanged = "definition-unchanged"
    case dimensionAdded = "dimension-added"
    case targetRemoved = "target-removed"
    case indicatorCreated = "indicator-created"
    case agendaDraftSaved = "agenda-draft-saved"
    case agendaPublished = "agenda-published"
    case agendaEndorsed = "agenda-endorsed"
    case agendaWithdrawn = "agenda-withdrawn"
    case changePartAdded = "change-part-added"
    case changeLinked = "change-linked"
    case changeUnlinked = "change-unlinked"
    case changeIndicatorAttached = "change-indicator-attached"
    case bodyCreated = "body-created"
    case charterSaved = "charter-saved"
    case bodyStatusChanged = "body-status-changed"
    case bodyMerged = "body-merged"
    case bodyMemberAdded = "body-member-added"
    case bodyTermEnded = "body-term-ended"
    case strategyAssigned = "strategy-assigned"
    case strategyUnassigned = "strategy-unassigned"
    case cycleSaved = "cycle-saved"
    case activityAdded = "activity-added"
    case activitySaved = "activity-saved"
    case meetingScheduled = "meeting-scheduled"
    case meetingSaved = "meeting-saved"
    case updatePosted = "update-posted"
    case storySubmitted = "story-submitted"
    case storyPublished = "story-published"
    case storyUnpublished = "story-unpublished"
    case publishingSaved = "publishing-saved"
    case consentRecorded = "consent-recorded"
    case scenarioSaved = "scenario-saved"
    case scenarioDeleted = "scenario-deleted"
    case roundOpened = "round-opened"
    case answersSaved = "answers-saved"
    case answersSubmitted = "answers-submitted"
    case templateSaved = "template-saved"
    case templateVersioned = "template-versioned"
    case periodicSaved = "periodic-saved"
    case periodicShared = "periodic-shared"
    case commitmentSaved = "commitment-saved"
    case needsSaved = "needs-saved"
    case eventSaved = "event-saved"
    case feedbackSaved = "feedback-saved"
    case feedbackAnswered = "feedback-answered"
    case feedbackThanks = "feedback-thanks"
    case outreachSettingsSaved = "outreach-settings-saved"

    /// The confirmation, in the page's language.
    func text(_ t: Texts) -> String { t("notice.\(rawValue)") }

    static func from(_ request: Request) -> Notice? {
        (try? request.query.get(String.self, at: "done")).flatMap(Notice.init(rawValue:))
    }

    func appended(to path: String) -> String { "\(path)?done=\(rawValue)" }
}

func noticeBanner<C: HTML.BodyContext>(_ notice: Notice?, _ t: Texts) -> Node<C> {
    guard let notice else { return .empty }
    return .div(.class("alert alert-success"), .attribute(named: "role", value: "status"), .p(.text(notice.text(t))))
}
