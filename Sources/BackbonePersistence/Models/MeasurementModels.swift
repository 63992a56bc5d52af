import BackboneDomain
import Fluent
import Foundation

/// A disaggregation dimension of one initiative; its categories are stored as JSON because they
/// are always read and written together.
public final class DimensionModel: Model, @unchecked Sendable {
    public static let schema = "dimensions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "key") public var key: String
    @Field(key: "name") public var name: String
    @Field(key: "categories_json") public var categoriesJSON: String
    @Field(key: "position") public var position: Int

    public init() {}

    public init(initiativeID: UUID, dimension: DisaggregationDimension, position: Int) throws {
        self.initiativeID = initiativeID
        self.key = dimension.key
        self.name = dimension.name
        self.categoriesJSON = String(decoding: try JSONEncoder().encode(dimension.categories), as: UTF8.self)
        self.position = position
    }

    public var dimension: DisaggregationDimension {
        let categories = (try? JSONDecoder().decode([DisaggregationDimension.Category].self, from: Data(categoriesJSON.utf8))) ?? []
        return DisaggregationDimension(key: key, name: name, categories: categories)
    }
}

/// An indicator adopted or created by an initiative. What its numbers mean lives in its versions.
public final class IndicatorModel: Model, @unchecked Sendable {
    public static let schema = "indicators"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "description") public var description: String
    @Field(key: "polarity") public var polarity: String
    @Field(key: "scope") public var scope: String
    @Field(key: "frequency") public var frequency: String
    /// Comma-separated dimension keys the indicator is reported by.
    @Field(key: "dimension_keys") public var dimensionKeys: String
    @Field(key: "data_sources") public var dataSources: String
    @OptionalField(key: "catalog_code") public var catalogCode: String?
    /// The backbone's own translations of its words, JSON by language code (see `translations`).
    @OptionalField(key: "translations") public var translationsJSON: String?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    /// Words in other languages that the backbone wrote; they come before the catalog's.
    public var translations: [String: CatalogEntry.Translation] {
        get { translationsJSON.flatMap { try? JSONDecoder().decode([String: CatalogEntry.Translation].self, from: Data($0.utf8)) } ?? [:] }
        set {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            translationsJSON = newValue.isEmpty ? nil : (try? encoder.encode(newValue)).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    public init(initiativeID: UUID, entry: CatalogEntry, now: Date) {
        self.initiativeID = initiativeID
        self.code = entry.code
        self.name = entry.name
        self.description = entry.definition
        self.polarity = entry.polarity.rawValue
        self.scope = entry.scope.rawValue
        self.frequency = entry.frequency.rawValue
        self.dimensionKeys = entry.suggestedDimensions.joined(separator: ",")
        self.dataSources = entry.dataSources
        self.catalogCode = IndicatorCatalog.starter.entry(code: entry.code) == nil ? nil : entry.code
        self.createdAt = now
    }

    public var parsedFrequency: Frequency { Frequency(rawValue: frequency) ?? .annual }
    public var parsedPolarity: Polarity { Polarity(rawValue: polarity) ?? .higherIsBetter }
    public var parsedScope: ReportingScope { ReportingScope(rawValue: scope) ?? .partners }
    public var dimensionKeyList: [String] { dimensionKeys.split(separator: ",").map(String.init) }
}

/// One numbered version of an indicator's definition.
public final class IndicatorVersionModel: Model, @unchecked Sendable {
    public static let schema = "indicator_versions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "indicator_id") public var indicatorID: UUID
    @Field(key: "number") public var number: Int
    @Field(key: "effective_from") public var effectiveFrom: Date
    @Field(key: "definition_json") public var definitionJSON: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(indicatorID: UUID, version: DefinitionVersion, now: Date) throws {
        self.indicatorID = indicatorID
        self.number = version.number
        self.effectiveFrom = version.effectiveFrom
        self.definitionJSON = String(decoding: try JSONEncoder().encode(version.definition), as: UTF8.self)
        self.createdAt = now
    }

    public func definitionVersion() throws -> DefinitionVersion {
        DefinitionVersion(number: number, effectiveFrom: effectiveFrom,
                          definition: try JSONDecoder().decode(IndicatorDefinition.self, from: Data(definitionJSON.utf8)))
    }
}

/// An indicator a partner must report, with the dimensions it reports it by.
public final class AssignmentModel: Model, @unchecked Sendable {
    public static let schema = "assignments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "dimension_keys") public var dimensionKeys: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(initiativeID: UUID, indicatorID: UUID, organizationID: UUID, dimensionKeys: [String], now: Date) {
        self.initiativeID = initiativeID
        self.indicatorID = indicatorID
        self.organizationID = organizationID
        self.dimensionKeys = dimensionKeys.joined(separator: ",")
        self.createdAt = now
    }

    public var dimensionKeyList: [String] { dimensionKeys.split(separator: ",").map(String.init) }
}

/// A baseline and a target for an indicator: for the whole initiative (no organization) or for
/// one partner.
public final class TargetModel: Model, @unchecked Sendable {
    public static let schema = "targets"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @Field(key: "baseline_value") public var baselineValue: Double
    @Field(key: "baseline_date") public var baselineDate: Date
    @Field(key: "target_value") public var targetValue: Double
    @Field(key: "target_date") public var targetDate: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public func trajectory(_ polarity: Polarity) -> Trajectory {
        Trajectory(baseline: .init(date: baselineDate, value: baselineValue), target: .init(date: targetDate, value: targetValue),
                   polarity: polarity)
    }
}
