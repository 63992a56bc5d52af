/// Everything a member can try to do inside an initiative.
///
/// The single source of truth for who may do what is ``Permissions/allows(_:_:)``; the table in
/// docs/permissions.md is tested against it, so the two cannot drift apart.
public enum InitiativeAction: String, NamedInCatalog, CaseIterable, Sendable {
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
    case importHistory = "import_history"
    case manageWebhooks = "manage_webhooks"
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
    case composeImpactReports = "compose_impact_reports"
    case managePublishing = "manage_publishing"
    case saveScenarios = "save_scenarios"
    case manageAssessments = "manage_assessments"
    case viewAssessmentBreakdowns = "view_assessment_breakdowns"
    case viewPeriodicAssessments = "view_periodic_assessments"
    case viewFunding = "view_funding"
    case manageFunding = "manage_funding"
    case viewOwnFunding = "view_own_funding"
    case viewOutreach = "view_outreach"
    case recordOutreach = "record_outreach"
    case respondToFeedback = "respond_to_feedback"
    case manageOutreach = "manage_outreach"

    public static let catalogKey = "permission"
}

/// The permission matrix: role × action. Checked on the server for every request.
public enum Permissions {
    /// Whether a member with `role` may perform `action` in their initiative.
    public static func allows(_ role: Role, _ action: InitiativeAction) -> Bool {
        switch action {
        case .viewInitiative, .viewPartners, .viewIndicators, .viewOutreach:
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
            return !role.isReadOnly
        case .manageMemberships, .managePublishing, .importHistory, .manageWebhooks:
            return role == .backboneAdmin
        case .editAgenda:
            return role.isBackbone
        case .editGovernance, .editAnyActivity, .manageMeetings, .postUpdates, .publishStories, .composeImpactReports:
            return role.isBackbone
        case .saveScenarios:
            // A working group's leads only for the strategies their groups own: checked per scenario.
            return role.isBackbone || role == .workingGroupLead
        case .manageAssessments:
            return role.isBackbone
        case .viewAssessmentBreakdowns:
            // Even anonymous, results by sector and body are for those who steer the work.
            return role.isBackbone || role == .steeringCommitteeMember
        case .viewPeriodicAssessments:
            return role.isBackbone || role == .steeringCommitteeMember || role == .workingGroupLead
        case .viewFunding:
            // Every funder's amounts: for those who steer the work. A funder sees its own
            // (view_own_funding), and everyone sees the map once the backbone publishes it.
            return role.isBackbone || role == .steeringCommitteeMember || role == .workingGroupLead
        case .manageFunding:
            return role.isBackbone
        case .viewOwnFunding:
            return role == .funder
        case .recordOutreach:
            // Partners organize most events: a partner's steward and a group's lead record their
            // own organization's (checked per event); the backbone any.
            return role.isBackbone || role == .workingGroupLead || role == .partnerDataSteward
        case .respondToFeedback:
            return role.isBackbone || role == .workingGroupLead
        case .manageOutreach:
            // Residents' contact details and the public voice page.
            return role.isBackbone
        case .leadWorkingGroup:
            // Only for the groups the person chairs or co-chairs: checked per group.
            return role == .workingGroupLead
        case .editOwnActivities, .submitStories:
            return role.isBackbone || role == .partnerDataSteward || role == .workingGroupLead
        case .endorseAgenda:
            // Those who speak for their organization; a viewer only reads.
            return !role.isReadOnly && role != .backboneStaff
        }
    }

    /// A platform administrator acts as a backbone admin in every initiative, so that a fresh
    /// installation can be set up before anyone holds a membership.
    public static func effectiveRole(membershipRole: Role?, isPlatformAdmin: Bool) -> Role? {
        if isPlatformAdmin { return .backboneAdmin }
        return membershipRole
    }
}
