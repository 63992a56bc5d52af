import Foundation

/// What a measurement value counts. Stored and exchanged as a short code
/// (`count`, `percent`, `rate_per:1000`, `currency:USD`, `days`, `score`).
public enum MeasurementUnit: Hashable, Sendable, Codable, CustomStringConvertible {
    case count
    case percent
    /// Events per `base` people, such as infant deaths per 1,000 live births.
    case ratePer(Int)
    /// An amount of money in an ISO 4217 currency.
    case currency(String)
    case days
    case score

    public init?(code: String) {
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("count", 1): self = .count
        case ("percent", 1): self = .percent
        case ("days", 1): self = .days
        case ("score", 1): self = .score
        case ("rate_per", 2):
            guard parts[1].count <= 9, let base = Int(parts[1]), (1...100_000_000).contains(base) else { return nil }
            self = .ratePer(base)
        case ("currency", 2):
            let currency = parts[1]
            guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
            self = .currency(currency)
        default: return nil
        }
    }

    public var code: String {
        switch self {
        case .count: "count"
        case .percent: "percent"
        case .ratePer(let base): "rate_per:\(base)"
        case .currency(let currency): "currency:\(currency)"
        case .days: "days"
        case .score: "score"
        }
    }

    public var description: String {
        switch self {
        case .count: "count"
        case .percent: "percent"
        case .ratePer(let base): "rate per \(base.formatted())"
        case .currency(let currency): currency
        case .days: "days"
        case .score: "score"
        }
    }

    /// A ratio unit turns numerator / denominator into the value by this factor.
    public var ratioScale: Double? {
        switch self {
        case .percent: 100
        case .ratePer(let base): Double(base)
        default: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let unit = MeasurementUnit(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "Unknown unit '\(code)'"))
        }
        self = unit
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// Whether a higher or a lower value is the better news.
public enum Polarity: String, Codable, Sendable, CaseIterable {
    case higherIsBetter = "higher_is_better"
    case lowerIsBetter = "lower_is_better"
}

/// Who reports an indicator. Services add up across partners; a population figure (the county's
/// poverty rate) exists once and is entered by the backbone, never summed across partners.
public enum ReportingScope: String, Codable, Sendable, CaseIterable {
    case partners
    case population
}
