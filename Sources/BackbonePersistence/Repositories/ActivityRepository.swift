import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// The action plan of one initiative: partners' activities under the strategies of the theory
/// of change, with the performance measures they report against.
public struct ActivityRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// An activity as typed in a form or sent to the API, before it is checked.
    public struct Input: Sendable {
        public var organizationID: UUID?
        public var strategyID: UUID?
        public var outcomeID: UUID?
        public var text: ActivityText
        public var startsOn: String
        public var endsOn: String
        public var status: String
        public var indicatorIDs: [UUID]

        public init(organizationID: UUID?, strategyID: UUID?, outcomeID: UUID?, text: ActivityText, startsOn: String, endsOn: String,
                    status: String, indicatorIDs: [UUID]) {
            self.organizationID = organizationID
            self.strategyID = strategyID
            self.outcomeID = outcomeID
            self.text = text
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.status = status
            self.indicatorIDs = indicatorIDs
        }
    }

    /// By first day, then kind; only one partner's when `organizationID` is given.
    public func all(organizationID: UUID? = nil) async throws -> [ActivityModel] {
        let query = ActivityModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if let organizationID { query.filter(\.$organizationID == organizationID) }
        return try await query.sort(\.$startsOn).sort(\.$kind).all()
    }

    public func find(_ id: UUID) async throws -> ActivityModel? {
        try await ActivityModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Indicator ids by activity id.
    public func indicators(of activities: [ActivityModel]) async throws -> [UUID: [UUID]] {
        let ids = try activities.map { try $0.requireID() }
        guard !ids.isEmpty else { return [:] }
        return Dictionary(grouping: try await ActivityIndicatorModel.query(on: db).filter(\.$activityID ~~ ids).all(), by: \.activityID)
            .mapValues { $0.map(\.indicatorID) }
    }

    @discardableResult
    public func create(_ input: Input, userID: UUID?, now: Date) async throws -> ActivityModel {
        let checked = try await check(input)
        let activity = ActivityModel()
        activity.initiativeID = scope.initiativeID
        activity.revision = 1
        fill(activity, input, checked, userID: userID, now: now)
        try await db.transaction { tx in
            try await activity.create(on: tx)
            try await Self.link(activity: activity.requireID(), to: input.indicatorIDs, on: tx)
        }
        return activity
    }

    /// Replaces the activity's fields when nobody changed it since `expectedRevision`.
    public func update(_ id: UUID, _ input: Input, expectedRevision: Revision, userID: UUID?, now: Date) async throws -> ActivityModel {
        guard let activity = try await find(id) else { throw FieldErrors("activity", Texts.current("error.thereNoSuchActivity")) }
        let checked = try await check(input)
        fill(activity, input, checked, userID: userID, now: now)
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let updated = try await sql.update(ActivityModel.schema)
                .set("organization_id", to: activity.organizationID).set("strategy_id", to: activity.strategyID)
                .set("outcome_id", to: activity.outcomeID).set("kind", to: activity.kind).set("description", to: activity.description)
                .set("population", to: activity.population).set("geography", to: activity.geography)
                .set("starts_on", to: activity.startsOn).set("ends_on", to: activity.endsOn).set("status", to: activity.status)
                .set("expected_outputs", to: activity.expectedOutputs).set("revision", to: SQLRaw("revision + 1"))
                .set("updated_by", to: userID).set("updated_at", to: now)
                .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID).where("revision", .equal, expectedRevision.value)
                .returning("revision").all()
            guard let row = updated.first else { throw FieldErrors.conflict("revision", GovernanceRepository.staleMessage) }
            activity.revision = try row.decode(column: "revision", as: Int.self)
            try await ActivityIndicatorModel.query(on: tx).filter(\.$activityID == id).delete()
            try await Self.link(activity: id, to: input.indicatorIDs, on: tx)
        }
        return activity
    }

    private struct Checked {
        let span: DaySpan
        let status: ActivityStatus
    }

    /// Every rule at once, so the form shows all problems together; nothing is written on failure.
    private func check(_ input: Input) async throws -> Checked {
        var errors = input.text.errors
        let nodes = try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
        let kinds = Dictionary(uniqueKeysWithValues: try nodes.map { (try $0.requireID(), $0.parsedKind) })
        if input.strategyID.flatMap({ kinds[$0] }) != .strategy {
            errors.add("strategy", Texts.current("error.chooseOneStrategiesInitiative"))
        }
        if let outcome = input.outcomeID, kinds[outcome] != .outcome {
            errors.add("outcome", Texts.current("error.chooseOneInitiativeS"))
        }
        if let organizationID = input.organizationID {
            if try await OrganizationModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == organizationID).first() == nil {
                errors.add("organization", Texts.current("error.chooseOneInitiativeS2"))
            }
        } else {
            errors.add("organization", Texts.current("error.choosePartnerThatCarries"))
        }
        let status = ActivityStatus(rawValue: input.status)
        if status == nil { errors.add("status", Texts.current("error.chooseWhereActivityStands")) }
        if !input.indicatorIDs.isEmpty {
            let known = Set(try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id ~~ input.indicatorIDs).all()
                .map { try $0.requireID() })
            if !Set(input.indicatorIDs).isSubset(of: known) { errors.add("indicators", Texts.current("error.chooseIndicatorsInitiativeOnly")) }
        }
        var span: DaySpan?
        do { span = try DaySpan.parse(start: input.startsOn, end: input.endsOn, startField: "startsOn", endField: "endsOn") } catch let spanErrors as FieldErrors {
            for (field, message) in spanErrors.messages { errors.add(field, message) }
        }
        try errors.throwIfAny()
        return Checked(span: span!, status: status!)
    }

    private func fill(_ activity: ActivityModel, _ input: Input, _ checked: Checked, userID: UUID?, now: Date) {
        activity.organizationID = input.organizationID!
        activity.strategyID = input.strategyID!
        activity.outcomeID = input.outcomeID
        activity.kind = input.text.kind
        activity.description = input.text.description
        activity.population = input.text.population
        activity.geography = input.text.geography
        activity.expectedOutputs = input.text.expectedOutputs
        activity.startsOn = checked.span.start.key
        activity.endsOn = checked.span.end?.key
        activity.status = checked.status.rawValue
        activity.updatedBy = userID
        activity.updatedAt = now
    }

    private static func link(activity: UUID, to indicators: [UUID], on db: any Database) async throws {
        for indicator in Set(indicators) {
            let row = ActivityIndicatorModel()
            row.activityID = activity
            row.indicatorID = indicator
            try await row.create(on: db)
        }
    }
}
