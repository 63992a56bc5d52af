import Foundation

/// The part of an indicator that decides what its numbers mean. Changing any of it starts a new
/// version: values keep the version they were reported under, and charts mark the break.
/// Names and descriptions are not part of it: fixing a typo is not a new series.
public struct IndicatorDefinition: Codable, Equatable, Sendable {
    public var definition: String
    public var unit: MeasurementUnit
    public var aggregation: AggregationRule
    public var numeratorDefinition: String?
    public var denominatorDefinition: String?
    /// For `weightedMean`: what the weight is (such as "students enrolled").
    public var weightDefinition: String?
    public var minimum: Double?
    public var maximum: Double?

    public init(definition: String, unit: MeasurementUnit, aggregation: AggregationRule,
                numeratorDefinition: String? = nil, denominatorDefinition: String? = nil,
                weightDefinition: String? = nil, minimum: Double? = nil, maximum: Double? = nil) {
        self.definition = definition
        self.unit = unit
        self.aggregation = aggregation
        self.numeratorDefinition = numeratorDefinition
        self.denominatorDefinition = denominatorDefinition
        self.weightDefinition = weightDefinition
        self.minimum = minimum
        self.maximum = maximum
    }

    public var isRatio: Bool { aggregation == .ratio }

    /// The checks a definition must pass before it is saved.
    public func validate() throws {
        var errors = FieldErrors()
        if definition.trimmed.isEmpty { errors.add("definition", Texts.current("error.sayExactlyWhatMeasured")) }
        if aggregation == .ratio {
            if unit.ratioScale == nil { errors.add("unit", Texts.current("error.ratioPercentRatePer")) }
            if (numeratorDefinition ?? "").trimmed.isEmpty { errors.add("numeratorDefinition", Texts.current("error.sayWhatCountedOn")) }
            if (denominatorDefinition ?? "").trimmed.isEmpty { errors.add("denominatorDefinition", Texts.current("error.sayWhatFractionOut")) }
        } else if aggregation != .weightedMean, unit == .percent || { if case .ratePer = unit { return true } else { return false } }() {
            // A rate weighted by its own denominator is exactly the ratio, and published sources
            // often give only the rate and the population: a weighted mean with a declared
            // weight is allowed. Summing, plain averages and extremes of rates are not.
            errors.add("aggregation", Texts.current("error.percentsRatesMustUse"))
        }
        if aggregation == .weightedMean, (weightDefinition ?? "").trimmed.isEmpty {
            errors.add("weightDefinition", Texts.current("error.sayWhatEachValue"))
        }
        for (field, bound) in [("minimum", minimum), ("maximum", maximum)] {
            if let bound, !bound.isFinite || abs(bound) > ValueRules.largestFigure {
                errors.add(field, Texts.current("error.enterNumberNoLarger"))
            }
        }
        if let minimum, let maximum, minimum > maximum { errors.add("maximum", Texts.current("error.maximumBelowMinimum")) }
        try errors.throwIfAny()
    }

    /// Whether going from `self` to `other` must start a new version.
    public func needsNewVersion(for other: IndicatorDefinition) -> Bool {
        definition.trimmed != other.definition.trimmed || unit != other.unit || aggregation != other.aggregation
            || numeratorDefinition?.trimmed != other.numeratorDefinition?.trimmed
            || denominatorDefinition?.trimmed != other.denominatorDefinition?.trimmed
            || weightDefinition?.trimmed != other.weightDefinition?.trimmed
    }
}

/// One numbered version of an indicator's definition, in force from a date.
public struct DefinitionVersion: Equatable, Sendable {
    public let number: Int
    public let effectiveFrom: Date
    public let definition: IndicatorDefinition

    public init(number: Int, effectiveFrom: Date, definition: IndicatorDefinition) {
        self.number = number
        self.effectiveFrom = effectiveFrom
        self.definition = definition
    }
}

/// The version history of one indicator.
public struct DefinitionHistory: Equatable, Sendable {
    public private(set) var versions: [DefinitionVersion]

    public init(first: IndicatorDefinition, effectiveFrom: Date) {
        versions = [DefinitionVersion(number: 1, effectiveFrom: effectiveFrom, definition: first)]
    }

    public var current: DefinitionVersion { versions.last! }

    /// The version in force for a period ending on `date` (values are reported under it).
    public func version(on date: Date) -> DefinitionVersion {
        versions.last { $0.effectiveFrom <= date } ?? versions[0]
    }

    /// Applies an edit. Returns the new version when the edit changes meaning, nil when it does
    /// not (then there is nothing to record beyond the name or description).
    @discardableResult
    public mutating func revise(to definition: IndicatorDefinition, effectiveFrom: Date) throws -> DefinitionVersion? {
        try definition.validate()
        guard current.definition.needsNewVersion(for: definition) else { return nil }
        guard effectiveFrom > current.effectiveFrom else {
            throw FieldErrors("effectiveFrom", Texts.current("error.newVersionMustTake", ["effectiveFrom": "\(current.effectiveFrom.formatted(.iso8601.year().month().day()))"]))
        }
        let version = DefinitionVersion(number: current.number + 1, effectiveFrom: effectiveFrom, definition: definition)
        versions.append(version)
        return version
    }
}
