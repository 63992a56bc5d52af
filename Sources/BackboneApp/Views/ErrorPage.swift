import Plot
import Vapor

/// The page shown for any error in the browser.
struct ErrorPage {
    let status: HTTPResponseStatus
    let message: String
    let signedIn: SignedIn?

    func response(status: HTTPResponseStatus) -> Response {
        var chrome = Chrome.anonymous
        chrome.user = signedIn?.user
        chrome.csrfToken = signedIn?.session?.csrfToken ?? ""
        return Layout.page(heading, chrome,
            .div(.class("panel narrow"),
                 .h1(.text(heading)),
                 .p(.text(message)),
                 .p(.a(.href(SiteURL.home.path), .text("Go to the start page"))))
        ).response(status: status)
    }

    private var heading: String {
        switch status {
        case .notFound: "Page not found"
        case .forbidden: "Not allowed"
        case .tooManyRequests: "Too many attempts"
        case .payloadTooLarge: "Too much data"
        case .badRequest: "Something in the request was wrong"
        case .internalServerError: "Something went wrong"
        default: status.reasonPhrase
        }
    }
}

/// Short confirmations after a redirect, chosen by a code in the query string so that no
/// arbitrary text can be injected through a link.
enum Notice: String {
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
    case settingsSaved = "settings-saved"
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

    var text: String {
        switch self {
        case .partnerCreated: "The partner was added."
        case .partnerSaved: "Your changes were saved."
        case .passwordChanged: "Your password was changed. Your other sessions were signed out."
        case .tokenRevoked: "The token was revoked. Programs using it can no longer sign in."
        case .roleChanged: "The role was changed."
        case .memberRemoved: "The person was removed from this initiative."
        case .memberAdded: "The person was added to this initiative."
        case .initiativeCreated: "The initiative was created."
        case .userDisabled: "The account was disabled and its sessions ended."
        case .userEnabled: "The account was enabled again."
        case .passwordSet: "Your password is set. You can sign in now."
        case .signedOut: "You are signed out."
        case .targetRemoved: "The partner's target was removed."
        case .dimensionAdded: "The breakdown was added. Indicators you create can now declare it."
        case .indicatorCreated: "The indicator was created. Set its target and assign it to the partners who report it."
        case .indicatorAdopted: "The indicator was added to this initiative. Assign it to the partners who report it."
        case .indicatorAssigned: "The assignment was saved."
        case .indicatorUnassigned: "The partner no longer reports this indicator. Figures already reported are kept."
        case .draftSaved: "Your draft was saved. You can come back to it at any time."
        case .reportSubmitted: "Your report was submitted. The backbone will review it."
        case .reportApproved: "The report was approved."
        case .reportReturned: "The report was returned to the partner with your comment."
        case .targetSaved: "The baseline and target were saved."
        case .exceptionGranted: "The partner can change this locked period until the date you chose."
        case .settingsSaved: "The reporting settings were saved."
        case .definitionVersioned: "A new version of the definition was recorded. Figures for periods from its date use it; earlier figures keep theirs."
        case .definitionUnchanged: "Nothing that changes the meaning was changed, so no new version was needed."
        case .agendaDraftSaved: "The draft was saved. Partners see it only once you publish it."
        case .agendaPublished: "The new version was published. Partners can now read and endorse it."
        case .agendaEndorsed: "Your organization's endorsement was recorded."
        case .agendaWithdrawn: "Your organization's endorsement was withdrawn."
        case .changePartAdded: "The part was added. Link it to what it contributes to."
        case .changeLinked: "The link was added."
        case .changeUnlinked: "The link was removed."
        case .changeIndicatorAttached: "The indicator is attached."
        case .bodyCreated: "The body was set up as forming. Add its members and, for a working group, its strategies."
        case .charterSaved: "The charter was saved."
        case .bodyStatusChanged: "The status was changed and the reason recorded."
        case .bodyMerged: "The groups were merged. The merged group is closed and keeps its record."
        case .bodyMemberAdded: "The member was added."
        case .bodyTermEnded: "The term was ended. The member stays on the record."
        case .strategyAssigned: "The group now owns the strategy."
        case .strategyUnassigned: "The group no longer owns the strategy."
        case .cycleSaved: "The quarter's cycle was saved."
        case .activityAdded: "The activity was added to the action plan."
        case .activitySaved: "The activity was saved."
        case .meetingScheduled: "The meeting was scheduled and its members invited. Add the agenda below."
        case .meetingSaved: "Saved."
        case .updatePosted: "The announcement was posted."
        case .storySubmitted: "Thank you: the story was submitted. The backbone will publish it."
        case .storyPublished: "The story is published."
        case .storyUnpublished: "The story is no longer published."
        }
    }

    static func from(_ request: Request) -> Notice? {
        (try? request.query.get(String.self, at: "done")).flatMap(Notice.init(rawValue:))
    }

    func appended(to path: String) -> String { "\(path)?done=\(rawValue)" }
}

func noticeBanner<C: HTML.BodyContext>(_ notice: Notice?) -> Node<C> {
    guard let notice else { return .empty }
    return .div(.class("alert alert-success"), .attribute(named: "role", value: "status"), .p(.text(notice.text)))
}
