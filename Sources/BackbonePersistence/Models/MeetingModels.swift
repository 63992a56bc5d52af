import BackboneDomain
import Fluent
import Foundation

/// A meeting of a governance body, or of all partners when `bodyID` is nil.
public final class MeetingModel: Model, @unchecked Sendable {
    public static let schema = "meetings"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @OptionalField(key: "body_id") public var bodyID: UUID?
    @Field(key: "title") public var title: String
    @Field(key: "starts_at") public var startsAt: Date
    @Field(key: "ends_at") public var endsAt: Date
    @Field(key: "time_zone") public var timeZone: String
    @Field(key: "place") public var place: String
    @Field(key: "video_url") public var videoURL: String
    @Field(key: "minutes") public var minutes: String
    @Field(key: "revision") public var revision: Int
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var time: MeetingTime {
        MeetingTime(start: startsAt, end: endsAt, timeZone: TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!)
    }
}

public final class MeetingAgendaItemModel: Model, @unchecked Sendable {
    public static let schema = "meeting_agenda_items"

    @ID(key: .id) public var id: UUID?
    @Field(key: "meeting_id") public var meetingID: UUID
    @Field(key: "position") public var position: Int
    @Field(key: "title") public var title: String
    @Field(key: "presenter") public var presenter: String
    @Field(key: "minutes_allotted") public var minutesAllotted: Int
    @OptionalField(key: "linked_kind") public var linkedKind: String?
    @OptionalField(key: "linked_id") public var linkedID: UUID?

    public init() {}
}

public final class MeetingInviteeModel: Model, @unchecked Sendable {
    public static let schema = "meeting_invitees"

    @ID(key: .id) public var id: UUID?
    @Field(key: "meeting_id") public var meetingID: UUID
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "status") public var status: String

    public init() {}

    public var parsedStatus: AttendanceStatus { AttendanceStatus(rawValue: status) ?? .invited }
}

/// A decision recorded in a meeting: one entry of the initiative's decision log.
public final class DecisionModel: Model, @unchecked Sendable {
    public static let schema = "decisions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "meeting_id") public var meetingID: UUID
    @Field(key: "text") public var text: String
    @Field(key: "rationale") public var rationale: String
    @OptionalField(key: "linked_kind") public var linkedKind: String?
    @OptionalField(key: "linked_id") public var linkedID: UUID?
    @Field(key: "decided_at") public var decidedAt: Date
    @OptionalField(key: "recorded_by") public var recordedBy: UUID?

    public init() {}
}

/// Something a person agreed to do, raised in a meeting.
public final class ActionItemModel: Model, @unchecked Sendable {
    public static let schema = "action_items"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "meeting_id") public var meetingID: UUID
    @Field(key: "text") public var text: String
    @Field(key: "owner_id") public var ownerID: UUID
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var parsedStatus: ActionItemStatus { ActionItemStatus(rawValue: status) ?? .open }
}
