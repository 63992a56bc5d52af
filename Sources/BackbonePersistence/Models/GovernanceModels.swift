import BackboneDomain
import Fluent
import Foundation

/// The steering committee or a working group.
public final class GovernanceBodyModel: Model, @unchecked Sendable {
    public static let schema = "governance_bodies"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "name") public var name: String
    @Field(key: "purpose") public var purpose: String
    @Field(key: "scope") public var scope: String
    @Field(key: "decision_rights") public var decisionRights: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "merged_into_id") public var mergedIntoID: UUID?
    @Field(key: "revision") public var revision: Int
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var parsedKind: BodyKind { BodyKind(rawValue: kind) ?? .workingGroup }
    /// An unknown stored status reads as paused: nothing is promised about it.
    public var parsedStatus: BodyStatus { BodyStatus(rawValue: status) ?? .paused }
    public var charter: Charter { Charter(purpose: purpose, scope: scope, decisionRights: decisionRights) }
}

/// One change of a body's status, with the reason given.
public final class BodyStatusEventModel: Model, @unchecked Sendable {
    public static let schema = "body_status_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "body_id") public var bodyID: UUID
    @Field(key: "status") public var status: String
    @Field(key: "note") public var note: String
    @OptionalField(key: "changed_by") public var changedBy: UUID?
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}
}

/// A seat in a body for a term.
public final class BodyMemberModel: Model, @unchecked Sendable {
    public static let schema = "body_members"

    @ID(key: .id) public var id: UUID?
    @Field(key: "body_id") public var bodyID: UUID
    @Field(key: "name") public var name: String
    @Field(key: "organization_id") public var organizationID: UUID
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "role") public var role: String
    @Field(key: "term_start") public var termStart: String
    @OptionalField(key: "term_end") public var termEnd: String?

    public init() {}

    public var parsedRole: BodyRole { BodyRole(rawValue: role) ?? .member }
    public var term: DaySpan? {
        CalendarDay(key: termStart).map { DaySpan(start: $0, end: termEnd.flatMap(CalendarDay.init(key:))) }
    }
    public func serves(on day: CalendarDay) -> Bool { term?.contains(day) ?? false }
}

/// A strategy of the theory of change that a working group owns.
public final class BodyStrategyModel: Model, @unchecked Sendable {
    public static let schema = "body_strategies"

    @ID(key: .id) public var id: UUID?
    @Field(key: "body_id") public var bodyID: UUID
    @Field(key: "node_id") public var nodeID: UUID

    public init() {}
}

/// A working group's quarter in the plan → do → feedback → communicate cycle.
public final class CycleEntryModel: Model, @unchecked Sendable {
    public static let schema = "cycle_entries"

    @ID(key: .id) public var id: UUID?
    @Field(key: "body_id") public var bodyID: UUID
    @Field(key: "quarter") public var quarter: String
    @Field(key: "stage") public var stage: String
    @Field(key: "plan_note") public var planNote: String
    @Field(key: "do_note") public var doNote: String
    @Field(key: "feedback_note") public var feedbackNote: String
    @Field(key: "communicate_note") public var communicateNote: String
    @Field(key: "revision") public var revision: Int
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var record: CycleRecord {
        CycleRecord(stage: CycleStep(rawValue: stage) ?? .plan,
                    notes: [.plan: planNote, .do: doNote, .feedback: feedbackNote, .communicate: communicateNote])
    }

    func apply(_ record: CycleRecord) {
        stage = record.stage.rawValue
        planNote = record.notes[.plan] ?? ""
        doNote = record.notes[.do] ?? ""
        feedbackNote = record.notes[.feedback] ?? ""
        communicateNote = record.notes[.communicate] ?? ""
    }
}

/// A partner's commitment to a strategy: one row of the action plan.
public final class ActivityModel: Model, @unchecked Sendable {
    public static let schema = "activities"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "strategy_id") public var strategyID: UUID
    @OptionalField(key: "outcome_id") public var outcomeID: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "description") public var description: String
    @Field(key: "population") public var population: String
    @Field(key: "geography") public var geography: String
    @Field(key: "starts_on") public var startsOn: String
    @OptionalField(key: "ends_on") public var endsOn: String?
    @Field(key: "status") public var status: String
    @Field(key: "expected_outputs") public var expectedOutputs: String
    @Field(key: "revision") public var revision: Int
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var parsedStatus: ActivityStatus { ActivityStatus(rawValue: status) ?? .planned }
    public var span: DaySpan? { CalendarDay(key: startsOn).map { DaySpan(start: $0, end: endsOn.flatMap(CalendarDay.init(key:))) } }
    public var text: ActivityText {
        ActivityText(kind: kind, description: description, population: population, geography: geography, expectedOutputs: expectedOutputs)
    }

    public var facts: ActivityFacts {
        ActivityFacts(id: id!, strategyID: strategyID, partnerID: organizationID, kind: kind, population: population,
                      geography: geography, status: parsedStatus)
    }
}

/// A performance measure an activity reports against.
public final class ActivityIndicatorModel: Model, @unchecked Sendable {
    public static let schema = "activity_indicators"

    @ID(key: .id) public var id: UUID?
    @Field(key: "activity_id") public var activityID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID

    public init() {}
}
