import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// What scheduling a meeting, recording a decision and raising an action item cause (the
/// invitations, the feed entry, the owner's notice), shared by the meeting pages and the API so
/// that both commit the same things together.
enum MeetingDesk {
    /// Schedules a meeting and invites its people, notifications and mail included, in one transaction.
    static func schedule(_ req: Request, _ access: InitiativeAccess, _ input: MeetingRepository.NewMeeting) async throws -> MeetingModel {
        try await req.db.transaction { tx in
            let meetings = MeetingRepository(db: tx, scope: access.scope)
            let meeting = try await meetings.schedule(input, userID: req.signedIn?.user.id, now: Date())
            let path = SiteURL.meeting(slug: access.slug, id: try meeting.requireID()).path
            let (title, time) = (meeting.title, meeting.time)
            try await req.notify(try await meetings.invitees(of: meeting.requireID()).map(\.userID), in: access, .meetingInvitation, path: path, on: tx) { t in
                t("mail.invited", ["meeting": title, "time": time.display(t)])
            }
            return meeting
        }
    }

    /// Records a decision with its feed entry, in the transaction `tx`.
    static func decide(_ req: Request, _ access: InitiativeAccess, in meeting: MeetingModel, text: String, rationale: String,
                       link: (LinkedKind, UUID)?, userID: UUID, on tx: any Database) async throws -> DecisionModel {
        let decision = try await MeetingRepository(db: tx, scope: access.scope).recordDecision(in: meeting, text: text, rationale: rationale, link: link, userID: userID)
        try await req.recordUpdate(.decisionRecorded, in: access, title: Texts.current("feed.decided", ["meeting": meeting.title, "decision": decision.text]),
                                   path: SiteURL.decision(slug: access.slug, id: try decision.requireID()).path, bodyID: meeting.bodyID, on: tx)
        return decision
    }

    /// Raises an action item and tells its owner, in the transaction `tx`.
    static func raise(_ req: Request, _ access: InitiativeAccess, in meeting: MeetingModel, text: String, ownerID: UUID?, dueOn: String,
                      on tx: any Database) async throws -> ActionItemModel {
        let item = try await MeetingRepository(db: tx, scope: access.scope).raiseActionItem(in: meeting, text: text, ownerID: ownerID, dueOn: dueOn, now: Date())
        let (title, task, due) = (meeting.title, item.text, item.dueOn)
        try await req.notify([item.ownerID], in: access, .actionItem, path: SiteURL.initiative(slug: access.slug).path, on: tx) { t in
            t("mail.actionItem", ["meeting": title, "task": task, "day": t.day(key: due)])
        }
        return item
    }
}
