import BackboneDomain
import Fluent
import Foundation

/// An outreach event (see `CreateOutreach`).
public final class OutreachEventModel: Model, @unchecked Sendable {
    public static let schema = "outreach_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "title") public var title: String
    @Field(key: "kind") public var kind: String
    @Field(key: "held_on") public var heldOn: String
    @Field(key: "place") public var place: String
    @Field(key: "languages_json") public var languagesJSON: String
    @Field(key: "reach_json") public var reachJSON: String
    @Field(key: "people_reached") public var peopleReached: Int
    @Field(key: "note") public var note: String
    @Field(key: "revision") public var revision: Int
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var parsedKind: OutreachKind { OutreachKind(rawValue: kind) ?? .communityMeeting }
    public var day: CalendarDay { CalendarDay(key: heldOn) ?? CalendarDay(containing: updatedAt) }
    public var languages: [String] { (try? JSONDecoder().decode([String].self, from: Data(languagesJSON.utf8))) ?? [] }
    public var reach: OutreachReach { (try? JSONDecoder().decode(OutreachReach.self, from: Data(reachJSON.utf8))) ?? OutreachReach() }
}

public final class OutreachEventOrganizerModel: Model, @unchecked Sendable {
    public static let schema = "outreach_event_organizers"

    @ID(key: .id) public var id: UUID?
    @Field(key: "event_id") public var eventID: UUID
    @Field(key: "organization_id") public var organizationID: UUID

    public init() {}
}

public final class OutreachEventStrategyModel: Model, @unchecked Sendable {
    public static let schema = "outreach_event_strategies"

    @ID(key: .id) public var id: UUID?
    @Field(key: "event_id") public var eventID: UUID
    @Field(key: "strategy_id") public var strategyID: UUID

    public init() {}
}

/// What a resident said, and (once answered) what was done with it.
public final class FeedbackItemModel: Model, @unchecked Sendable {
    public static let schema = "feedback_items"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @OptionalField(key: "event_id") public var eventID: UUID?
    @Field(key: "source") public var source: String
    @Field(key: "text") public var text: String
    @Field(key: "neighborhood") public var neighborhood: String
    @OptionalField(key: "contact_name") public var contactName: String?
    @OptionalField(key: "contact_email") public var contactEmail: String?
    @Field(key: "received_on") public var receivedOn: String
    @Field(key: "received_at") public var receivedAt: Date
    @OptionalField(key: "recorded_by") public var recordedBy: UUID?
    @OptionalField(key: "response") public var response: String?
    @Field(key: "response_link") public var responseLink: String
    @OptionalField(key: "response_link_id") public var responseLinkID: UUID?
    @OptionalField(key: "responded_at") public var respondedAt: Date?
    @OptionalField(key: "responded_by") public var respondedBy: UUID?
    @Field(key: "revision") public var revision: Int

    public init() {}

    public var parsedSource: FeedbackSource { FeedbackSource(rawValue: source) ?? .staff }
    public var parsedLink: ResponseLink { ResponseLink(rawValue: responseLink) ?? .none }
    public var day: CalendarDay { CalendarDay(key: receivedOn) ?? CalendarDay(containing: receivedAt) }
    public var isAnswered: Bool { response != nil }
}

public final class FeedbackStrategyModel: Model, @unchecked Sendable {
    public static let schema = "feedback_strategies"

    @ID(key: .id) public var id: UUID?
    @Field(key: "feedback_id") public var feedbackID: UUID
    @Field(key: "strategy_id") public var strategyID: UUID

    public init() {}
}

public final class OutreachSettingsModel: Model, @unchecked Sendable {
    public static let schema = "outreach_settings"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "voice_public") public var voicePublic: Bool

    public init() {}
}
