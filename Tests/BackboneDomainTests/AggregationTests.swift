import BackboneDomain
import Foundation
import Testing

@Suite("Aggregation rules")
struct AggregationTests {
    static let jan = ReportingPeriod(frequency: .monthly, year: 2026, index: 1)!
    static func month(_ i: Int) -> Date { jan.shifted(by: i - 1).end }

    // MARK: Worked examples from docs/measurement.md

    @Test("sum: counts add across partners and across months")
    func sumExample() {
        // Three partners tutored 40, 25 and 35 children in January.
        let partners = [40.0, 25, 35].map { Observation(value: $0, periodEnd: Self.month(1)) }
        #expect(AggregationRule.sum.acrossPartners(partners).value == 100)
        // One partner: 40, 45, 50 in January to March: 135 in the quarter.
        let months = [40.0, 45, 50].enumerated().map { Observation(value: $1, periodEnd: Self.month($0 + 1)) }
        #expect(AggregationRule.sum.acrossSubPeriods(months).value == 135)
    }

    @Test("ratio: numerators and denominators add; percentages are never averaged")
    func ratioExample() {
        // School A: 45 of 50 children ready (90%). School B: 150 of 300 ready (50%).
        let a = Observation.ratio(45, 50, scale: 100, periodEnd: Self.month(1))
        let b = Observation.ratio(150, 300, scale: 100, periodEnd: Self.month(1))
        #expect(a.value == 90)
        #expect(b.value == 50)
        let total = AggregationRule.ratio.acrossPartners([a, b])
        #expect(total.numerator == 195)
        #expect(total.denominator == 350)
        #expect(abs(total.value! - 55.714285714) < 1e-6)   // not (90 + 50) / 2 = 70
        // A rate per 1,000: 6 deaths in 1,500 births and 2 in 500: 8 per 2,000 = 4 per 1,000.
        let rate = AggregationRule.ratio.acrossPartners([
            .ratio(6, 1500, scale: 1000, periodEnd: Self.month(1)), .ratio(2, 500, scale: 1000, periodEnd: Self.month(1)),
        ], ratioScale: 1000)
        #expect(rate.value == 4)
    }

    @Test("latest: the last month's stock for the quarter, then partners add")
    func latestExample() {
        // Shelter beds occupied at month end. Partner A: 80, 85, 90. Partner B: 40, 35, 30.
        let a = [80.0, 85, 90].enumerated().map { Observation(value: $1, periodEnd: Self.month($0 + 1)) }
        let b = [40.0, 35, 30].enumerated().map { Observation(value: $1, periodEnd: Self.month($0 + 1)) }
        let quarterA = AggregationRule.latest.acrossSubPeriods(a)
        let quarterB = AggregationRule.latest.acrossSubPeriods(b)
        #expect(quarterA.value == 90)
        #expect(quarterB.value == 30)
        let total = AggregationRule.latest.acrossPartners([quarterA.asObservation!, quarterB.asObservation!])
        #expect(total.value == 120)  // not 80+85+90+40+35+30 = 360
        // Order of rows does not matter.
        #expect(AggregationRule.latest.acrossSubPeriods(a.reversed()).value == 90)
    }

    @Test("weighted mean: weighted by the declared weight")
    func weightedMeanExample() {
        // Average attendance rate: school A 95% of 200 students, school B 80% of 600.
        let total = AggregationRule.weightedMean.acrossPartners([
            Observation(value: 95, weight: 200, periodEnd: Self.month(1)), Observation(value: 80, weight: 600, periodEnd: Self.month(1)),
        ])
        #expect(total.value == 83.75)  // (95*200 + 80*600) / 800, not 87.5
        #expect(total.weight == 800)
    }

    @Test("min and max: the extreme value anywhere")
    func minMaxExample() {
        let values = [12.0, 3, 7].map { Observation(value: $0, periodEnd: Self.month(1)) }
        #expect(AggregationRule.min.acrossPartners(values).value == 3)
        #expect(AggregationRule.max.acrossSubPeriods(values).value == 12)
    }

