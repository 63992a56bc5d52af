import Foundation

/// How values of one indicator combine across partners and across the sub-periods of a longer
/// period. See docs/measurement.md for worked examples.
public enum AggregationRule: String, Codable, Sendable, CaseIterable {
    /// Counts: add across partners and across sub-periods.
    case sum
    /// Percents and rates: add numerators, add denominators, then divide. Never an average.
    case ratio
    /// Stocks and cumulative counts: across sub-periods the latest value, across partners add.
    case latest
    /// A mean weighted by a declared weight (such as enrolment): Σ(value × weight) / Σ weight.
    case weightedMean = "weighted_mean"
    /// The smallest value anywhere.
    case min
    /// The largest value anywhere.
    case max
}

/// One reported figure entering an aggregate.
public struct Observation: Equatable, Sendable {
    public var value: Double
    public var numerator: Double?
    public var denominator: Double?
    public var weight: Double?
    /// End of the period the value is for: decides which value is "latest".
    public var periodEnd: Date

    public init(value: Double, numerator: Double? = nil, denominator: Double? = nil, weight: Double? = nil, periodEnd: Date) {
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.weight = weight
        self.periodEnd = periodEnd
    }

    /// A ratio observation; its value is numerator / denominator × scale.
    public static func ratio(_ numerator: Double, _ denominator: Double, scale: Double, periodEnd: Date) -> Observation {
        Observation(value: denominator == 0 ? 0 : numerator / denominator * scale,
                    numerator: numerator, denominator: denominator, periodEnd: periodEnd)
    }
}

/// The result of aggregating observations.
public struct Aggregate: Equatable, Sendable {
    /// Nil when nothing was aggregated, or a ratio's denominators add up to zero.
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    public var weight: Double?
    /// How many observations went in.
    public var observationCount: Int
    public var latestPeriodEnd: Date?

    public init(value: Double?, numerator: Double? = nil, denominator: Double? = nil, weight: Double? = nil,
                observationCount: Int, latestPeriodEnd: Date? = nil) {
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.weight = weight
        self.observationCount = observationCount
        self.latestPeriodEnd = latestPeriodEnd
        self = keepingFinite()
    }

    /// Figures are bounded at entry, so a total cannot overflow; should one ever hold an infinity
    /// or NaN all the same (a row written before the bounds), it is shown as "no value", never
    /// passed on to a page or an answer.
    func keepingFinite() -> Aggregate {
        var copy = self
        func finite(_ number: Double?) -> Double? { number.flatMap { $0.isFinite ? $0 : nil } }
        copy.value = finite(value)
        copy.numerator = finite(numerator)
        copy.denominator = finite(denominator)
        copy.weight = finite(weight)
        return copy
    }

    /// The aggregate as an observation, so it can be aggregated further (months → quarter → year).
    public var asObservation: Observation? {
        guard let value, let latestPeriodEnd else { return nil }
        return Observation(value: value, numerator: numerator, denominator: denominator, weight: weight, periodEnd: latestPeriodEnd)
    }
}

extension AggregationRule {
    /// Combines the values of several partners for the same period.
    public func acrossPartners(_ observations: [Observation], ratioScale: Double = 100) -> Aggregate {
        switch self {
        case .latest:
            // Each partner's stock is its own; the initiative's stock is their sum.
            return Self.sum.acrossPartners(observations, ratioScale: ratioScale)
        default:
            return combine(observations, ratioScale: ratioScale)
        }
    }

    /// Rolls one partner's values for consecutive sub-periods up into the longer period.
    public func acrossSubPeriods(_ observations: [Observation], ratioScale: Double = 100) -> Aggregate {
        switch self {
        case .latest:
            // The latest period wins; between equal period ends the larger value, so the
            // answer never depends on the order rows were read in.
            guard let last = observations.max(by: { ($0.periodEnd, $0.value) < ($1.periodEnd, $1.value) }) else {
                return Aggregate(value: nil, observationCount: 0)
            }
            return Aggregate(value: last.value, numerator: last.numerator, denominator: last.denominator, weight: last.weight,
                             observationCount: observations.count, latestPeriodEnd: last.periodEnd)
        default:
            return combine(observations, ratioScale: ratioScale)
        }
    }

    /// The order-independent combination shared by both directions for every rule but `latest`.
    private func combine(_ observations: [Observation], ratioScale: Double) -> Aggregate {
        let latestEnd = observations.map(\.periodEnd).max()
        var result = Aggregate(value: nil, observationCount: observations.count, latestPeriodEnd: latestEnd)
        guard !observations.isEmpty else { return result }
        switch self {
        case .sum, .latest:
            result.value = observations.reduce(0) { $0 + $1.value }
        case .ratio:
            let numerator = observations.reduce(0) { $0 + ($1.numerator ?? 0) }
            let denominator = observations.reduce(0) { $0 + ($1.denominator ?? 0) }
            result.numerator = numerator
            result.denominator = denominator
            result.value = denominator > 0 ? numerator / denominator * ratioScale : nil
        case .weightedMean:
            let weight = observations.reduce(0) { $0 + ($1.weight ?? 0) }
            let weighted = observations.reduce(0) { $0 + $1.value * ($1.weight ?? 0) }
            result.weight = weight
            result.value = weight > 0 ? weighted / weight : nil
        case .min:
            result.value = observations.map(\.value).min()
        case .max:
            result.value = observations.map(\.value).max()
        }
        return result.keepingFinite()
    }
}
