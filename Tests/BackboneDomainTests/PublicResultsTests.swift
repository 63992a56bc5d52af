import BackboneDomain
import Foundation
import Testing

@Suite("Public results: every published table suppressed so that no hidden cell is narrower than k")
struct PublicResultsTests {
    typealias Source = PublicIndicatorSource

    /// What one partner reported for one period: a total and, per breakdown, its categories
    /// (which may fall short of the total when the partner left them out).
    struct Report {
        var numerator: Double
        var denominator: Double
        var categories: [[(numerator: Double, denominator: Double)]]
    }

    /// Builds a source the way the server does: initiative figures are the partners' sums, the
    /// first `listed` partners are named, the rest are "other partners"; counts get their
    /// complete quarters and years.
    static func source(rule: AggregationRule, reports: [ReportingPeriod: [Report]], listed: Int?, dimensions: [Int]) -> Source {
        func figure(_ pairs: [(numerator: Double, denominator: Double)]) -> Source.Figure {
            let numerator = pairs.reduce(0) { $0 + $1.numerator }
            let denominator = pairs.reduce(0) { $0 + $1.denominator }
            return rule == .ratio
                ? Source.Figure(value: denominator > 0 ? numerator / denominator * 100 : 0, numerator: numerator, denominator: denominator)
                : Source.Figure(value: numerator)
        }
        var all = reports
        if rule == .sum {
            for (frequency, covering) in [(Frequency.quarterly, Frequency.monthly), (.annual, .quarterly)] {
                let longer = Set(all.keys.filter { $0.frequency == covering }.map { $0.within(frequency) })
                for period in longer {
                    let parts = period.subPeriods(covering).compactMap { all[$0] }
                    guard let first = parts.first else { continue }
                    all[period] = first.indices.map { partner in
                        let each = parts.map { $0[partner] }
                        return Report(numerator: each.reduce(0) { $0 + $1.numerator }, denominator: 0,
                                      categories: first[partner].categories.indices.map { dimension in
                                          first[partner].categories[dimension].indices.map { category in
                                              (each.reduce(0) { $0 + $1.categories[dimension][category].numerator }, 0)
                                          }
                                      })
                    }
                }
            }
        }
        let periods = all.map { period, partners in
            let breakdowns = dimensions.indices.map { dimension in
                Source.Breakdown(dimension: "d\(dimension)", categories: (0..<dimensions[dimension]).map { category in
                    Source.Named(name: "c\(category)", figure: figure(partners.map { $0.categories[dimension][category] }))
                })
            }
            let named = listed.map { count in (0..<min(count, partners.count)).map { Source.Named(name: "p\($0)", figure: figure([(partners[$0].numerator, partners[$0].denominator)])) } }
            let rest = partners.dropFirst(listed ?? partners.count)
            return Source.Period(period: period, total: figure(partners.map { ($0.numerator, $0.denominator) }), breakdowns: breakdowns,
                                 partners: named, others: figure(rest.map { ($0.numerator, $0.denominator) }),
                                 otherCount: rest.filter { $0.numerator > 0 || $0.denominator > 0 }.count)
        }
        return Source(code: "X", name: "X", unit: rule == .ratio ? .percent : .count, rule: rule, polarity: .higherIsBetter, target: nil, periods: periods)
    }

