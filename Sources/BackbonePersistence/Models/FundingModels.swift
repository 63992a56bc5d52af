import BackboneDomain
import Fluent
import Foundation

/// A funder's commitment to the initiative (see `CreateFunding`).
public final class FundingCommitmentModel: Model, @unchecked Sendable {
    public static let schema = "funding_commitments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "funder_id") public var funderID: UUID
    @Field(key: "title") public var title: String
    @Field(key: "kind") public var kind: String
    @Field(key: "status") public var status: String
    @Field(key: "currency") public var currency: String
    @Field(key: "amount_minor") public var amountMinor: Int64
    @Field(key: "starts_on") public var startsOn: String
    @Field(key: "ends_on") public var endsOn: String
    @Field(key: "restriction_kind") public var restrictionKind: String
    @OptionalField(key: "restriction_id") public var restrictionID: UUID?
    @Field(key: "note") public var note: String
    @Field(key: "revision") public var revision: Int
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var parsedKind: CommitmentKind { CommitmentKind(rawValue: kind) ?? .grant }
    public var parsedStatus: CommitmentStatus { CommitmentStatus(rawValue: status) ?? .prospect }
    public var parsedRestriction: RestrictionKind { RestrictionKind(rawValue: restrictionKind) ?? .unrestricted }
    /// Stored only through `CommitmentTerms.checked()`, so the currency and days always read.
    public var amount: Money { Money(amountMinor, Currency(code: currency) ?? Currency(code: "USD")!) }
    public var firstDay: CalendarDay { CalendarDay(key: startsOn) ?? CalendarDay(containing: updatedAt) }
    public var lastDay: CalendarDay { CalendarDay(key: endsOn) ?? firstDay }
}

public final class FundingCommitmentIndicatorModel: Model, @unchecked Sendable {
    public static let schema = "funding_commitment_indicators"

    @ID(key: .id) public var id: UUID?
    @Field(key: "commitment_id") public var commitmentID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID

    public init() {}
}

/// A need stated for one year: a strategy's, or the backbone's own budget (target "backbone").
public final class FundingNeedModel: Model, @unchecked Sendable {
    public static let schema = "funding_needs"
    public static let backboneTarget = "backbone"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "target") public var target: String
    @Field(key: "currency") public var currency: String
    @Field(key: "amount_minor") public var amountMinor: Int64

    public init() {}

    public var amount: Money? { Currency(code: currency).map { Money(amountMinor, $0) } }
    public var fundingTarget: FundingTarget? {
        target == Self.backboneTarget ? .backbone : UUID(uuidString: target).map(FundingTarget.strategy)
    }
}

public final class FundingSettingsModel: Model, @unchecked Sendable {
    public static let schema = "funding_settings"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "gap_percent") public var gapPercent: Int
    @Field(key: "map_published") public var mapPublished: Bool
    @Field(key: "revision") public var revision: Int

    public init() {}
}
