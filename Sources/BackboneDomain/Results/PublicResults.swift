import Foundation

/// What the public sees of an initiative's results, after disclosure control: the contract of the
/// public pages, embeds and the open-data API (`{"k": 11, "indicators": [...]}`).
public struct PublicResults: Encodable, Equatable, Sendable {
    public var k: Int
    public var indicators: [PublicIndicatorResult]

    public init(k: Int, indicators: [PublicIndicatorResult]) {
        self.k = k
        self.indicators = indicators
    }
}

/// A published count or ratio: its value, or only the fact that it is hidden. A ratio's category
/// or partner cell carries its numerator and denominator, shown or hidden together.
public struct PublicCell: Encodable, Equatable, Sendable {
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?

    public static let suppressed = PublicCell(value: nil)

    public init(value: Double?, numerator: Double? = nil, denominator: Double? = nil) {
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
    }

    public var isSuppressed: Bool { value == nil }

    private enum Keys: String, CodingKey { case value, numerator, denominator, suppressed }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        guard let value else { return try container.encode(true, forKey: .suppressed) }
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(numerator, forKey: .numerator)
        try container.encodeIfPresent(denominator, forKey: .denominator)
    }
}

public struct PublicNamedCell: Equatable, Sendable {
    public var name: String
    public var cell: PublicCell

    public init(name: String, cell: PublicCell) {
        self.name = name
        self.cell = cell
    }
}

public struct PublicBreakdown: Equatable, Sendable {
    public var dimension: String
    public var categories: [PublicNamedCell]

    public init(dimension: String, categories: [PublicNamedCell]) {
        self.dimension = dimension
        self.categories = categories
    }
}

public struct PublicPeriodResult: Encodable, Equatable, Sendable {
    public var period: ReportingPeriod
    public var total: PublicCell
    /// Present for ratios only.
    public var numerator: PublicCell?
    public var denominator: PublicCell?
    public var breakdowns: [PublicBreakdown]
    /// Nil when the indicator is not published by partner.
    public var partners: [PublicNamedCell]?

    private enum Keys: String, CodingKey { case period, total, numerator, denominator, breakdowns, partners }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(period.key, forKey: .period)
        try container.encode(total, forKey: .total)
        try container.encodeIfPresent(numerator, forKey: .numerator)
        try container.encodeIfPresent(denominator, forKey: .denominator)
        let dimensions = breakdowns.map { ($0.dimension, Dictionary($0.categories.map { ($0.name, $0.cell) }, uniquingKeysWith: { first, _ in first })) }
        try container.encode(Dictionary(dimensions, uniquingKeysWith: { first, _ in first }), forKey: .breakdowns)
        if let partners {
            try container.encode(Dictionary(partners.map { ($0.name, $0.cell) }, uniquingKeysWith: { first, _ in first }), forKey: .partners)
        }
    }
}

public struct PublicTarget: Encodable, Equatable, Sendable {
    public var value: Double
    /// The period the target is set for.
    public var period: String

    public init(value: Double, period: String) {
        self.value = value
        self.period = period
    }
}

public struct PublicIndicatorResult: Encodable, Equatable, Sendable {
    public var code: String
    public var name: String
    public var unit: String
    public var rule: String
    public var polarity: String
    public var target: PublicTarget?
    /// How the newest published figure stands against the target (nil without a target).
    public var status: TargetStatus?
    /// Oldest first; for counts, each quarter and year follows the periods it covers.
    public var periods: [PublicPeriodResult]

    public init(code: String, name: String, unit: String, rule: String, polarity: String, target: PublicTarget?,
                status: TargetStatus? = nil, periods: [PublicPeriodResult]) {
        self.code = code
        self.name = name
        self.unit = unit
        self.rule = rule
        self.polarity = polarity
        self.target = target
        self.status = status
        self.periods = periods
    }

    private enum Keys: String, CodingKey { case code, name, unit, rule, polarity, target, status, periods }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(unit, forKey: .unit)
        try container.encode(rule, forKey: .rule)
        try container.encode(polarity, forKey: .polarity)
        try container.encode(target, forKey: .target)
        try container.encode(status?.rawValue, forKey: .status)
        try container.encode(periods, forKey: .periods)
    }
}

extension PublicResults {
    /// The open data as one CSV row per published cell: what the JSON says, flat, for a
    /// spreadsheet. Hidden cells have empty figures and `suppressed` set to `true`.
    public var csvDocument: String {
        let header = ["indicator_code", "indicator_name", "unit", "rule", "period", "level", "dimension", "category", "value",
                      "numerator", "denominator", "suppressed"]
        var rows: [[CSVCell]] = []
        for indicator in indicators {
            for period in indicator.periods {
                func row(_ level: String, _ dimension: String, _ category: String, _ cell: PublicCell) {
                    rows.append([.text(indicator.code), .text(indicator.name), .text(indicator.unit), .text(indicator.rule), .text(period.period.key),
                                 .text(level), .text(dimension), .text(category), .number(cell.value), .number(cell.numerator),
                                 .number(cell.denominator), .text(cell.isSuppressed ? "true" : "false")])
                }
                row("total", "", "", period.total)
                if let numerator = period.numerator { row("numerator", "", "", numerator) }
                if let denominator = period.denominator { row("denominator", "", "", denominator) }
                for breakdown in period.breakdowns {
                    for category in breakdown.categories { row("breakdown", breakdown.dimension, category.name, category.cell) }
                }
                for partner in period.partners ?? [] { row("partner", "", partner.name, partner.cell) }
            }
        }
        return CSVExport.document(header: header, rows: rows)
    }
}
