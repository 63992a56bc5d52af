import Foundation

/// What a backbone publishes on its public results pages: the threshold k, and per indicator
/// the levels shown (the initiative total always; chosen breakdowns; partners by name when they
/// agreed) from a first period on. Only approved figures are ever read for them.
public struct PublishingChoices: Codable, Equatable, Sendable {
    /// Whether the public pages exist at all (off until the backbone turns them on).
    public var isPublic: Bool
    public var threshold: Int
    public var indicators: [PublicIndicatorChoice]

    public init(isPublic: Bool = false, threshold: Int = DisclosureThreshold.standard.k, indicators: [PublicIndicatorChoice] = []) {
        self.isPublic = isPublic
        self.threshold = threshold
        self.indicators = indicators
    }

    /// At most this many indicators: a scorecard, and a bound on the work one page view can cause.
    public static let maximumIndicators = 200

    public var disclosureThreshold: DisclosureThreshold { DisclosureThreshold(threshold) ?? .standard }

    /// What the public may see of an indicator the initiative has.
    public struct Known: Sendable {
        public var id: UUID
        public var code: String
        public var rule: AggregationRule
        public var frequency: Frequency
        public var dimensionKeys: [String]

        public init(id: UUID, code: String, rule: AggregationRule, frequency: Frequency, dimensionKeys: [String]) {
            self.id = id
            self.code = code
            self.rule = rule
            self.frequency = frequency
            self.dimensionKeys = dimensionKeys
        }
    }

    /// Refuses a threshold under 3, unknown or repeated indicators, indicators whose rule has no
    /// count to protect, breakdowns the indicator does not have, and a first period of another
    /// frequency than the indicator's.
    public func validated(known: [Known]) throws -> PublishingChoices {
        var errors = FieldErrors()
        if DisclosureThreshold(threshold) == nil {
            errors.add("threshold", Texts.current("error.publishThreshold", ["minimum": "\(DisclosureThreshold.minimum)"]))
        }
        if indicators.count > Self.maximumIndicators {
            errors.add("indicators", Texts.current("error.publishTooMany", ["maximum": "\(Self.maximumIndicators)"]))
        }
        let byID = Dictionary(known.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<UUID>()
        for choice in indicators {
            guard let indicator = byID[choice.indicatorID] else {
                errors.add("indicators", Texts.current("error.publishUnknownIndicator"))
                continue
            }
            let field = "indicator.\(indicator.code)"
            if !seen.insert(choice.indicatorID).inserted { errors.add(field, Texts.current("error.publishRepeated", ["code": indicator.code])) }
            if !PublicIndicatorSource.isPublishable(indicator.rule) {
                errors.add(field, Texts.current("error.publishRuleNotCounts", ["code": indicator.code]))
            }
            if let unknown = choice.breakdowns.first(where: { !indicator.dimensionKeys.contains($0) }) {
                errors.add(field, Texts.current("error.publishUnknownBreakdown", ["code": indicator.code, "key": unknown]))
            }
            if Set(choice.breakdowns).count != choice.breakdowns.count {
                errors.add(field, Texts.current("error.eachBreakdownCanChosen"))
            }
            if let from = choice.from, ReportingPeriod(key: from)?.frequency != indicator.frequency {
                errors.add(field, Texts.current("error.publishFromPeriod", ["code": indicator.code]))
            }
        }
        if !errors.isEmpty { throw errors }
        return self
    }
}

public struct PublicIndicatorChoice: Codable, Equatable, Sendable {
    public var indicatorID: UUID
    /// Dimension keys, in the order shown.
    public var breakdowns: [String]
    /// Partners who agreed are shown by name, the rest as "other partners".
    public var byPartner: Bool
    /// The first period published (a period key of the indicator's frequency); nil: all.
    public var from: String?

    public init(indicatorID: UUID, breakdowns: [String] = [], byPartner: Bool = false, from: String? = nil) {
        self.indicatorID = indicatorID
        self.breakdowns = breakdowns
        self.byPartner = byPartner
        self.from = from
    }

    /// Whether a period (of any frequency) is at or after the first published one: a quarter or
    /// year is published only when it starts there too.
    public func includes(_ period: ReportingPeriod) -> Bool {
        guard let from, let first = ReportingPeriod(key: from) else { return true }
        return period.start >= first.start
    }
}
