import BackboneDomain
import BackbonePersistence
import Foundation
import Vapor

/// What the caller may change in governance and the action plan. The role table says what a
/// role may do in general; which groups someone leads (chair or co-chair in a current term) and
/// which strategies those groups own decide it per object.
struct GovernanceRights: Sendable {
    let access: InitiativeAccess
    /// Open bodies the caller chairs or co-chairs today.
    let ledBodies: Set<UUID>
    /// Strategies owned by those bodies.
    let ledStrategies: Set<UUID>

    static func load(_ req: Request, _ access: InitiativeAccess) async throws -> GovernanceRights {
        guard access.can(.leadWorkingGroup), let userID = try? req.requireSignedIn().user.requireID() else {
            return GovernanceRights(access: access, ledBodies: [], ledStrategies: [])
        }
        let repository = GovernanceRepository(db: req.db, scope: access.scope)
        let led = try await repository.ledBodies(userID: userID, on: CalendarDay(containing: Date(), in: access.initiative.zone))
        let strategies = try await repository.strategies().filter { led.contains($0.key) }.values.flatMap { $0 }
        return GovernanceRights(access: access, ledBodies: led, ledStrategies: Set(strategies))
    }

    /// Members and cycle of a body.
    func canEdit(body: UUID) -> Bool {
        access.can(.editGovernance) || (access.can(.leadWorkingGroup) && ledBodies.contains(body))
    }

    /// Meetings of a body (nil: of all partners): the backbone, and a group's chairs for its own.
    func canManageMeetings(of bodyID: UUID?) -> Bool {
        access.can(.manageMeetings) || bodyID.map { access.can(.leadWorkingGroup) && ledBodies.contains($0) } == true
    }

    /// An activity of `organization` under `strategy`.
    func canEditActivity(organization: UUID, strategy: UUID) -> Bool {
        access.can(.editAnyActivity)
            || (access.can(.editOwnActivities) && access.membership?.organizationID == organization)
            || (access.can(.leadWorkingGroup) && ledStrategies.contains(strategy))
    }

    /// Whether the add-an-activity form has anything the caller could save.
    var canAddActivities: Bool {
        access.can(.editAnyActivity) || (access.can(.editOwnActivities) && access.membership != nil) || !ledStrategies.isEmpty
    }

    /// The organizations the caller may choose in the activity form.
    func organizationsForActivities(_ all: [OrganizationModel]) -> [OrganizationModel] {
        if access.can(.editAnyActivity) || !ledStrategies.isEmpty { return all }
        return all.filter { $0.id == access.membership?.organizationID }
    }

    func requireEdit(body: UUID) throws {
        guard canEdit(body: body) else {
            throw Abort(.forbidden, reason: Texts.current("error.onlyBackboneGroupS"))
        }
    }

    func requireActivity(organization: UUID, strategy: UUID) throws {
        guard canEditActivity(organization: organization, strategy: strategy) else {
            throw Abort(.forbidden, reason: Texts.current("error.youCanChangeYour"))
        }
    }
}