    /// The outside audit, rebuilt from the published shape alone: every relation the answer
    /// states, with each cell's true value, and the suppressed cells as unknowns.
    static func audit(_ indicator: PublicIndicatorResult, truth: Source, k: Int) -> (suppressed: Int, narrow: [Int]) {
        var table = DisclosureTable()
        var hidden = Set<Int>()
        let truthByPeriod = Dictionary(truth.periods.map { ($0.period, $0) }, uniquingKeysWith: { first, _ in first })
        func add(_ cell: PublicCell, _ value: Double) -> Int {
            let index = table.add(value)
            if cell.isSuppressed { hidden.insert(index) }
            return index
        }
        // Per period and per side (count, or a ratio's numerator and denominator), the cells by name.
        var sides: [ReportingPeriod: [String: [String: Int]]] = [:]
        for period in indicator.periods {
            guard let source = truthByPeriod[period.period] else { continue }
            for side in truth.rule == .ratio ? ["numerator", "denominator"] : ["value"] {
                func pick(_ figure: Source.Figure) -> Double {
                    side == "numerator" ? figure.numerator ?? 0 : side == "denominator" ? figure.denominator ?? 0 : figure.value
                }
                let totalCell = side == "numerator" ? period.numerator! : side == "denominator" ? period.denominator! : period.total
                let total = add(totalCell, pick(source.total))
                var cells = ["total": total]
                for breakdown in period.breakdowns {
                    let truthCategories = source.breakdowns.first { $0.dimension == breakdown.dimension }?.categories ?? []
                    let sumShown = truthCategories.reduce(0) { $0 + pick($1.figure) }
                    let parts = breakdown.categories.map { category in
                        let value = truthCategories.first { $0.name == category.name }.map { pick($0.figure) } ?? pick(source.total) - sumShown
                        let index = add(category.cell, value)
                        cells["\(breakdown.dimension)/\(category.name)"] = index
                        return index
                    }
                    table.relate(total: total, parts: parts)
                }
                if let partners = period.partners {
                    let parts = partners.map { partner in
                        let value = source.partners?.first { $0.name == partner.name }.map { pick($0.figure) } ?? pick(source.others)
                        let index = add(partner.cell, value)
                        cells["partner/\(partner.name)"] = index
                        return index
                    }
                    table.relate(total: total, parts: parts)
                }
                sides[period.period, default: [:]][side] = cells
            }
        }
        if truth.rule == .sum {
            for (period, bySide) in sides where period.frequency > .monthly {
                let covering: Frequency = period.frequency == .annual ? .quarterly : .monthly
                let parts = period.subPeriods(covering).compactMap { sides[$0]?["value"] }
                guard let cells = bySide["value"], !parts.isEmpty else { continue }
                #expect(parts.count == period.subPeriods(covering).count, "every sub-period of a published \(period) is listed")
                for (name, total) in cells { table.relate(total: total, parts: parts.compactMap { $0[name] }) }
            }
        }
        return (hidden.count, table.narrowCells(hidden, DisclosureThreshold(k)!))
    }

