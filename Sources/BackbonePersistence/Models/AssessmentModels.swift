import BackboneDomain
import Fluent
import Foundation

/// One version of an initiative's questionnaire of one kind (see `CreateAssessments`).
public final class AssessmentTemplateModel: Model, @unchecked Sendable {
    public static let schema = "assessment_templates"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "version") public var version: Int
    @Field(key: "content_json") public var contentJSON: String
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    /// The questionnaire; a row that cannot be read (never written by this code) reads as the shipped one.
    public var template: AssessmentTemplate {
        let kind = AssessmentKind(rawValue: kind) ?? .readiness
        return (try? JSONDecoder().decode(AssessmentTemplate.self, from: Data(contentJSON.utf8))) ?? AssessmentTemplate.shipped[kind]!
    }
}

/// One round of an assessment.
public final class AssessmentRoundModel: Model, @unchecked Sendable {
    public static let schema = "assessment_rounds"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "template_id") public var templateID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "title") public var title: String
    @Field(key: "audience_json") public var audienceJSON: String
    @Field(key: "opens_on") public var opensOn: String
    @Field(key: "closes_on") public var closesOn: String
    @Field(key: "threshold") public var threshold: Int
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var parsedKind: AssessmentKind { AssessmentKind(rawValue: kind) ?? .readiness }
    public var audience: AssessmentAudience {
        (try? JSONDecoder().decode(AssessmentAudience.self, from: Data(audienceJSON.utf8))) ?? AssessmentAudience()
    }
    public var firstDay: CalendarDay { CalendarDay(key: opensOn) ?? CalendarDay(containing: createdAt) }
    public var lastDay: CalendarDay { CalendarDay(key: closesOn) ?? firstDay }

    public func state(on day: CalendarDay) -> RoundState {
        RoundState.on(day, opensOn: firstDay, closesOn: lastDay, closedByJob: closedAt != nil)
    }
}

/// One person's answers to one round.
public final class AssessmentResponseModel: Model, @unchecked Sendable {
    public static let schema = "assessment_responses"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "round_id") public var roundID: UUID
    @Field(key: "user_id") public var userID: UUID
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @Field(key: "status") public var status: String
    @Field(key: "answers_json") public var answersJSON: String
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "revision") public var revision: Int

    public init() {}

    public var parsedStatus: ResponseStatus { ResponseStatus(rawValue: status) ?? .draft }
    public var answers: [String: AssessmentAnswer] {
        (try? JSONDecoder().decode([String: AssessmentAnswer].self, from: Data(answersJSON.utf8))) ?? [:]
    }
}

/// One quarter's periodic assessment of the working groups.
public final class PeriodicAssessmentModel: Model, @unchecked Sendable {
    public static let schema = "periodic_assessments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "quarter") public var quarter: String
    @Field(key: "status") public var status: String
    @Field(key: "judgements_json") public var judgementsJSON: String
    @OptionalField(key: "content_json") public var contentJSON: String?
    @OptionalField(key: "shared_at") public var sharedAt: Date?
    @OptionalField(key: "shared_by") public var sharedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "revision") public var revision: Int

    public init() {}

    public var parsedStatus: PeriodicAssessmentStatus { PeriodicAssessmentStatus(rawValue: status) ?? .draft }

    /// The backbone's judgement and note per working group, as last saved.
    public var judgements: [UUID: StoredJudgement] {
        let stored = (try? JSONDecoder().decode([String: StoredJudgement].self, from: Data(judgementsJSON.utf8))) ?? [:]
        return Dictionary(uniqueKeysWithValues: stored.compactMap { key, value in UUID(uuidString: key).map { ($0, value) } })
    }

    /// The frozen content of a shared assessment (nil for a draft).
    public var content: PeriodicAssessmentContent? {
        contentJSON.flatMap { try? ImpactReportCoding.decoder.decode(PeriodicAssessmentContent.self, from: Data($0.utf8)) }
    }

    public struct StoredJudgement: Codable, Equatable, Sendable {
        public var judgement: GroupJudgement?
        public var note: String

        public init(judgement: GroupJudgement?, note: String) {
            self.judgement = judgement
            self.note = note
        }
    }
}
