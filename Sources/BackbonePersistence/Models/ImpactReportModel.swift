import BackboneDomain
import Fluent
import Foundation

/// One impact report (see `CreateImpactReports`).
public final class ImpactReportModel: Model, @unchecked Sendable {
    public static let schema = "impact_reports"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "title") public var title: String
    @Field(key: "audience") public var audience: String
    @Field(key: "from_period") public var fromPeriod: String
    @Field(key: "to_period") public var toPeriod: String
    @Field(key: "plan_json") public var planJSON: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "content_json") public var contentJSON: String?
    @OptionalField(key: "released_at") public var releasedAt: Date?
    @OptionalField(key: "released_by") public var releasedBy: UUID?
    @OptionalField(key: "superseded_by") public var supersededBy: UUID?
    @OptionalField(key: "share_token_hash") public var shareTokenHash: String?
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @Field(key: "revision") public var revision: Int

    public init() {}

    public var parsedStatus: ImpactReportStatus { ImpactReportStatus(rawValue: status) ?? .draft }
    public var parsedAudience: ImpactAudience { ImpactAudience(rawValue: audience) ?? .steeringCommittee }

    /// The plan as the backbone last saved it.
    public var plan: ImpactReportPlan? { try? JSONDecoder().decode(ImpactReportPlan.self, from: Data(planJSON.utf8)) }

    /// The frozen content of a released report (nil for a draft).
    public var content: ImpactReportContent? {
        contentJSON.flatMap { try? ImpactReportCoding.decoder.decode(ImpactReportContent.self, from: Data($0.utf8)) }
    }
}

/// One way of writing report content, so that what is stored reads back exactly.
public enum ImpactReportCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
