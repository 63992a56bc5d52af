import BackboneDomain
import Fluent
import Foundation

public final class StoryModel: Model, @unchecked Sendable {
    public static let schema = "stories"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "title") public var title: String
    @Field(key: "text") public var text: String
    @Field(key: "about_person") public var aboutPerson: String
    @Field(key: "consent") public var consent: String
    @Field(key: "consent_note") public var consentNote: String
    @OptionalField(key: "strategy_id") public var strategyID: UUID?
    @OptionalField(key: "indicator_id") public var indicatorID: UUID?
    @Field(key: "tags") public var tags: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "submitted_by") public var submittedBy: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "published_at") public var publishedAt: Date?

    public init() {}

    public var parsedStatus: StoryStatus { StoryStatus(rawValue: status) ?? .submitted }
    public var parsedConsent: Consent { Consent(rawValue: consent) ?? .notAsked }
    public var tagList: [String] { tags.split(separator: ",").map(String.init) }
    /// Shown outside the initiative (without signing in): published, with consent given.
    public var isPublic: Bool { parsedStatus == .published && parsedConsent == .given }
}

public final class StoryPhotoModel: Model, @unchecked Sendable {
    public static let schema = "story_photos"

    @ID(key: .id) public var id: UUID?
    @Field(key: "story_id") public var storyID: UUID
    @Field(key: "content_type") public var contentType: String
    @Field(key: "width") public var width: Int
    @Field(key: "height") public var height: Int
    @Field(key: "bytes") public var bytes: Data
    /// What the photo shows, for people who cannot see it (nil for photos sent before it was asked).
    @OptionalField(key: "alt_text") public var altText: String?

    public init() {}
}

/// The stories of one initiative.
public struct StoryRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    public struct Input: Sendable {
        public var organizationID: UUID?
        public var title: String
        public var text: String
        public var aboutPerson: String
        public var consent: String
        public var consentNote: String
        public var strategyID: UUID?
        public var indicatorID: UUID?
        public var tags: String
        public var photo: [UInt8]?
        public var photoType: String?
        /// What the photo shows: required with a photo.
        public var photoAlt: String

        public init(organizationID: UUID?, title: String, text: String, aboutPerson: String, consent: String, consentNote: String,
                    strategyID: UUID?, indicatorID: UUID?, tags: String, photo: [UInt8]?, photoType: String?, photoAlt: String = "") {
            self.organizationID = organizationID
            self.title = title
            self.text = text
            self.aboutPerson = aboutPerson
            self.consent = consent
            self.consentNote = consentNote
            self.strategyID = strategyID
            self.indicatorID = indicatorID
            self.tags = tags
            self.photo = photo
            self.photoType = photoType
            self.photoAlt = photoAlt
        }
    }

    public func all() async throws -> [StoryModel] {
        try await StoryModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$createdAt, .descending).all()
    }

    public func find(_ id: UUID) async throws -> StoryModel? {
        try await StoryModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    public func photo(of storyID: UUID) async throws -> StoryPhotoModel? {
        try await StoryPhotoModel.query(on: db).filter(\.$storyID == storyID).first()
    }

    /// Checks everything first, then writes the story and its photo together.
    @discardableResult
    public func submit(_ input: Input, userID: UUID?, now: Date) async throws -> StoryModel {
        var errors = FieldErrors()
        let title = input.title.trimmed, text = input.text.trimmed, about = input.aboutPerson.trimmed, note = input.consentNote.trimmed
        let alt = input.photoAlt.trimmed
        if title.isEmpty { errors.add("title", Texts.current("error.giveStoryTitle")) }
        if title.count > 200 { errors.add("title", Texts.current("error.titleTooLongMost")) }
        if text.isEmpty { errors.add("text", Texts.current("error.tellStory")) }
        if text.count > 20_000 { errors.add("text", Texts.current("error.storyTooLongMost")) }
        if about.count > 200 { errors.add("aboutPerson", Texts.current("error.mostCharacters")) }
        if note.count > 1_000 { errors.add("consentNote", Texts.current("error.mostCharacters2")) }
        let consent = Consent(rawValue: input.consent)
        if consent == nil { errors.add("consent", Texts.current("error.sayWhetherPersonAgreed")) }
        if consent == .given && note.isEmpty { errors.add("consentNote", Texts.current("error.sayHowConsentWas")) }
        let hasPhoto = !(input.photo ?? []).isEmpty
        if hasPhoto && alt.isEmpty { errors.add("photoAlt", Texts.current("error.describePhoto")) }
        if alt.count > 300 { errors.add("photoAlt", Texts.current("error.describePhotoShorter")) }
        for value in [title, text, about, note, input.tags, alt]
        where value.containsUnshowableCharacters {
            errors.add("text", Texts.current("error.storyContainsCharactersThat"))
        }
        if let organizationID = input.organizationID {
            if try await OrganizationModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == organizationID).first() == nil {
                errors.add("organization", Texts.current("error.chooseOneInitiativeS5"))
            }
        } else { errors.add("organization", Texts.current("error.choosePartnerStoryComes")) }
        if let strategy = input.strategyID,
           try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == strategy).first()?.parsedKind != .strategy {
            errors.add("strategy", Texts.current("error.chooseOneInitiativeS6"))
        }
        if let indicator = input.indicatorID,
           try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == indicator).first() == nil {
            errors.add("indicator", Texts.current("error.chooseOneInitiativeS7"))
        }
        var checkedPhoto: (kind: ImageKind, width: Int, height: Int)?
        if let bytes = input.photo, !bytes.isEmpty {
            do { checkedPhoto = try ImageKind.verify(bytes, claimed: input.photoType) } catch let photoErrors as FieldErrors {
                for (field, message) in photoErrors.messages { errors.add(field, message) }
            }
        }
        try errors.throwIfAny()
        let story = StoryModel()
        story.initiativeID = scope.initiativeID
        story.organizationID = input.organizationID!
        story.title = title
        story.text = text
        story.aboutPerson = about
        story.consent = consent!.rawValue
        story.consentNote = note
        story.strategyID = input.strategyID
        story.indicatorID = input.indicatorID
        story.tags = input.tags.split(separator: ",").map { String($0).trimmed.lowercased() }.filter { !$0.isEmpty }.prefix(10).joined(separator: ",")
        story.status = StoryStatus.submitted.rawValue
        story.submittedBy = userID
        story.createdAt = now
        let photoFacts = checkedPhoto
        try await db.transaction { tx in
            try await story.create(on: tx)
            if let checkedPhoto = photoFacts, let bytes = input.photo {
                let photo = StoryPhotoModel()
                photo.storyID = try story.requireID()
                photo.contentType = checkedPhoto.kind.rawValue
                photo.width = checkedPhoto.width
                photo.height = checkedPhoto.height
                photo.bytes = Data(bytes)
                photo.altText = alt
                try await photo.create(on: tx)
            }
        }
        return story
    }

    public func setStatus(_ story: StoryModel, to status: StoryStatus, now: Date) async throws {
        story.status = status.rawValue
        story.publishedAt = status == .published ? now : nil
        try await story.update(on: db)
    }
}
