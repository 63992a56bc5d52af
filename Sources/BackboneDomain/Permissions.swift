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

    public var title: String {
        switch self {
        case .viewInitiative: "See the initiative's home page"
        case .viewPartners: "See partner organizations"
        case .createPartner: "Add a partner organization"
        case .editAnyPartner: "Edit any partner organization"
        case .editOwnPartner: "Edit their own organization's profile"
        case .viewPeople: "See people and their roles"
        case .manageMemberships: "Invite people, change roles, remove members"
        }
    }
}

/// The permission matrix: role × action. Checked on the server for every request.
public enum Permissions {
    /// Whether a member with `role` may perform `action` in their initiative.
    public static func allows(_ role: Role, _ action: InitiativeAction) -> Bool {
        switch action {
        case .viewInitiative, .viewPartners:
            return true
        case .createPartner, .editAnyPartner:
            return role.isBackbone
        case .editOwnPartner:
            return role.isBackbone || role == .partnerDataSteward
        case .viewPeople:
            return role != .partnerViewer
        case .manageMemberships:
            return role == .backboneAdmin
        }
    }

    /// A platform administrator acts as a backbone admin in every initiative, so that a fresh
    /// installation can be set up before anyone holds a membership.
    public static func effectiveRole(membershipRole: Role?, isPlatformAdmin: Bool) -> Role? {
        if isPlatformAdmin { return .backboneAdmin }
        return membershipRole
    }
}
