import BackboneDomain
import Fluent
import Foundation

/// One partner's values for one period, moving draft → submitted → approved (or returned).
public final class SubmissionModel: Model, @unchecked Sendable {
    public static let schema = "submissions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "period_key") public var periodKey: String
    @Field(key: "status") public var status: String
    /// Increases with every save; a save based on an older revision is refused (no lost updates).
    @Field(key: "revision") public var revision: Int
    @Field(key: "review_comment") public var reviewComment: String
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    @OptionalField(key: "reviewed_at") public var reviewedAt: Date?
    @OptionalField(key: "reviewed_by") public var reviewedBy: UUID?

    public init() {}

    public init(initiativeID: UUID, organizationID: UUID, periodKey: String, now: Date) {
        self.initiativeID = initiativeID
        self.organizationID = organizationID
        self.periodKey = periodKey
        self.status = SubmissionStatus.draft.rawValue
        self.revision = 0
        self.reviewComment = ""
        self.updatedAt = now
    }

    public var parsedStatus: SubmissionStatus { SubmissionStatus(rawValue: status) ?? .draft }
    public var period: ReportingPeriod? { ReportingPeriod(key: periodKey) }
}

/// One stored figure: the total of an indicator (empty dimension and category keys) or one cell.
public final class MeasurementValueModel: Model, @unchecked Sendable {
    public static let schema = "measurement_values"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "submission_id") public var submissionID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID
    @Field(key: "indicator_version") public var indicatorVersion: Int
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "period_key") public var periodKey: String
    @Field(key: "dimension_key") public var dimensionKey: String
    @Field(key: "category_key") public var categoryKey: String
    @OptionalField(key: "value") public var value: Double?
    @OptionalField(key: "numerator") public var numerator: Double?
    @OptionalField(key: "denominator") public var denominator: Double?
    @OptionalField(key: "weight") public var weight: Double?
    @Field(key: "comment") public var comment: String

    public init() {}

    public var entry: ValueEntry { ValueEntry(value: value, numerator: numerator, denominator: denominator, weight: weight) }
    public var isTotal: Bool { dimensionKey.isEmpty }
}

/// Every change of a stored value: who, when (UTC), before and after, and why.
public final class ValueAuditModel: Model, @unchecked Sendable {
    public static let schema = "value_audit"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "submission_id") public var submissionID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "period_key") public var periodKey: String
    @Field(key: "dimension_key") public var dimensionKey: String
    @Field(key: "category_key") public var categoryKey: String
    /// The stored figure before the change, as JSON; nil when it did not exist.
    @OptionalField(key: "old_json") public var oldJSON: String?
    /// The stored figure after the change, as JSON; nil when it was removed.
    @OptionalField(key: "new_json") public var newJSON: String?
    @Field(key: "reason") public var reason: String
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "recorded_at") public var recordedAt: Date
    /// Orders entries recorded within the same instant.
    @Field(key: "sequence") public var sequence: Int64

    public init() {}
}

/// Permission for one partner to change one locked period, until a date.
public final class LockExceptionModel: Model, @unchecked Sendable {
    public static let schema = "lock_exceptions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "period_key") public var periodKey: String
    @Field(key: "until") public var until: Date
    @Field(key: "granted_by") public var grantedBy: UUID

    public init() {}
}

/// One step in a report's workflow: who moved it where, when, and with what comment.
public final class SubmissionEventModel: Model, @unchecked Sendable {
    public static let schema = "submission_events"

    public enum Action: String, Sendable, CaseIterable {
        case draftSaved = "draft_saved"
        case submitted
        case approved
        case returned
        /// An approved report sent back for changes.
        case reopened
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "submission_id") public var submissionID: UUID
    @Field(key: "action") public var action: String
    /// The report's status after this step.
    @Field(key: "status") public var status: String
    @Field(key: "revision") public var revision: Int
    @Field(key: "comment") public var comment: String
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    init(submission: SubmissionModel, action: Action, status: SubmissionStatus, revision: Int, comment: String, userID: UUID, now: Date) throws {
        initiativeID = submission.initiativeID
        submissionID = try submission.requireID()
        self.action = action.rawValue
        self.status = status.rawValue
        self.revision = revision
        self.comment = comment
        self.userID = userID
        recordedAt = now
    }

    public var parsedAction: Action? { Action(rawValue: action) }
}
