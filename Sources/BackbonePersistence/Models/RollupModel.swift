import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// One stored aggregate (see `CreateRollups`).
public final class RollupModel: Model, @unchecked Sendable {
    public static let schema = "rollups"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID
    /// Nil for the initiative's total across partners.
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @Field(key: "period_key") public var periodKey: String
    @Field(key: "frequency") public var frequency: String
    @Field(key: "version") public var version: Int
    @Field(key: "dimension_key") public var dimensionKey: String
    @Field(key: "category_key") public var categoryKey: String
    @Field(key: "basis") public var basis: String
    @OptionalField(key: "value") public var value: Double?
    @OptionalField(key: "numerator") public var numerator: Double?
    @OptionalField(key: "denominator") public var denominator: Double?
    @OptionalField(key: "weight") public var weight: Double?
    @Field(key: "observation_count") public var observationCount: Int
    @OptionalField(key: "latest_period_end") public var latestPeriodEnd: Date?
    @Field(key: "sources") public var sources: Int
    @Field(key: "provisional_sources") public var provisionalSources: Int

    public init() {}

    init(initiativeID: UUID, indicatorID: UUID, organizationID: UUID?, period: ReportingPeriod, key: RollupKey, cell: RollupCell) {
        self.initiativeID = initiativeID
        self.indicatorID = indicatorID
        self.organizationID = organizationID
        periodKey = period.key
        frequency = period.frequency.rawValue
        version = key.version
        dimensionKey = key.dimensionKey
        categoryKey = key.categoryKey
        basis = key.basis.rawValue
        value = cell.aggregate.value
        numerator = cell.aggregate.numerator
        denominator = cell.aggregate.denominator
        weight = cell.aggregate.weight
        observationCount = cell.aggregate.observationCount
        latestPeriodEnd = cell.aggregate.latestPeriodEnd
        sources = cell.sources
        provisionalSources = cell.provisionalSources
    }

    /// A row read as plain columns (see `RollupRepository.fetch`).
    convenience init(row: any SQLRow) throws {
        self.init()
        // Partners' aggregates have no id of their own (their key is their address).
        id = row.contains(column: "id") ? try row.decode(column: "id", as: UUID.self) : nil
        initiativeID = try row.decode(column: "initiative_id", as: UUID.self)
        indicatorID = try row.decode(column: "indicator_id", as: UUID.self)
        organizationID = try row.decode(column: "organization_id", as: UUID?.self)
        periodKey = try row.decode(column: "period_key", as: String.self)
        frequency = try row.decode(column: "frequency", as: String.self)
        version = try row.decode(column: "version", as: Int.self)
        dimensionKey = try row.decode(column: "dimension_key", as: String.self)
        categoryKey = try row.decode(column: "category_key", as: String.self)
        basis = try row.decode(column: "basis", as: String.self)
        value = try row.decode(column: "value", as: Double?.self)
        numerator = try row.decode(column: "numerator", as: Double?.self)
        denominator = try row.decode(column: "denominator", as: Double?.self)
        weight = try row.decode(column: "weight", as: Double?.self)
        observationCount = try row.decode(column: "observation_count", as: Int.self)
        latestPeriodEnd = try row.decode(column: "latest_period_end", as: Date?.self)
        sources = try row.decode(column: "sources", as: Int.self)
        provisionalSources = try row.decode(column: "provisional_sources", as: Int.self)
    }

    static let columns = ["id", "initiative_id", "indicator_id", "organization_id", "period_key", "frequency", "version", "dimension_key",
                          "category_key", "basis", "value", "numerator", "denominator", "weight", "observation_count", "latest_period_end",
                          "sources", "provisional_sources"]

    /// The columns of `partner_rollups`: the same without the id.
    static let partnerColumns = Array(columns.dropFirst())

    public var key: RollupKey {
        RollupKey(version: version, dimensionKey: dimensionKey, categoryKey: categoryKey, basis: RollupBasis(rawValue: basis) ?? .approved)
    }

    public var cell: RollupCell {
        RollupCell(aggregate: Aggregate(value: value, numerator: numerator, denominator: denominator, weight: weight,
                                        observationCount: observationCount, latestPeriodEnd: latestPeriodEnd),
                   sources: sources, provisionalSources: provisionalSources)
    }

    public var period: ReportingPeriod? { ReportingPeriod(key: periodKey) }

    /// One row per period, oldest first: where a period was reported under two definition
    /// versions, the newest one (pages show one figure per period and mark the break).
    public static func newestVersionPerPeriod(_ rows: [RollupModel]) -> [RollupModel] {
        Dictionary(grouping: rows, by: \.periodKey)
            .compactMap { key, rows in ReportingPeriod(key: key).map { ($0, rows.max { $0.version < $1.version }!) } }
            .sorted { $0.0 < $1.0 }.map(\.1)
    }
}
