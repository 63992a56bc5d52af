/// Everything a member can try to do inside an initiative.
///
/// The single source of truth for who may do what is ``Permissions/allows(_:_:)``; the table in
/// docs/permissions.md is tested against it, so the two cannot drift apart.
public enum InitiativeAction: String, CaseIterable, Sendable {
    case viewInitiative = "view_initiative"
    case viewPartners = "view_partners"
    case createPartner = "create_partner"
    case editAnyPartner = "edit_any_partner"
    case editOwnPartner = "edit_own_partner"
    case viewPeople = "view_people"
    case manageMemberships = "manage_memberships"
    case viewIndicators = "view_indicators"
    case manageIndicators = "manage_indicators"
    case viewPartnerFigures = "view_partner_figures"
    case reportForOwnOrganization = "report_own"
    case reportForAnyPartner = "report_any"
    case reviewReports = "review_reports"
    case editAgenda = "edit_agenda"
    case endorseAgenda = "endorse_agenda"
    case editGovernance = "edit_governance"
    case leadWorkingGroup = "lead_working_group"
    case editAnyActivity = "edit_any_activity"
    case editOwnActivities = "edit_own_activities"
    case manageMeetings = "manage_meetings"
    case postUpdates = "post_updates"
    case submitStories = "submit_stories"
    case publishStories = "publish_stories"

    public var title: String {
        switch self {
        case .viewInitiative: "See the initiative's home page"
        case .viewPartners: "See partner organizations"
        case .createPartner: "Add a partner organization"
        case .editAnyPartner: "Edit any partner organization"
        case .editOwnPartner: "Edit their own organization's profile"
        case .viewPeople: "See people and their roles"
        case .manageMemberships: "Invite people, change roles, remove members"
        case .viewIndicators: "See the initiative's indicators and their definitions"
        case .manageIndicators: "Adopt and define indicators, assign them to partners"
        case .viewPartnerFigures: "See every partner's figures and targets side by side"
        case .reportForOwnOrganization: "Enter and submit their own organization's figures"
        case .reportForAnyPartner: "Enter figures on behalf of any partner"
        case .reviewReports: "Approve, return and reopen partners' reports"
        case .editAgenda: "Draft and publish the common agenda"
        case .endorseAgenda: "Endorse the common agenda for their organization"
        case .editGovernance: "Set up the steering committee and working groups"
        case .leadWorkingGroup: "Edit the members, cycle and activities of a working group they chair"
        case .editAnyActivity: "Add and change any partner's activities"
        case .editOwnActivities: "Add and change their own organization's activities"
        case .manageMeetings: "Schedule any meeting and keep its agenda, minutes, decisions and action items"
        case .postUpdates: "Post announcements to the updates feed"
        case .submitStories: "Submit stories of their organization's work"
        case .publishStories: "Publish stories, and record consent"
        }
    }
}

/// The permission matrix: role × action. Checked on the server for every request.
public enum Permissions {
    /// Whether a member with `role` may perform `action` in their initiative.
    public static func allows(_ role: Role, _ action: InitiativeAction) -> Bool {
        switch action {
        case .viewInitiative, .viewPartners, .viewIndicators:
            return true
        case .manageIndicators, .reportForAnyPartner, .reviewReports:
            return role.isBackbone
        case .viewPartnerFigures:
            return role.isBackbone || role == .steeringCommitteeMember
        case .reportForOwnOrganization:
            return role.isBackbone || role == .partnerDataSteward
        case .createPartner, .editAnyPartner:
            return role.isBackbone
        case .editOwnPartner:
            return role.isBackbone || role == .partnerDataSteward
        case .viewPeople:
            return role != .partnerViewer
        case .manageMemberships:
            return role == .backboneAdmin
        case .editAgenda:
            return role.isBackbone
        case .editGovernance, .editAnyActivity, .manageMeetings, .postUpdates, .publishStories:
            return role.isBackbone
        case .leadWorkingGroup:
            // Only for the groups the person chairs or co-chairs: checked per group.
            return role == .workingGroupLead
        case .editOwnActivities, .submitStories:
            return role.isBackbone || role == .partnerDataSteward || role == .workingGroupLead
        case .endorseAgenda:
            // Those who speak for their organization; a viewer only reads.
            return role != .partnerViewer && role != .backboneStaff
        }
    }

    /// A platform administrator acts as a backbone admin in every initiative, so that a fresh
    /// installation can be set up before anyone holds a membership.
    public static func effectiveRole(membershipRole: Role?, isPlatformAdmin: Bool) -> Role? {
        if isPlatformAdmin { return .backboneAdmin }
        return membershipRole
    }
}