    @Test("nothing to aggregate, or denominators of zero, give no value rather than a wrong one")
    func empty() {
        for rule in AggregationRule.allCases {
            #expect(rule.acrossPartners([]).value == nil)
            #expect(rule.acrossSubPeriods([]).value == nil)
        }
        #expect(AggregationRule.ratio.acrossPartners([Observation(value: 0, numerator: 0, denominator: 0, periodEnd: Self.month(1))]).value == nil)
        #expect(AggregationRule.weightedMean.acrossPartners([Observation(value: 5, weight: 0, periodEnd: Self.month(1))]).value == nil)
    }

    // MARK: Properties

    static func randomObservations(_ rule: AggregationRule, count: Int, using rng: inout SeededRandom) -> [Observation] {
        (0..<count).map { _ in
            let end = Self.month(Int.random(in: 1...12, using: &rng))
            switch rule {
            case .ratio:
                let denominator = Double(Int.random(in: 1...500, using: &rng))
                let numerator = Double(Int.random(in: 0...Int(denominator), using: &rng))
                return .ratio(numerator, denominator, scale: 100, periodEnd: end)
            case .weightedMean:
                return Observation(value: Double(Int.random(in: 0...10_000, using: &rng)) / 100,
                                   weight: Double(Int.random(in: 1...1000, using: &rng)), periodEnd: end)
            default:
                return Observation(value: Double(Int.random(in: 0...100_000, using: &rng)), periodEnd: end)
            }
        }
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
        default: false
        }
    }

    @Test("any order of the same values gives the same aggregate", arguments: AggregationRule.allCases)
    func orderIndependent(rule: AggregationRule) {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<200 {
            let values = Self.randomObservations(rule, count: Int.random(in: 1...30, using: &rng), using: &rng)
            let shuffled = values.shuffled(using: &rng)
            #expect(Self.close(rule.acrossPartners(values).value, rule.acrossPartners(shuffled).value))
            #expect(Self.close(rule.acrossSubPeriods(values).value, rule.acrossSubPeriods(shuffled).value))
        }
    }

    @Test("incremental equals full: aggregating groups of partners, then the groups, equals aggregating everyone",
          arguments: AggregationRule.allCases)
    func incrementalEqualsFull(rule: AggregationRule) {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<200 {
            let values = Self.randomObservations(rule, count: Int.random(in: 2...40, using: &rng), using: &rng)
            // cut into random groups (a working group, a sector, ...), aggregate each, then combine
            var groups: [[Observation]] = [[]]
            for value in values {
                if !groups.last!.isEmpty && Bool.random(using: &rng) { groups.append([]) }
                groups[groups.count - 1].append(value)
            }
            let partial = groups.compactMap { rule.acrossPartners($0).asObservation }
            let full = rule.acrossPartners(values)
            #expect(Self.close(rule.acrossPartners(partial).value, full.value), "\(rule)")
            if rule != .latest {
                // sub-periods roll up the same way: months → quarters → year equals months → year
                let byQuarter = Dictionary(grouping: values) { ReportingPeriod.containing($0.periodEnd, frequency: .quarterly) }
                let quarters = byQuarter.values.compactMap { rule.acrossSubPeriods($0).asObservation }
                #expect(Self.close(rule.acrossSubPeriods(quarters).value, rule.acrossSubPeriods(values).value), "\(rule)")
            }
        }
    }

    @Test("latest rolls up months → quarters → year to the year's last month")
    func latestRollUp() {
        var rng = SeededRandom(seed: 99)
        for _ in 0..<100 {
            let values = (1...12).shuffled(using: &rng).map { Observation(value: Double(Int.random(in: 0...500, using: &rng)), periodEnd: Self.month($0)) }
            let byQuarter = Dictionary(grouping: values) { ReportingPeriod.containing($0.periodEnd, frequency: .quarterly) }
            let quarters = byQuarter.values.compactMap { AggregationRule.latest.acrossSubPeriods($0).asObservation }
            let december = values.first { $0.periodEnd == Self.month(12) }!.value
            #expect(AggregationRule.latest.acrossSubPeriods(quarters).value == december)
            #expect(AggregationRule.latest.acrossSubPeriods(values).value == december)
        }
    }
}
