import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// Meetings of one initiative with their agenda, invitees and minutes; the decision log; and
/// action items, including which ones each meeting carries over.
public struct MeetingRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    // MARK: Meetings

    /// Every meeting, soonest first; only one body's when `bodyID` is given.
    public func meetings(bodyID: UUID? = nil) async throws -> [MeetingModel] {
        let query = MeetingModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if let bodyID { query.filter(\.$bodyID == bodyID) }
        return try await query.sort(\.$startsAt).all()
    }

    public func meeting(_ id: UUID) async throws -> MeetingModel? {
        try await MeetingModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    public struct NewMeeting: Sendable {
        public var bodyID: UUID?
        public var title: String
        public var time: MeetingTime
        public var place: String
        public var videoURL: String

        public init(bodyID: UUID?, title: String, time: MeetingTime, place: String, videoURL: String) {
            self.bodyID = bodyID
            self.title = title
            self.time = time
            self.place = place
            self.videoURL = videoURL
        }
    }

    /// Schedules a meeting and invites the people who belong to it: the body's members with an
    /// account who serve on the meeting's day, or every member of the initiative for a meeting
    /// of all partners.
    @discardableResult
    public func schedule(_ input: NewMeeting, userID: UUID?, now: Date) async throws -> MeetingModel {
        var errors = FieldErrors()
        let title = input.title.trimmed, place = input.place.trimmed, video = input.videoURL.trimmed
        if title.isEmpty { errors.add("title", Texts.current("error.giveMeetingTitle")) }
        if title.count > 200 { errors.add("title", Texts.current("error.titleTooLongMost")) }
        if place.count > 300 { errors.add("place", Texts.current("error.placeTooLongMost")) }
        if !video.isEmpty, !(video.lowercased().hasPrefix("https://") || video.lowercased().hasPrefix("http://")) || video.count > 500 || video.contains(" ") {
            errors.add("videoURL", Texts.current("error.giveVideoLinkFull"))
        }
        if place.isEmpty && video.isEmpty { errors.add("place", Texts.current("error.sayWhereMeetingGive")) }
        var body: GovernanceBodyModel?
        if let bodyID = input.bodyID {
            body = try await GovernanceRepository(db: db, scope: scope).body(bodyID)
            if body == nil { errors.add("body", Texts.current("error.chooseOneInitiativeS4")) }
        }
        try errors.throwIfAny()
        let meeting = MeetingModel()
        meeting.initiativeID = scope.initiativeID
        meeting.bodyID = input.bodyID
        meeting.title = title
        meeting.startsAt = input.time.start
        meeting.endsAt = input.time.end
        meeting.timeZone = input.time.timeZone.identifier
        meeting.place = place
        meeting.videoURL = video
        meeting.minutes = ""
        meeting.revision = 1
        meeting.createdBy = userID
        meeting.updatedAt = now
        let invited: Set<UUID>
        if let body {
            let day = CalendarDay(containing: input.time.start)
            invited = Set(try await GovernanceRepository(db: db, scope: scope).members(of: [body.requireID()]).filter { $0.serves(on: day) }.compactMap(\.userID))
        } else {
            invited = Set(try await MembershipModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all().map(\.userID))
        }
        try await db.transaction { tx in
            try await meeting.create(on: tx)
            for user in invited { try await Self.invite(user, to: meeting.requireID(), on: tx) }
            try await WebhookRepository(db: tx, scope: scope).enqueue(.meetingScheduled, ScheduledEventData(
                meeting: try meeting.requireID(), title: title, body: input.bodyID, startsAt: input.time.start, endsAt: input.time.end,
                timeZone: input.time.timeZone.identifier), now: now)
        }
        return meeting
    }

    private static func invite(_ userID: UUID, to meetingID: UUID, on db: any Database) async throws {
        let invitee = MeetingInviteeModel()
        invitee.meetingID = meetingID
        invitee.userID = userID
        invitee.status = AttendanceStatus.invited.rawValue
        try await invitee.create(on: db)
    }

    /// Saves the minutes when nobody saved them since `expectedRevision`.
    public func saveMinutes(_ id: UUID, text: String, expectedRevision: Revision, now: Date) async throws {
        if text.count > 50_000 { throw FieldErrors("minutes", Texts.current("error.minutesAreTooLong")) }
        let updated = try await (db as! any SQLDatabase).update(MeetingModel.schema)
            .set("minutes", to: text.trimmed).set("revision", to: SQLRaw("revision + 1")).set("updated_at", to: now)
            .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID).where("revision", .equal, expectedRevision.value)
            .returning("id").all()
        guard !updated.isEmpty else { throw FieldErrors.conflict("revision", GovernanceRepository.staleMessage) }
    }

    // MARK: Agenda items

    public func agendaItems(of meetingID: UUID) async throws -> [MeetingAgendaItemModel] {
        try await MeetingAgendaItemModel.query(on: db).filter(\.$meetingID == meetingID).sort(\.$position).all()
    }

    public func addAgendaItem(to meetingID: UUID, title: String, presenter: String, minutes: String, link: (LinkedKind, UUID)?) async throws {
        var errors = FieldErrors()
        let title = title.trimmed, presenter = presenter.trimmed
        if title.isEmpty { errors.add("itemTitle", Texts.current("error.giveAgendaItemTitle")) }
        if title.count > 200 { errors.add("itemTitle", Texts.current("error.titleTooLongMost")) }
        if presenter.count > 120 { errors.add("presenter", Texts.current("error.presenterSNameToo")) }
        let allotted = Int(minutes.trimmed)
        if allotted == nil || !(1...600).contains(allotted!) { errors.add("minutesAllotted", Texts.current("error.giveMinutesAllottedWhole")) }
        if let link, try await !exists(link) { errors.add("link", Texts.current("error.chooseIndicatorStrategyActivity")) }
        try errors.throwIfAny()
        let item = MeetingAgendaItemModel()
        item.meetingID = meetingID
        item.position = try await agendaItems(of: meetingID).count + 1
        item.title = title
        item.presenter = presenter
        item.minutesAllotted = allotted!
        item.linkedKind = link?.0.rawValue
        item.linkedID = link?.1
        try await item.create(on: db)
    }

    /// Whether a linked object exists in this initiative.
    func exists(_ link: (LinkedKind, UUID)) async throws -> Bool {
        switch link.0 {
        case .indicator:
            try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == link.1).first() != nil
        case .strategy:
            try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == link.1).first()?.parsedKind == .strategy
        case .activity:
            try await ActivityRepository(db: db, scope: scope).find(link.1) != nil
        case .periodicAssessment:
            try await PeriodicAssessmentRepository(db: db, scope: scope).find(id: link.1) != nil
        }
    }

    // MARK: Invitees

    public func invitees(of meetingID: UUID) async throws -> [MeetingInviteeModel] {
        try await MeetingInviteeModel.query(on: db).filter(\.$meetingID == meetingID).all()
    }

    /// Invites a member of the initiative; inviting twice changes nothing.
    public func invite(userID: UUID, to meetingID: UUID) async throws {
        guard try await MembershipModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$userID == userID).first() != nil else {
            throw FieldErrors("invitee", Texts.current("error.choosePersonWhoBelongs"))
        }
        if try await MeetingInviteeModel.query(on: db).filter(\.$meetingID == meetingID).filter(\.$userID == userID).first() != nil { return }
        try await Self.invite(userID, to: meetingID, on: db)
    }

    /// Records an invitee's answer or attendance.
    public func setAttendance(of userID: UUID, at meetingID: UUID, to status: AttendanceStatus) async throws {
        guard let invitee = try await MeetingInviteeModel.query(on: db).filter(\.$meetingID == meetingID).filter(\.$userID == userID).first() else {
            throw FieldErrors("invitee", Texts.current("error.personNotInvitedMeeting"))
        }
        invitee.status = status.rawValue
        try await invitee.update(on: db)
    }

    // MARK: Decisions

    @discardableResult
    public func recordDecision(in meeting: MeetingModel, text: String, rationale: String, link: (LinkedKind, UUID)?, userID: UUID?) async throws -> DecisionModel {
        var errors = FieldErrors()
        let text = text.trimmed, rationale = rationale.trimmed
        if text.isEmpty { errors.add("decision", Texts.current("error.writeWhatWasDecided")) }
        if text.count > 2_000 { errors.add("decision", Texts.current("error.decisionTooLongMost")) }
        if rationale.count > 4_000 { errors.add("rationale", Texts.current("error.rationaleTooLongMost")) }
        if let link, try await !exists(link) { errors.add("decisionLink", Texts.current("error.chooseIndicatorStrategyActivity")) }
        try errors.throwIfAny()
        let decision = DecisionModel()
        decision.initiativeID = scope.initiativeID
        decision.meetingID = try meeting.requireID()
        decision.text = text
        decision.rationale = rationale
        decision.linkedKind = link?.0.rawValue
        decision.linkedID = link?.1
        decision.decidedAt = meeting.startsAt
        decision.recordedBy = userID
        try await decision.create(on: db)
        return decision
    }

    /// The decision log, newest first: every word of `query` must appear in the decision or its
    /// rationale (case and accents ignored); only one body's meetings when `bodyID` is given.
    /// Matched in Swift rather than with SQL `LIKE`, whose case rules differ between SQLite and
    /// PostgreSQL; an initiative records hundreds of decisions, not millions.
    public func decisions(matching query: String = "", bodyID: UUID? = nil) async throws -> [DecisionModel] {
        var all = try await DecisionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$decidedAt, .descending).all()
        if let bodyID {
            let meetings = Set(try await meetings(bodyID: bodyID).map { try $0.requireID() })
            all = all.filter { meetings.contains($0.meetingID) }
        }
        let words = query.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return all }
        return all.filter { decision in
            let haystack = decision.text + "\n" + decision.rationale
            return words.allSatisfy { haystack.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        }
    }

    public func decision(_ id: UUID) async throws -> DecisionModel? {
        try await DecisionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    public func decisions(in meetingID: UUID) async throws -> [DecisionModel] {
        try await DecisionModel.query(on: db).filter(\.$meetingID == meetingID).all()
    }

    // MARK: Action items

    /// Raises an action item for a member of the initiative, due on a day.
    @discardableResult
    public func raiseActionItem(in meeting: MeetingModel, text: String, ownerID: UUID?, dueOn: String, now: Date) async throws -> ActionItemModel {
        var errors = FieldErrors()
        let text = text.trimmed
        if text.isEmpty { errors.add("actionText", Texts.current("error.sayWhatDone")) }
        if text.count > 1_000 { errors.add("actionText", Texts.current("error.keepShortMostCharacters")) }
        if let ownerID {
            if try await MembershipModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$userID == ownerID).first() == nil {
                errors.add("owner", Texts.current("error.ownerMustMemberInitiative"))
            }
        } else {
            errors.add("owner", Texts.current("error.chooseWhoWillDo"))
        }
        let due = CalendarDay(key: dueOn)
        if due == nil { errors.add("dueOn", Texts.current("error.giveDueDayDate")) }
        try errors.throwIfAny()
        let item = ActionItemModel()
        item.initiativeID = scope.initiativeID
        item.meetingID = try meeting.requireID()
        item.text = text
        item.ownerID = ownerID!
        item.dueOn = due!.key
        item.status = ActionItemStatus.open.rawValue
        item.createdAt = now
        try await item.create(on: db)
        return item
    }

    public func actionItem(_ id: UUID) async throws -> ActionItemModel? {
        try await ActionItemModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Marks an item done, dropped or open again; closing records when, which decides the
    /// meetings it is carried into.
    public func setStatus(of item: ActionItemModel, to status: ActionItemStatus, now: Date) async throws {
        guard item.initiativeID == scope.initiativeID else { throw FieldErrors("item", Texts.current("error.thereNoSuchAction")) }
        item.status = status.rawValue
        item.closedAt = status == .open ? nil : (item.closedAt ?? now)
        try await item.update(on: db)
    }

    /// Items raised in the given meetings.
    public func actionItems(raisedIn meetingIDs: [UUID]) async throws -> [ActionItemModel] {
        guard !meetingIDs.isEmpty else { return [] }
        return try await ActionItemModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$meetingID ~~ meetingIDs).sort(\.$dueOn).all()
    }

    /// A person's open items, soonest due first.
    public func openActionItems(ownerID: UUID) async throws -> [ActionItemModel] {
        try await ActionItemModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$ownerID == ownerID)
            .filter(\.$status == ActionItemStatus.open.rawValue).sort(\.$dueOn).all()
    }

    /// The items `meeting` carries over from earlier meetings of the same body (or of all
    /// partners): see `CarryOver`.
    public func carriedOver(into meeting: MeetingModel) async throws -> [ActionItemModel] {
        let earlier = try await meetings(bodyID: meeting.bodyID).filter { $0.bodyID == meeting.bodyID && $0.startsAt < meeting.startsAt }
        let starts = Dictionary(uniqueKeysWithValues: try earlier.map { (try $0.requireID(), $0.startsAt) })
        let items = try await actionItems(raisedIn: Array(starts.keys))
        let carried = Set(CarryOver.carried(into: meeting.startsAt, from: try items.map {
            CarryOver.Item(id: try $0.requireID(), raisedAt: starts[$0.meetingID]!, closedAt: $0.closedAt)
        }))
        return items.filter { carried.contains($0.id!) }
    }
}

/// What a delivery says of a meeting just scheduled.
struct ScheduledEventData: Encodable, Sendable {
    let meeting: UUID
    let title: String
    let body: UUID?
    let startsAt: Date
    let endsAt: Date
    let timeZone: String
}
