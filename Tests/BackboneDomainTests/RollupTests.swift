import BackboneDomain
import Foundation
import Testing

@Suite("Rollups: partner first, then across partners")
struct RollupTests {
    static let stock = IndicatorDefinition(definition: "Beds occupied on the last night", unit: .count, aggregation: .latest,
                                           numeratorDefinition: nil, denominatorDefinition: nil, weightDefinition: nil, minimum: nil, maximum: nil)
    static let share = IndicatorDefinition(definition: "Children ready", unit: .percent, aggregation: .ratio,
                                           numeratorDefinition: "ready", denominatorDefinition: "assessed", weightDefinition: nil, minimum: nil, maximum: nil)

    static func figure(_ month: String, _ value: Double, version: Int = 1, status: SubmissionStatus = .approved) -> RawFigure {
        RawFigure(period: ReportingPeriod(key: month)!, version: version, dimensionKey: "", categoryKey: "", entry: ValueEntry(value: value), status: status)
    }

    static let total = RollupKey(version: 1, dimensionKey: "", categoryKey: "", basis: .approved)

    @Test("the worked example for stocks: each partner's latest month, then added: 90 + 30 = 120")
    func stocks() {
        let a = Rollup.partner([Self.figure("2026-01", 80), Self.figure("2026-02", 85), Self.figure("2026-03", 90)], definitions: [1: Self.stock])
        let b = Rollup.partner([Self.figure("2026-03", 30), Self.figure("2026-01", 40), Self.figure("2026-02", 35)], definitions: [1: Self.stock])
        #expect(a[Self.total]?.aggregate.value == 90)
        #expect(b[Self.total]?.aggregate.value == 30)
        let initiative = Rollup.initiative([a, b], definitions: [1: Self.stock])
        #expect(initiative[Self.total]?.aggregate.value == 120)
        #expect(initiative[Self.total]?.sources == 2)
    }

    @Test("submitted figures count only in the provisional totals, and are marked")
    func provisional() {
        let cells = Rollup.partner([Self.figure("2026-01", 80), Self.figure("2026-02", 85, status: .submitted), Self.figure("2026-03", 7, status: .draft)],
                                   definitions: [1: Self.stock])
        #expect(cells[Self.total]?.aggregate.value == 80, "approved only: January")
        let provisional = cells[RollupKey(version: 1, dimensionKey: "", categoryKey: "", basis: .provisional)]
        #expect(provisional?.aggregate.value == 85, "with the submitted February; the draft never counts")
        #expect(provisional?.provisionalSources == 1)
    }

    @Test("figures under two definition versions are never combined")
    func versions() {
        let cells = Rollup.partner([Self.figure("2026-01", 80, version: 1), Self.figure("2026-02", 5, version: 2)], definitions: [1: Self.stock, 2: Self.stock])
        #expect(cells[Self.total]?.aggregate.value == 80)
        #expect(cells[RollupKey(version: 2, dimensionKey: "", categoryKey: "", basis: .approved)]?.aggregate.value == 5)
    }

    @Test("ratios add numerators and denominators; zero denominators give no figure, not zero")
    func ratios() {
        func ratio(_ n: Double, _ d: Double) -> RawFigure {
            RawFigure(period: ReportingPeriod(key: "2026")!, version: 1, dimensionKey: "", categoryKey: "",
                      entry: ValueEntry(numerator: n, denominator: d), status: .approved)
        }
        let small = Rollup.partner([ratio(45, 50)], definitions: [1: Self.share])
        let large = Rollup.partner([ratio(150, 300)], definitions: [1: Self.share])
        let both = Rollup.initiative([small, large], definitions: [1: Self.share])
        #expect(abs((both[Self.total]?.aggregate.value ?? 0) - 195.0 / 350 * 100) < 1e-9)
        let empty = Rollup.partner([ratio(0, 0)], definitions: [1: Self.share])
        #expect(empty[Self.total]?.aggregate.value == nil)
        #expect(Rollup.initiative([empty], definitions: [1: Self.share])[Self.total] == nil, "no partner with a figure: no total at all")
    }

    @Test("a month counts in its own period, its quarter and its year; a year only in itself")
    func levels() {
        #expect(Rollup.levels(of: ReportingPeriod(key: "2026-05")!).map(\.key) == ["2026-05", "2026-Q2", "2026"])
        #expect(Rollup.levels(of: ReportingPeriod(key: "2026-Q3")!).map(\.key) == ["2026-Q3", "2026"])
        #expect(Rollup.levels(of: ReportingPeriod(key: "2026")!).map(\.key) == ["2026"])
    }
}