    @Test("a worked example: 3 partners, 2 named, monthly counts by age; small cells hidden and nothing pinned down")
    func workedExample() {
        // setup: January–March; the third partner's 4 people are "other partners"
        let months = (1...3).map { ReportingPeriod(frequency: .monthly, year: 2026, index: $0)! }
        var reports: [ReportingPeriod: [Report]] = [:]
        for (offset, month) in months.enumerated() {
            reports[month] = [
                Report(numerator: 40, denominator: 0, categories: [[(30, 0), (10, 0)]]),
                Report(numerator: 25 + Double(offset), denominator: 0, categories: [[(20, 0), (5 + Double(offset), 0)]]),
                Report(numerator: 4, denominator: 0, categories: [[(4, 0), (0, 0)]]),
            ]
        }
        let source = Self.source(rule: .sum, reports: reports, listed: 2, dimensions: [2])
        // act
        let results = PublicResultsBuilder.results([source], threshold: .standard, notKnown: "Not known", otherPartners: "Other partners")
        // verify
        let periods = results.indicators[0].periods
        #expect(periods.map(\.period.key) == ["2026-01", "2026-02", "2026-03", "2026-Q1"], "the complete quarter follows its months")
        #expect(periods.allSatisfy { $0.partners?.last?.name == "Other partners" && $0.partners?.last?.cell.isSuppressed == true },
                "one partner behind 'other partners' is always hidden")
        #expect(periods[0].total.value == 69, "initiative totals stay shown: a partner can hide the small cell instead")
        let quarter: Double = 120 + 78 + 12
        #expect(periods[3].total.value == quarter)
        let audit = Self.audit(results.indicators[0], truth: source, k: 11)
        #expect(audit.narrow.isEmpty && audit.suppressed >= 6)
    }

    @Test("a ratio: small numerators, complements and denominators hidden; the shown totals' figures are publishable")
    func ratioPrimary() {
        let year = ReportingPeriod(frequency: .annual, year: 2026, index: 1)!
        let reports = [year: [
            Report(numerator: 60, denominator: 100, categories: [[(55, 90), (5, 10)]]),
            Report(numerator: 38, denominator: 40, categories: [[(30, 31), (8, 9)]]),
        ]]
        let source = Self.source(rule: .ratio, reports: reports, listed: 2, dimensions: [2])
        let results = PublicResultsBuilder.results([source], threshold: .standard, notKnown: "Not known", otherPartners: "Other partners")
        let period = results.indicators[0].periods[0]
        let partners = period.partners ?? []
        #expect(partners.first { $0.name == "p1" }?.cell.isSuppressed == true, "38 of 40: only 2 do not meet it")
        #expect(period.breakdowns[0].categories[1].cell.isSuppressed, "13 of 19: the denominator is under 11")
        #expect(Self.audit(results.indicators[0], truth: source, k: 11).narrow.isEmpty)
    }

    @Test("property: the audit never finds a hidden cell narrower than k in random published tables", arguments: 0..<8)
    func property(seed: UInt64) {
        var random = SeededRandom(seed: 0x5DC0 + seed)
        var tables = 0, suppressed = 0
        for _ in 0..<40 {
            let rule = [AggregationRule.sum, .sum, .ratio, .latest][Int.random(in: 0..<4, using: &random)]
            let frequency = [Frequency.monthly, .quarterly, .annual][Int.random(in: 0..<3, using: &random)]
            let k = [3, 5, 11, 11][Int.random(in: 0..<4, using: &random)]
            let dimensions = (0..<Int.random(in: 0...2, using: &random)).map { _ in Int.random(in: 2...4, using: &random) }
            let partnerCount = Int.random(in: 1...6, using: &random)
            let listed: Int? = Bool.random(using: &random) ? Int.random(in: 0...partnerCount, using: &random) : nil
            let periodCount = frequency == .monthly ? Int.random(in: 1...7, using: &random) : Int.random(in: 1...5, using: &random)
            let first = ReportingPeriod(frequency: frequency, year: 2025, index: 1)!
            func small() -> Double { Double([0, 0, 1, 2, 3, 4, 6, 9, 12, 15, 40, 150][Int.random(in: 0..<12, using: &random)]) }
            var reports: [ReportingPeriod: [Report]] = [:]
            for step in 0..<periodCount {
                reports[first.shifted(by: step)] = (0..<partnerCount).map { _ in
                    let denominator = small() + small()
                    let numerator = rule == .ratio ? Double(Int.random(in: 0...Int(denominator), using: &random)) : denominator
                    // Each breakdown splits the report's figures, or was left out (all zero).
                    let categories = dimensions.map { count -> [(numerator: Double, denominator: Double)] in
                        guard Int.random(in: 0..<4, using: &random) > 0 else { return Array(repeating: (0, 0), count: count) }
                        var denominators = [Double](repeating: 0, count: count)
                        for _ in 0..<Int(denominator) { denominators[Int.random(in: 0..<count, using: &random)] += 1 }
                        var left = numerator
                        let numerators = denominators.map { room -> Double in
                            let taken = min(room, left)
                            left -= taken
                            return taken
                        }
                        return rule == .ratio ? Array(zip(numerators, denominators)) : denominators.map { ($0, 0) }
                    }
                    return Report(numerator: numerator, denominator: rule == .ratio ? denominator : 0, categories: categories)
                }
            }
            let source = Self.source(rule: rule, reports: reports, listed: listed, dimensions: dimensions)
            let results = PublicResultsBuilder.results([source], threshold: DisclosureThreshold(k)!, notKnown: "?", otherPartners: "others")
            let audit = Self.audit(results.indicators[0], truth: source, k: k)
            tables += 1
            suppressed += audit.suppressed
            #expect(audit.narrow.isEmpty, "rule \(rule), \(frequency), k \(k), dimensions \(dimensions), partners \(partnerCount) listed \(String(describing: listed))")
            for period in results.indicators[0].periods {
                let shown = period.breakdowns.flatMap(\.categories).map(\.cell) + (period.partners ?? []).map(\.cell)
                for cell in shown + [period.total] where !cell.isSuppressed && rule != .ratio {
                    #expect(!DisclosureThreshold(k)!.suppresses(count: cell.value ?? 0), "a shown count is 0 or at least k")
                }
            }
        }
        #expect(tables == 40 && suppressed > 0)
    }
}
