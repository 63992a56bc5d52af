import Foundation

/// Where each published figure of one indicator sits in its `DisclosureTable`, and the relations
/// between them: per period, the total equals each breakdown's categories (plus "not known")
/// and the partners (plus "other partners"); for counts, a quarter equals its months and a year
/// its quarters, cell by cell. A ratio's numerators and denominators are two such tables side by
/// side; a ratio's category or partner cell hides its numerator and denominator together.
struct PublicTableLayout {
    typealias Figure = PublicIndicatorSource.Figure

    /// One published figure: a count's cell, or a ratio's numerator and denominator cells.
    struct Slot {
        var name: String
        var figure: Figure
        var count: Int?
        var numerator: Int?
        var denominator: Int?
    }

    struct PeriodSlots {
        var period: ReportingPeriod
        var total: Slot
        var breakdowns: [(dimension: String, categories: [Slot])]
        var partners: [Slot]?
    }

    private(set) var table = DisclosureTable()
    private var slots: [PeriodSlots] = []
    private let rule: AggregationRule
    private let threshold: DisclosureThreshold

    init(_ periods: [PublicIndicatorSource.Period], rule: AggregationRule, unit: MeasurementUnit, threshold: DisclosureThreshold,
         notKnown: String, otherPartners: String) {
        self.rule = rule
        self.threshold = threshold
        let scale = unit.ratioScale ?? 100
        // "Not known" and "other partners" appear in every period once any period needs them,
        // so that a quarter's cell has one to add up from in each of its months.
        let dimensionsNeedingRemainder = Set(periods.flatMap { period in
            period.breakdowns.filter { Self.remainder(period.total, $0.categories.map(\.figure), scale: scale) != nil }.map(\.dimension)
        })
        let withOthers = periods.contains { $0.partners != nil && ($0.otherCount > 0 || $0.others.value != 0) }
        for period in periods {
            let total = slot(name: "", period.total, initiativeTotal: true, mustHide: false)
            var breakdowns: [(dimension: String, categories: [Slot])] = []
            for breakdown in period.breakdowns {
                var figures = breakdown.categories
                if dimensionsNeedingRemainder.contains(breakdown.dimension) {
                    let rest = Self.remainder(period.total, figures.map(\.figure), scale: scale) ?? Figure(value: 0, numerator: rule == .ratio ? 0 : nil, denominator: rule == .ratio ? 0 : nil)
                    figures.append(.init(name: notKnown, figure: rest))
                }
                let categories = figures.map { slot(name: $0.name, $0.figure, initiativeTotal: false, mustHide: false) }
                relate(total, categories)
                breakdowns.append((breakdown.dimension, categories))
            }
            var partners: [Slot]?
            if let listed = period.partners {
                var named = listed.map { slot(name: $0.name, $0.figure, initiativeTotal: false, mustHide: false) }
                if withOthers {
                    // One partner behind "other partners" would be named by elimination.
                    named.append(slot(name: otherPartners, period.others, initiativeTotal: false, mustHide: period.otherCount == 1))
                }
                relate(total, named)
                partners = named
            }
            slots.append(PeriodSlots(period: period.period, total: total, breakdowns: breakdowns, partners: partners))
        }
        if rule == .sum { relateSubPeriods() }
    }

    /// What the shown parts leave of the total, when it is more than rounding.
    private static func remainder(_ total: Figure, _ parts: [Figure], scale: Double) -> Figure? {
        func rest(_ whole: Double?, _ pieces: [Double?]) -> Double { (whole ?? 0) - pieces.reduce(0) { $0 + ($1 ?? 0) } }
        let tolerance = 1e-9 * max(1, abs(total.denominator ?? total.value))
        if let denominator = total.denominator {
            let numeratorRest = rest(total.numerator, parts.map(\.numerator))
            let denominatorRest = rest(denominator, parts.map(\.denominator))
            guard abs(numeratorRest) > tolerance || abs(denominatorRest) > tolerance else { return nil }
            return Figure(value: denominatorRest > 0 ? numeratorRest / denominatorRest * scale : 0, numerator: numeratorRest, denominator: denominatorRest)
        }
        let valueRest = rest(total.value, parts.map(\.value))
        return abs(valueRest) > tolerance ? Figure(value: valueRest) : nil
    }

