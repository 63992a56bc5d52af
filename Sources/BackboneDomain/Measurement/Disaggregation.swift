import Foundation

/// A way of breaking a value down (age band, gender, race/ethnicity, geography, or the
/// initiative's own), with its categories in display order.
public struct DisaggregationDimension: Codable, Equatable, Sendable {
    public struct Category: Codable, Equatable, Sendable {
        public let key: String
        public let label: String
        public init(key: String, label: String) { self.key = key; self.label = label }
    }

    public let key: String
    public let name: String
    public let categories: [Category]

    public init(key: String, name: String, categories: [Category]) {
        self.key = key
        self.name = name
        self.categories = categories
    }

    /// Dimensions every initiative starts with; they can add their own.
    public static let standard: [DisaggregationDimension] = [
        DisaggregationDimension(key: "age_band", name: "Age band", categories: [
            .init(key: "0-4", label: "0 to 4"), .init(key: "5-9", label: "5 to 9"), .init(key: "10-14", label: "10 to 14"),
            .init(key: "15-19", label: "15 to 19"), .init(key: "20-24", label: "20 to 24"), .init(key: "25-plus", label: "25 and over"),
        ]),
        DisaggregationDimension(key: "gender", name: "Gender", categories: [
            .init(key: "female", label: "Female"), .init(key: "male", label: "Male"),
            .init(key: "another", label: "Another gender"), .init(key: "unknown", label: "Not known"),
        ]),
        DisaggregationDimension(key: "race_ethnicity", name: "Race and ethnicity", categories: [
            .init(key: "asian", label: "Asian"), .init(key: "black", label: "Black or African American"),
            .init(key: "hispanic", label: "Hispanic or Latino"), .init(key: "indigenous", label: "American Indian or Alaska Native"),
            .init(key: "pacific", label: "Native Hawaiian or Pacific Islander"), .init(key: "white", label: "White"),
            .init(key: "multiple", label: "Two or more"), .init(key: "unknown", label: "Not known"),
        ]),
        DisaggregationDimension(key: "geography", name: "Geography", categories: [
            .init(key: "north", label: "North"), .init(key: "east", label: "East"),
            .init(key: "south", label: "South"), .init(key: "west", label: "West"),
        ]),
    ]
}

/// One figure as a partner enters it: a value, or for ratios a numerator and denominator.
public struct ValueEntry: Equatable, Sendable {
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    public var weight: Double?

    public init(value: Double? = nil, numerator: Double? = nil, denominator: Double? = nil, weight: Double? = nil) {
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.weight = weight
    }

    public var isEmpty: Bool { value == nil && numerator == nil && denominator == nil && weight == nil }

    /// The value a ratio entry stands for.
    public func resolvedValue(_ unit: MeasurementUnit) -> Double? {
        if let scale = unit.ratioScale, let numerator, let denominator, denominator > 0 {
            return numerator / denominator * scale
        }
        return value
    }
}

/// A partner's report of one indicator for one period: the total and, per declared dimension,
/// a value per category. A report without cells is "total only, not broken down".
public struct IndicatorReport: Equatable, Sendable {
    public var total: ValueEntry
    /// dimension key → category key → entry
    public var cells: [String: [String: ValueEntry]]
    public var comment: String

    public init(total: ValueEntry, cells: [String: [String: ValueEntry]] = [:], comment: String = "") {
        self.total = total
        self.cells = cells
        self.comment = comment
    }

    public var isBrokenDown: Bool { cells.values.contains { !$0.values.allSatisfy(\.isEmpty) } }
}
