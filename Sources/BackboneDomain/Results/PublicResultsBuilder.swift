import Foundation

/// Approved aggregates of one public indicator, as its publishing choices select them: the
/// periods, the chosen breakdowns, and (when partners are published) the consenting partners
/// by name with everyone else in one "other partners" figure.
public struct PublicIndicatorSource: Sendable {
    public struct Figure: Equatable, Sendable {
        public var value: Double
        public var numerator: Double?
        public var denominator: Double?

        public init(value: Double, numerator: Double? = nil, denominator: Double? = nil) {
            self.value = value
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    public struct Named: Equatable, Sendable {
        public var name: String
        public var figure: Figure

        public init(name: String, figure: Figure) {
            self.name = name
            self.figure = figure
        }
    }

    public struct Breakdown: Equatable, Sendable {
        public var dimension: String
        /// Every category of the dimension, in its order; a category nobody reported is zero.
        public var categories: [Named]

        public init(dimension: String, categories: [Named]) {
            self.dimension = dimension
            self.categories = categories
        }
    }

    public struct Period: Sendable {
        public var period: ReportingPeriod
        public var total: Figure
        public var breakdowns: [Breakdown]
        /// Consenting partners with a figure; nil when the indicator is not published by partner.
        public var partners: [Named]?
        /// The partners not listed: their combined figure and how many they are.
        public var others: Figure
        public var otherCount: Int

        public init(period: ReportingPeriod, total: Figure, breakdowns: [Breakdown], partners: [Named]?, others: Figure, otherCount: Int) {
            self.period = period
            self.total = total
            self.breakdowns = breakdowns
            self.partners = partners
            self.others = others
            self.otherCount = otherCount
        }
    }

    public var code: String
    public var name: String
    public var unit: MeasurementUnit
    public var rule: AggregationRule
    public var polarity: Polarity
    public var target: PublicTarget?
    /// From the initiative's baseline to its target, to judge the latest published figure.
    public var trajectory: Trajectory?
    /// The indicator's own periods, and for counts also every quarter and year all of whose
    /// periods are here (a partial quarter would give away the period left out).
    public var periods: [Period]

    public init(code: String, name: String, unit: MeasurementUnit, rule: AggregationRule, polarity: Polarity, target: PublicTarget?,
                trajectory: Trajectory? = nil, periods: [Period]) {
        self.code = code
        self.name = name
        self.unit = unit
        self.rule = rule
        self.polarity = polarity
        self.target = target
        self.trajectory = trajectory
        self.periods = periods
    }

    /// Only counts and ratios can be protected by suppression: an average or a minimum of
    /// few people has no count to hide.
    public static func isPublishable(_ rule: AggregationRule) -> Bool { [.sum, .latest, .ratio].contains(rule) }
}

/// Turns approved aggregates into what may be published: builds the linked table of every count
/// the indicator would show, suppresses (`DisclosureTable`), and reads the cells back.
public enum PublicResultsBuilder {
    /// Label of the category that makes a breakdown add up to its total (partners who reported a
    /// total without every category); the caller passes it in the reader's language.
    public static func results(_ sources: [PublicIndicatorSource], threshold: DisclosureThreshold,
                               notKnown: String, otherPartners: String) -> PublicResults {
        PublicResults(k: threshold.k, indicators: sources.map { indicator($0, threshold, notKnown: notKnown, otherPartners: otherPartners) })
    }

    private static func indicator(_ source: PublicIndicatorSource, _ threshold: DisclosureThreshold,
                                  notKnown: String, otherPartners: String) -> PublicIndicatorResult {
        let periods = completed(source)
        let layout = PublicTableLayout(periods, rule: source.rule, unit: source.unit, threshold: threshold,
                                       notKnown: notKnown, otherPartners: otherPartners)
        let hidden = layout.table.suppression(threshold)
        let published = layout.results(hidden: hidden)
        // Judged on the newest figure the public sees, never on a hidden one.
        let own = published.map(\.period.frequency).min()
        let shown = published.filter { $0.period.frequency == own && !$0.total.isSuppressed }
        let status = source.trajectory.flatMap { trajectory in
            own.map { frequency in
                let input = ForecastInput(frequency: frequency, rule: source.rule, ratioScale: source.unit.ratioScale ?? 100, points: shown.map {
                    .init(period: $0.period, version: 1, value: $0.total.value, numerator: $0.numerator?.value, denominator: $0.denominator?.value)
                })
                return trajectory.status(forecast: Forecaster.forecast(input, through: .containing(trajectory.target.date, frequency: frequency)),
                                         frequency: frequency)
            }
        }
        return PublicIndicatorResult(
            code: source.code, name: source.name, unit: source.unit.code, rule: source.rule.rawValue,
            polarity: source.polarity.rawValue, target: source.target, status: status, periods: published)
    }

    /// For counts, quarters and years stay only when every period they cover is published.
    private static func completed(_ source: PublicIndicatorSource) -> [PublicIndicatorSource.Period] {
        guard source.rule == .sum, let finest = source.periods.map(\.period.frequency).min() else {
            return source.periods.sorted { $0.period < $1.period }
        }
        var kept = source.periods.filter { $0.period.frequency == finest }
        var present = Set(kept.map(\.period))
        for frequency in [Frequency.quarterly, .annual] where frequency > finest {
            let covering = frequency == .annual ? Frequency.quarterly : finest
            let longer = source.periods.filter { $0.period.frequency == frequency && $0.period.subPeriods(covering).allSatisfy(present.contains) }
            kept += longer
            present.formUnion(longer.map(\.period))
        }
        return kept.sorted { ($0.period.end, $0.period.frequency) < ($1.period.end, $1.period.frequency) }
    }
}