    private mutating func slot(name: String, _ figure: Figure, initiativeTotal: Bool, mustHide: Bool) -> Slot {
        guard rule == .ratio else {
            let cell = table.add(figure.value, mustHide: mustHide, isInitiativeTotal: initiativeTotal)
            return Slot(name: name, figure: figure, count: cell)
        }
        let numerator = figure.numerator ?? 0
        let denominator = figure.denominator ?? 0
        if initiativeTotal {
            // The total's numerator and denominator are published apart: the numerator hides when
            // the people who do not count (denominator − numerator) are too few to show.
            let numeratorCell = table.add(numerator, mustHide: threshold.suppresses(count: denominator - numerator), isInitiativeTotal: true)
            let denominatorCell = table.add(denominator, isInitiativeTotal: true)
            return Slot(name: name, figure: figure, numerator: numeratorCell, denominator: denominatorCell)
        }
        let hide = mustHide || (denominator > 0 && threshold.suppresses(numerator: numerator, denominator: denominator))
        let numeratorCell = table.add(numerator, mustHide: hide)
        let denominatorCell = table.add(denominator, mustHide: hide)
        table.tie([numeratorCell, denominatorCell])
        return Slot(name: name, figure: figure, numerator: numeratorCell, denominator: denominatorCell)
    }

    private mutating func relate(_ total: Slot, _ parts: [Slot]) {
        for cell in [\Slot.count, \.numerator, \.denominator] {
            guard let whole = total[keyPath: cell] else { continue }
            table.relate(total: whole, parts: parts.compactMap { $0[keyPath: cell] })
        }
    }

    /// A quarter's cells are the sums of its months' same cells, a year's of its quarters'.
    private mutating func relateSubPeriods() {
        let byPeriod = Dictionary(slots.map { ($0.period, $0) }, uniquingKeysWith: { first, _ in first })
        for longer in slots where longer.period.frequency > .monthly {
            let covering: Frequency = longer.period.frequency == .annual ? .quarterly : .monthly
            let parts = longer.period.subPeriods(covering).compactMap { byPeriod[$0] }
            guard !parts.isEmpty else { continue }
            relate(longer.total, parts.map(\.total))
            for (index, breakdown) in longer.breakdowns.enumerated() {
                for category in breakdown.categories {
                    relate(category, parts.compactMap { part in
                        part.breakdowns.indices.contains(index) ? part.breakdowns[index].categories.first { $0.name == category.name } : nil
                    })
                }
            }
            for partner in longer.partners ?? [] {
                relate(partner, parts.compactMap { $0.partners?.first { $0.name == partner.name } })
            }
        }
    }

    // MARK: Reading back

    func results(hidden: Set<Int>) -> [PublicPeriodResult] {
        slots.map { period in
            PublicPeriodResult(
                period: period.period,
                total: cell(period.total, hidden),
                numerator: period.total.numerator.map { hidden.contains($0) ? .suppressed : PublicCell(value: period.total.figure.numerator ?? 0) },
                denominator: period.total.denominator.map { hidden.contains($0) ? .suppressed : PublicCell(value: period.total.figure.denominator ?? 0) },
                breakdowns: period.breakdowns.map { breakdown in
                    PublicBreakdown(dimension: breakdown.dimension, categories: breakdown.categories.map { PublicNamedCell(name: $0.name, cell: cell($0, hidden)) })
                },
                partners: period.partners?.map { PublicNamedCell(name: $0.name, cell: cell($0, hidden)) })
        }
    }

    /// A count is shown when its cell is; a ratio only when its numerator and denominator both are.
    private func cell(_ slot: Slot, _ hidden: Set<Int>) -> PublicCell {
        if let count = slot.count { return hidden.contains(count) ? .suppressed : PublicCell(value: slot.figure.value) }
        guard let numerator = slot.numerator, let denominator = slot.denominator,
              !hidden.contains(numerator), !hidden.contains(denominator) else { return .suppressed }
        let isTotal = slot.name.isEmpty
        return PublicCell(value: slot.figure.value, numerator: isTotal ? nil : slot.figure.numerator ?? 0,
                          denominator: isTotal ? nil : slot.figure.denominator ?? 0)
    }
}
