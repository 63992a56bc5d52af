import BackboneDomain
import Fluent
import Foundation

/// An initiative's publishing choices (see `CreatePublishing`).
public final class PublishingChoicesModel: Model, @unchecked Sendable {
    public static let schema = "publishing_choices"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "choices_json") public var choicesJSON: String
    @Field(key: "revision") public var revision: Int
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "updated_by") public var updatedBy: UUID?

    public init() {}

    public var choices: PublishingChoices {
        (try? JSONDecoder().decode(PublishingChoices.self, from: Data(choicesJSON.utf8))) ?? PublishingChoices()
    }
}

/// Whether a partner agreed to be named on the public pages, and who recorded it when.
public final class PublicationConsentModel: Model, @unchecked Sendable {
    public static let schema = "publication_consents"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "given") public var given: Bool
    @Field(key: "recorded_at") public var recordedAt: Date
    @OptionalField(key: "recorded_by") public var recordedBy: UUID?

    public init() {}
}

/// One change of the publishing choices or of a consent, kept for the record.
public final class PublishingEventModel: Model, @unchecked Sendable {
    public static let schema = "publishing_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "at") public var at: Date
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "action") public var action: String
    @Field(key: "detail_json") public var detailJSON: String

    public init() {}
}
