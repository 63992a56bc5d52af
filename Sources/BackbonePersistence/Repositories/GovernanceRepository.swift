import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// The steering committee and working groups of one initiative: charters, status history,
/// members with terms, owned strategies and each group's quarterly cycle.
public struct GovernanceRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    static let staleMessage = Texts.current("error.someoneElseChangedWhile")

    // MARK: Bodies

    /// The steering committee first, then working groups by name; closed ones included (history).
    public func bodies() async throws -> [GovernanceBodyModel] {
        try await GovernanceBodyModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
            .sorted { ($0.parsedKind == .steeringCommittee ? 0 : 1, $0.name) < ($1.parsedKind == .steeringCommittee ? 0 : 1, $1.name) }
    }

    public func body(_ id: UUID) async throws -> GovernanceBodyModel? {
        try await GovernanceBodyModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    @discardableResult
    public func createBody(kind: BodyKind, name: String, charter: Charter, userID: UUID?, now: Date) async throws -> GovernanceBodyModel {
        let name = name.trimmed
        try Charter.errors(name: name, charter: charter).throwIfAny()
        let existing = try await bodies()
        if existing.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            throw FieldErrors.conflict("name", Texts.current("error.thereAlreadyBodyCalled", ["name": "\(name)"]))
        }
        if kind == .steeringCommittee, existing.contains(where: { $0.parsedKind == .steeringCommittee && $0.parsedStatus != .closed }) {
            throw FieldErrors.conflict("kind", Texts.current("error.initiativeAlreadyHasSteering"))
        }
        let body = GovernanceBodyModel()
        body.initiativeID = scope.initiativeID
        body.kind = kind.rawValue
        body.name = name
        body.purpose = charter.purpose
        body.scope = charter.scope
        body.decisionRights = charter.decisionRights
        body.status = BodyStatus.forming.rawValue
        body.revision = 1
        body.createdAt = now
        try await db.transaction { tx in
            // A concurrent body of the same name hits the unique index: one of the two is told.
            do { try await body.create(on: tx) } catch { throw FieldErrors.conflict("name", Texts.current("error.thereAlreadyBodyCalled2", ["name": "\(name)"])) }
            try await Self.record(status: .forming, note: "Set up.", body: body.requireID(), userID: userID, now: now, on: tx)
        }
        return body
    }

    /// Rewrites the name and charter when nobody changed them since `expectedRevision`.
    public func updateCharter(_ id: UUID, name: String, charter: Charter, expectedRevision: Revision) async throws {
        let name = name.trimmed
        try Charter.errors(name: name, charter: charter).throwIfAny()
        guard try await body(id) != nil else { throw FieldErrors("body", Texts.current("error.thereNoSuchBody")) }
        if try await bodies().contains(where: { $0.id != id && $0.name.lowercased() == name.lowercased() }) {
            throw FieldErrors.conflict("name", Texts.current("error.thereAlreadyBodyCalled", ["name": "\(name)"]))
        }
        let updated = try await (db as! any SQLDatabase).update(GovernanceBodyModel.schema)
            .set("name", to: name).set("purpose", to: charter.purpose).set("scope", to: charter.scope)
            .set("decision_rights", to: charter.decisionRights).set("revision", to: SQLRaw("revision + 1"))
            .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID).where("revision", .equal, expectedRevision.value)
            .returning("id").all()
        guard !updated.isEmpty else { throw FieldErrors.conflict("revision", Self.staleMessage) }
    }

    /// Moves a body to another status and records why. A merged group stays closed.
    public func setStatus(_ id: UUID, to status: BodyStatus, note: String, userID: UUID?, now: Date) async throws {
        guard let body = try await body(id) else { throw FieldErrors("body", Texts.current("error.thereNoSuchBody")) }
        if body.mergedIntoID != nil { throw FieldErrors("status", Texts.current("error.groupWasMergedInto")) }
        if body.parsedStatus == status { throw FieldErrors("status", Texts.current("error.bodyAlready", ["status": "\(status.title.lowercased())"])) }
        if note.trimmed.count > 500 { throw FieldErrors("note", Texts.current("error.keepReasonShortMost")) }
        try await db.transaction { tx in
            body.status = status.rawValue
            try await body.update(on: tx)
            try await Self.record(status: status, note: note.trimmed, body: id, userID: userID, now: now, on: tx)
        }
    }

    /// Merges working group `id` into `targetID`: the target takes over the strategies, the
    /// merged group closes with a note pointing at it, and keeps its members and history.
    public func merge(_ id: UUID, into targetID: UUID, userID: UUID?, now: Date) async throws {
        guard let source = try await body(id), let target = try await body(targetID) else {
            throw FieldErrors("into", Texts.current("error.chooseWorkingGroupInitiative"))
        }
        guard id != targetID else { throw FieldErrors("into", Texts.current("error.groupCannotMergedInto")) }
        guard source.parsedKind == .workingGroup, target.parsedKind == .workingGroup else {
            throw FieldErrors("into", Texts.current("error.onlyWorkingGroupsAre"))
        }
        guard source.parsedStatus != .closed, target.parsedStatus != .closed else {
            throw FieldErrors("into", Texts.current("error.bothGroupsMustStill"))
        }
        try await db.transaction { tx in
            let owned = try await BodyStrategyModel.query(on: tx).filter(\.$bodyID == targetID).all().map(\.nodeID)
            for strategy in try await BodyStrategyModel.query(on: tx).filter(\.$bodyID == id).all() where !owned.contains(strategy.nodeID) {
                let copy = BodyStrategyModel()
                copy.bodyID = targetID
                copy.nodeID = strategy.nodeID
                try await copy.create(on: tx)
            }
            source.status = BodyStatus.closed.rawValue
            source.mergedIntoID = targetID
            try await source.update(on: tx)
            try await Self.record(status: .closed, note: "Merged into \(target.name).", body: id, userID: userID, now: now, on: tx)
            try await Self.record(status: target.parsedStatus, note: Texts.current("error.tookOverWork", ["name": "\(source.name)"]), body: targetID, userID: userID, now: now, on: tx)
        }
    }

    public func statusEvents(of id: UUID) async throws -> [BodyStatusEventModel] {
        guard try await body(id) != nil else { return [] }
        return try await BodyStatusEventModel.query(on: db).filter(\.$bodyID == id).sort(\.$changedAt).all()
    }

    private static func record(status: BodyStatus, note: String, body: UUID, userID: UUID?, now: Date, on db: any Database) async throws {
        let event = BodyStatusEventModel()
        event.bodyID = body
        event.status = status.rawValue
        event.note = note
        event.changedBy = userID
        event.changedAt = now
        try await event.create(on: db)
    }

    // MARK: Members

    /// Members of the given bodies (all of the initiative's when nil), chairs first, then by name.
    /// Scoped by a join on the body's initiative, so a body id of another initiative finds nothing.
    public func members(of bodyIDs: [UUID]? = nil) async throws -> [BodyMemberModel] {
        let query = BodyMemberModel.query(on: db).join(GovernanceBodyModel.self, on: \BodyMemberModel.$bodyID == \GovernanceBodyModel.$id)
            .filter(GovernanceBodyModel.self, \.$initiativeID == scope.initiativeID)
        if let bodyIDs { query.filter(\.$bodyID ~~ bodyIDs) }
        return try await query.all()
            .sorted { (BodyRole.allCases.firstIndex(of: $0.parsedRole)!, $0.name) < (BodyRole.allCases.firstIndex(of: $1.parsedRole)!, $1.name) }
    }

    public struct NewMember: Sendable {
        public var name: String
        public var organizationID: UUID?
        public var userID: UUID?
        public var role: BodyRole?
        public var termStart: String
        public var termEnd: String

        public init(name: String, organizationID: UUID?, userID: UUID?, role: BodyRole?, termStart: String, termEnd: String) {
            self.name = name
            self.organizationID = organizationID
            self.userID = userID
            self.role = role
            self.termStart = termStart
            self.termEnd = termEnd
        }
    }

    /// Seats a person for a term. Without a typed name, the account's name is used.
    @discardableResult
    public func addMember(to bodyID: UUID, _ input: NewMember) async throws -> BodyMemberModel {
        guard let body = try await body(bodyID) else { throw FieldErrors("body", Texts.current("error.thereNoSuchBody")) }
        var errors = FieldErrors()
        var name = input.name.trimmed
        if let userID = input.userID {
            if try await MembershipModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$userID == userID).first() == nil {
                errors.add("user", Texts.current("error.choosePersonWhoBelongs"))
            } else if name.isEmpty, let user = try await UserModel.find(userID, on: db) {
                name = user.displayName
            }
        }
        if name.isEmpty { errors.add("name", Texts.current("error.givePersonSName")) }
        if name.count > 120 { errors.add("name", Texts.current("error.nameTooLongMost")) }
        if let organizationID = input.organizationID {
            if try await OrganizationModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == organizationID).first() == nil {
                errors.add("organization", Texts.current("error.chooseOneInitiativeS3"))
            }
        } else {
            errors.add("organization", Texts.current("error.chooseOrganizationPersonRepresents"))
        }
        if input.role == nil { errors.add("role", Texts.current("error.choosePersonSRole")) }
        if body.parsedStatus == .closed { errors.add("name", Texts.current("error.bodyClosedMembersAre")) }
        var span: DaySpan?
        do { span = try DaySpan.parse(start: input.termStart, end: input.termEnd, startField: "termStart", endField: "termEnd") } catch let spanErrors as FieldErrors {
            for (field, message) in spanErrors.messages { errors.add(field, message) }
        }
        try errors.throwIfAny()
        let member = BodyMemberModel()
        member.bodyID = bodyID
        member.name = name
        member.organizationID = input.organizationID!
        member.userID = input.userID
        member.role = input.role!.rawValue
        member.termStart = span!.start.key
        member.termEnd = span!.end?.key
        try await member.create(on: db)
        return member
    }

    /// Ends a member's term on `day` (kept on the record, no longer serving after it).
    public func endTerm(memberID: UUID, of bodyID: UUID, on day: CalendarDay) async throws {
        guard try await body(bodyID) != nil,
              let member = try await BodyMemberModel.query(on: db).filter(\.$bodyID == bodyID).filter(\.$id == memberID).first()
        else { throw FieldErrors("member", Texts.current("error.thereNoSuchMember")) }
        if let start = CalendarDay(key: member.termStart), day < start {
            throw FieldErrors("termEnd", Texts.current("error.termCannotEndBefore", ["value": "\(day.key)", "start": "\(start.key)"]))
        }
        if let end = member.termEnd.flatMap(CalendarDay.init(key:)), end <= day { return }
        member.termEnd = day.key
        try await member.update(on: db)
    }

    /// The open bodies `userID` chairs or co-chairs on `day`: what a working-group lead may edit.
    public func ledBodies(userID: UUID, on day: CalendarDay) async throws -> Set<UUID> {
        let open = try await bodies().filter { $0.parsedStatus != .closed }.map { try $0.requireID() }
        guard !open.isEmpty else { return [] }
        let seats = try await BodyMemberModel.query(on: db).filter(\.$bodyID ~~ open).filter(\.$userID == userID).all()
        return Set(seats.filter { $0.parsedRole.leads && $0.serves(on: day) }.map(\.bodyID))
    }

    // MARK: Strategies

    /// Strategy ids owned, by body id.
    public func strategies() async throws -> [UUID: [UUID]] {
        let rows = try await BodyStrategyModel.query(on: db).join(GovernanceBodyModel.self, on: \BodyStrategyModel.$bodyID == \GovernanceBodyModel.$id)
            .filter(GovernanceBodyModel.self, \.$initiativeID == scope.initiativeID).all()
        return Dictionary(grouping: rows, by: \.bodyID).mapValues { $0.map(\.nodeID) }
    }

    /// Gives a strategy of the theory of change to an open working group. A strategy has one
    /// owner among open groups; a closed group keeps its past strategies on its record.
    public func assign(strategyID: UUID, to bodyID: UUID) async throws {
        guard let body = try await body(bodyID), body.parsedKind == .workingGroup else {
            throw FieldErrors("strategy", Texts.current("error.strategiesBelongWorkingGroups"))
        }
        if body.parsedStatus == .closed { throw FieldErrors("strategy", Texts.current("error.groupClosed")) }
        guard let node = try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == strategyID).first(),
              node.parsedKind == .strategy
        else { throw FieldErrors("strategy", Texts.current("error.chooseOneStrategiesInitiative")) }
        let open = Dictionary(uniqueKeysWithValues: try await bodies().filter { $0.parsedStatus != .closed }.map { (try $0.requireID(), $0) })
        for (owner, strategies) in try await strategies() where strategies.contains(strategyID) {
            if owner == bodyID { return }
            if let other = open[owner] { throw FieldErrors.conflict("strategy", Texts.current("error.alreadyBelongs", ["node": "\(node.title)", "name": "\(other.name)"])) }
        }
        let row = BodyStrategyModel()
        row.bodyID = bodyID
        row.nodeID = strategyID
        try await row.create(on: db)
    }

    public func unassign(strategyID: UUID, from bodyID: UUID) async throws {
        guard let body = try await body(bodyID), body.parsedStatus != .closed else { throw FieldErrors("strategy", Texts.current("error.groupClosed")) }
        try await BodyStrategyModel.query(on: db).filter(\.$bodyID == bodyID).filter(\.$nodeID == strategyID).delete()
    }

    // MARK: Cycle

    /// Cycle entries of the given bodies (all when nil), newest quarter first.
    public func cycles(of bodyIDs: [UUID]? = nil) async throws -> [CycleEntryModel] {
        let query = CycleEntryModel.query(on: db).join(GovernanceBodyModel.self, on: \CycleEntryModel.$bodyID == \GovernanceBodyModel.$id)
            .filter(GovernanceBodyModel.self, \.$initiativeID == scope.initiativeID)
        if let bodyIDs { query.filter(\.$bodyID ~~ bodyIDs) }
        return try await query.sort(\.$quarter, .descending).all()
    }

    /// Records where a working group stands in a quarter; refused when someone saved the same
    /// quarter since `expectedRevision` (0 for a quarter not yet recorded).
    public func saveCycle(of bodyID: UUID, quarter: String, _ record: CycleRecord, expectedRevision: Revision, userID: UUID?, now: Date) async throws {
        guard let body = try await body(bodyID), body.parsedKind == .workingGroup else {
            throw FieldErrors("quarter", Texts.current("error.cycleKeptByWorking"))
        }
        guard let period = ReportingPeriod(key: quarter), period.frequency == .quarterly else {
            throw FieldErrors("quarter", Texts.current("error.giveQuarterExampleQ"))
        }
        if body.parsedStatus == .closed { throw FieldErrors("quarter", Texts.current("error.groupClosedCycleKept")) }
        try record.errors.throwIfAny()
        if let existing = try await CycleEntryModel.query(on: db).filter(\.$bodyID == bodyID).filter(\.$quarter == period.key).first() {
            var update = (db as! any SQLDatabase).update(CycleEntryModel.schema)
                .set("stage", to: record.stage.rawValue).set("revision", to: SQLRaw("revision + 1"))
                .set("updated_at", to: now).set("updated_by", to: userID)
            for (step, column) in Self.noteColumns { update = update.set(column, to: record.notes[step] ?? "") }
            let updated = try await update.where("id", .equal, existing.requireID()).where("revision", .equal, expectedRevision.value)
                .returning("id").all()
            guard !updated.isEmpty else { throw FieldErrors.conflict("revision", Self.staleMessage) }
            return
        }
        guard expectedRevision == .none else { throw FieldErrors.conflict("revision", Self.staleMessage) }
        let entry = CycleEntryModel()
        entry.bodyID = bodyID
        entry.quarter = period.key
        entry.apply(record)
        entry.revision = 1
        entry.updatedBy = userID
        entry.updatedAt = now
        // Two first saves of the same quarter: the unique index lets one in.
        do { try await entry.create(on: db) } catch { throw FieldErrors.conflict("revision", Self.staleMessage) }
    }

    static let noteColumns: [(CycleStep, String)] = [(.plan, "plan_note"), (.do, "do_note"), (.feedback, "feedback_note"), (.communicate, "communicate_note")]
}
