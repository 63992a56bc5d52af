import BackboneDomain
import Foundation
import Testing

@Suite("Reporting periods and calendars")
struct ReportingPeriodTests {
    static func day(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> Date { .utc(y, m, d, hour: h) }

    @Test("months, quarters and years have the right first and last days, leap years included")
    func bounds() {
        let feb = ReportingPeriod(frequency: .monthly, year: 2028, index: 2)!
        #expect(feb.start == Self.day(2028, 2, 1))
        #expect(feb.end == Self.day(2028, 2, 29))
        let q4 = ReportingPeriod(frequency: .quarterly, year: 2026, index: 4)!
        #expect(q4.start == Self.day(2026, 10, 1))
        #expect(q4.end == Self.day(2026, 12, 31))
        #expect(q4.next.key == "2027-Q1")
        #expect(ReportingPeriod(frequency: .monthly, year: 2026, index: 1)!.previous.key == "2025-12")
        #expect(q4.subPeriods(.monthly).map(\.key) == ["2026-10", "2026-11", "2026-12"])
        #expect(ReportingPeriod(frequency: .annual, year: 2026, index: 1)!.subPeriods(.quarterly).count == 4)
        #expect(feb.within(.quarterly).key == "2028-Q1")
        #expect(ReportingPeriod(frequency: .monthly, year: 2026, index: 13) == nil)
    }

    @Test("keys round-trip and bad keys are refused")
    func keys() {
        for key in ["2026-03", "2026-Q2", "2026"] { #expect(ReportingPeriod(key: key)?.key == key) }
        #expect(ReportingPeriod(key: "2026-q2")?.key == "2026-Q2")
        for bad in ["", "2026-13", "2026-Q5", "26-01", "2026/01", "March 2026", "2026-00"] { #expect(ReportingPeriod(key: bad) == nil, "\(bad)") }
        #expect(ReportingPeriod(key: "2026-03")?.description == "March 2026")
    }

    @Test("a period is open from its first day, overdue after its due day, locked after its lock day")
    func calendarStates() {
        let calendar = ReportingCalendar(dueAfterDays: 30, lockAfterDays: 60)
        let march = ReportingPeriod(key: "2026-03")!
        #expect(calendar.dueDate(march) == Self.day(2026, 4, 30))
        #expect(calendar.state(of: march, on: Self.day(2026, 2, 28)) == .notYetOpen)
        #expect(calendar.state(of: march, on: Self.day(2026, 3, 15)) == .open)
        #expect(calendar.state(of: march, on: Self.day(2026, 4, 30, 23)) == .open)
        #expect(calendar.state(of: march, on: Self.day(2026, 5, 1)) == .overdue)
        #expect(calendar.state(of: march, on: Self.day(2026, 5, 30, 12)) == .overdue)
        #expect(calendar.state(of: march, on: Self.day(2026, 5, 31)) == .locked)
        #expect(ReportingCalendar(dueAfterDays: 30, lockAfterDays: 10).lockAfterDays == 30)
    }

    @Test("due, overdue and locked follow the days of the initiative's clocks, not UTC's")
    func calendarInTimeZone() throws {
        let march = ReportingPeriod(key: "2026-03")!
        let losAngeles = ReportingCalendar(dueAfterDays: 30, lockAfterDays: 60, timeZone: try #require(TimeZone(identifier: "America/Los_Angeles")))
        let tokyo = ReportingCalendar(dueAfterDays: 30, lockAfterDays: 60, timeZone: try #require(TimeZone(identifier: "Asia/Tokyo")))
        // May 1, 05:00 UTC is still April 30 (22:00) in Los Angeles: the due day, on time there.
        #expect(ReportingCalendar(dueAfterDays: 30, lockAfterDays: 60).state(of: march, on: Self.day(2026, 5, 1, 5)) == .overdue)
        #expect(losAngeles.state(of: march, on: Self.day(2026, 5, 1, 5)) == .open)
        #expect(losAngeles.state(of: march, on: Self.day(2026, 5, 1, 7)) == .overdue, "midnight in Los Angeles (PDT, UTC−7)")
        // April 30, 16:00 UTC is already May 1 (01:00) in Tokyo: overdue there.
        #expect(tokyo.state(of: march, on: Self.day(2026, 4, 30, 16)) == .overdue)
        #expect(tokyo.state(of: march, on: Self.day(2026, 2, 28, 15)) == .open, "March 1 has begun in Tokyo")
        // Property: in any zone, the state at a moment is the UTC calendar's state at the same wall-clock time.
        let utc = ReportingCalendar(dueAfterDays: 30, lockAfterDays: 60)
        for identifier in ["Pacific/Kiritimati", "America/Chicago", "Europe/Madrid", "Pacific/Pago_Pago", "Asia/Kathmandu"] {
            let zone = try #require(TimeZone(identifier: identifier))
            let calendar = ReportingCalendar(dueAfterDays: 30, lockAfterDays: 60, timeZone: zone)
            for hours in stride(from: 0, to: 24 * 120, by: 7) {
                let moment = Self.day(2026, 2, 20).addingTimeInterval(Double(hours) * 3_600)
                let wall = moment.addingTimeInterval(Double(zone.secondsFromGMT(for: moment)))
                #expect(calendar.state(of: march, on: moment) == utc.state(of: march, on: wall), "\(identifier) +\(hours) h")
            }
        }
    }

    @Test("reminders come by the initiative's days: due soon a week before its due day there")
    func remindersInTimeZone() throws {
        let partner = UUID()
        let zone = try #require(TimeZone(identifier: "America/Los_Angeles"))
        let calendar = ReportingCalendar(dueAfterDays: 30, lockAfterDays: 60, timeZone: zone)
        // April's report is due May 30; due soon from May 23 in Los Angeles, i.e. 07:00 UTC.
        let before = ReportReminders.due(on: Self.day(2026, 5, 23, 6), calendar: calendar, reporting: [partner: [.monthly]], done: [])
        let after = ReportReminders.due(on: Self.day(2026, 5, 23, 8), calendar: calendar, reporting: [partner: [.monthly]], done: [])
        #expect(!before.contains { $0.period.key == "2026-04" && $0.kind == .dueSoon })
        #expect(after.contains { $0.period.key == "2026-04" && $0.kind == .dueSoon })
    }
}

@Suite("Indicator definitions and versions")
struct DefinitionTests {
    static let readiness = IndicatorDefinition(
        definition: "Share of children assessed ready for kindergarten", unit: .percent, aggregation: .ratio,
        numeratorDefinition: "children assessed ready", denominatorDefinition: "children assessed")

    @Test("percents and rates use the ratio rule with both parts defined, or a weighted mean with its weight declared; nothing else")
    func ratioRules() {
        #expect(throws: Never.self) { try Self.readiness.validate() }
        var averaged = Self.readiness
        averaged.aggregation = .weightedMean
        #expect(throws: FieldErrors.self) { try averaged.validate() }
        averaged.weightDefinition = "children assessed"
        #expect(throws: Never.self) { try averaged.validate() }
        for rule in [AggregationRule.sum, .min, .max, .latest] {
            var other = Self.readiness
            other.aggregation = rule
            #expect(throws: FieldErrors.self, "\(rule)") { try other.validate() }
            other.unit = .ratePer(1000)
            #expect(throws: FieldErrors.self, "\(rule) of a rate") { try other.validate() }
        }
        var counted = Self.readiness
        counted.unit = .count
        #expect(throws: FieldErrors.self) { try counted.validate() }
        var noDenominator = Self.readiness
        noDenominator.denominatorDefinition = " "
        #expect(throws: FieldErrors.self) { try noDenominator.validate() }
        #expect(throws: FieldErrors.self) {
            try IndicatorDefinition(definition: "Attendance", unit: .score, aggregation: .weightedMean).validate()
        }
    }

    @Test("property: a weighted mean of rates weighted by their denominators equals the ratio of the sums; other weights do not")
    func weightedMeanOfRates() {
        var random = SeededRandom(seed: 21)
        let end = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<500 {
            let partners = (0..<Int.random(in: 1...40, using: &random)).map { _ -> (Double, Double) in
                let denominator = Double(Int.random(in: 1...200_000, using: &random))
                return (Double(Int.random(in: 0...Int(denominator), using: &random)), denominator)
            }
            let ratio = AggregationRule.ratio.acrossPartners(partners.map { Observation.ratio($0.0, $0.1, scale: 100, periodEnd: end) })
            let weighted = AggregationRule.weightedMean.acrossPartners(partners.map {
                Observation(value: $0.0 / $0.1 * 100, weight: $0.1, periodEnd: end)
            })
            let exact = partners.reduce(0) { $0 + $1.0 } / partners.reduce(0) { $0 + $1.1 } * 100
            #expect(abs((ratio.value ?? -1) - exact) <= 1e-9 * max(1, exact))
            #expect(abs((weighted.value ?? -1) - exact) <= 1e-9 * max(1, exact), "weight = denominator gives the ratio")
        }
        // Two schools, 9 of 10 and 1 of 90: the ratio is 10%; weighting each school equally gives 45.6%.
        let schools = [(9.0, 10.0), (1.0, 90.0)]
        let equal = AggregationRule.weightedMean.acrossPartners(schools.map { Observation(value: $0.0 / $0.1 * 100, weight: 1, periodEnd: end) })
        #expect(abs((equal.value ?? 0) - 45.5556) < 0.001)
        #expect(AggregationRule.ratio.acrossPartners(schools.map { Observation.ratio($0.0, $0.1, scale: 100, periodEnd: end) }).value == 10)
    }

    @Test("units round-trip through their codes; unknown codes are refused")
    func units() {
        for unit in [MeasurementUnit.count, .percent, .ratePer(1000), .currency("USD"), .days, .score] {
            #expect(MeasurementUnit(code: unit.code) == unit)
        }
        for bad in ["", "percentage", "rate_per:0", "rate_per:x", "currency:usd", "currency:DOLLAR"] { #expect(MeasurementUnit(code: bad) == nil) }
    }

    @Test("changing meaning makes a new version; changing wording elsewhere does not")
    func versions() throws {
        let start = ReportingPeriodTests.day(2024, 1, 1)
        var history = DefinitionHistory(first: Self.readiness, effectiveFrom: start)
        // same meaning, extra spaces: no new version
        var same = Self.readiness
        same.definition += "  "
        #expect(try history.revise(to: same, effectiveFrom: ReportingPeriodTests.day(2025, 1, 1)) == nil)
        #expect(history.versions.count == 1)
        // new denominator: version 2 from 2025
        var changed = Self.readiness
        changed.denominatorDefinition = "children enrolled in kindergarten"
        let v2 = try history.revise(to: changed, effectiveFrom: ReportingPeriodTests.day(2025, 8, 1))
        #expect(v2?.number == 2)
        #expect(history.version(on: ReportingPeriodTests.day(2025, 7, 31)).number == 1)
        #expect(history.version(on: ReportingPeriodTests.day(2025, 8, 1)).number == 2)
        // a version cannot take effect before the current one
        var again = changed
        again.unit = .ratePer(1000)
        #expect(throws: FieldErrors.self) { try history.revise(to: again, effectiveFrom: ReportingPeriodTests.day(2025, 1, 1)) }
        #expect(history.versions.count == 2)
    }
}

@Suite("Value checks")
struct ValueRulesTests {
    static let children = IndicatorDefinition(definition: "Children tutored", unit: .count, aggregation: .sum)
    static let gender = DisaggregationDimension.standard.first { $0.key == "gender" }!

    static func errors(_ report: IndicatorReport, _ definition: IndicatorDefinition, _ dimensions: [DisaggregationDimension] = []) -> [String: String] {
        ValueRules.check(report, definition: definition, dimensions: dimensions).errors.messages
    }

    @Test("counts are whole numbers, 0 or more")
    func counts() {
        #expect(Self.errors(.init(total: .init(value: 12)), Self.children).isEmpty)
        #expect(Self.errors(.init(total: .init(value: 0)), Self.children).isEmpty)
        #expect(Self.errors(.init(total: .init(value: -1)), Self.children)["total.value"] != nil)
        #expect(Self.errors(.init(total: .init(value: 2.5)), Self.children)["total.value"] != nil)
        #expect(Self.errors(.init(total: .init(value: .nan)), Self.children)["total.value"] == "Enter a number.")
        #expect(Self.errors(.init(total: .init()), Self.children)["total.value"] == "Enter a value.")
    }

    @Test("ratios need a numerator no larger than a positive denominator; percents stay within 0 to 100")
    func ratios() {
        let readiness = DefinitionTests.readiness
        #expect(Self.errors(.init(total: .init(numerator: 45, denominator: 50)), readiness).isEmpty)
        #expect(Self.errors(.init(total: .init(numerator: 51, denominator: 50)), readiness)["total.numerator"] != nil)
        #expect(Self.errors(.init(total: .init(numerator: 0, denominator: 0)), readiness)["total.denominator"] != nil)
        #expect(Self.errors(.init(total: .init(numerator: -1, denominator: 5)), readiness)["total.numerator"] != nil)
        let missing = Self.errors(.init(total: .init(value: 90)), readiness)
        #expect(missing["total.numerator"] != nil && missing["total.denominator"] != nil)
        var bounded = Self.children
        bounded.maximum = 500
        #expect(Self.errors(.init(total: .init(value: 501)), bounded)["total.value"]?.contains("500") == true)
    }

    @Test("cells must add up to the total, by the indicator's rule")
    func cellsAddUp() {
        let cells: [String: ValueEntry] = ["female": .init(value: 6), "male": .init(value: 5), "another": .init(value: 0), "unknown": .init(value: 1)]
        #expect(Self.errors(.init(total: .init(value: 12), cells: ["gender": cells]), Self.children, [Self.gender]).isEmpty)
        let off = Self.errors(.init(total: .init(value: 13), cells: ["gender": cells]), Self.children, [Self.gender])
        #expect(off["cell.gender"]?.contains("add up to 12") == true)
        // a missing cell is named
        var partial = cells
        partial["unknown"] = nil
        #expect(Self.errors(.init(total: .init(value: 11), cells: ["gender": partial]), Self.children, [Self.gender])["cell.gender.unknown.value"] != nil)
        // unknown category and undeclared dimension
        var extra = cells
        extra["robot"] = .init(value: 1)
        #expect(Self.errors(.init(total: .init(value: 13), cells: ["gender": extra]), Self.children, [Self.gender])["cell.gender.robot"] != nil)
        #expect(Self.errors(.init(total: .init(value: 12), cells: ["gender": cells]), Self.children, [])["cell.gender"] != nil)
        // total only is fine, and flagged as not broken down
        let totalOnly = IndicatorReport(total: .init(value: 12))
        #expect(Self.errors(totalOnly, Self.children, [Self.gender]).isEmpty)
        #expect(!totalOnly.isBrokenDown)
        // ratios: numerators and denominators add separately
        let ratioCells: [String: ValueEntry] = ["female": .init(numerator: 20, denominator: 25), "male": .init(numerator: 20, denominator: 20),
                                                "another": .init(numerator: 0, denominator: 1), "unknown": .init(numerator: 5, denominator: 4)]
        let ratioErrors = Self.errors(.init(total: .init(numerator: 45, denominator: 50), cells: ["gender": ratioCells]), DefinitionTests.readiness, [Self.gender])
        #expect(ratioErrors["cell.gender.unknown.numerator"] != nil)  // 5 of 4 is impossible
    }

    @Test("an unusual value is a warning, not an error")
    func outliers() {
        let history = [100.0, 104, 98, 101, 99, 103, 102]
        let usual = ValueRules.check(.init(total: .init(value: 105)), definition: Self.children, dimensions: [], history: history)
        #expect(usual.warnings.isEmpty)
        let unusual = ValueRules.check(.init(total: .init(value: 400)), definition: Self.children, dimensions: [], history: history)
        #expect(unusual.isAcceptable)
        #expect(unusual.warnings["total.value"] != nil)
        #expect(!Outliers.isUnusual(400, history: [100, 100]))  // too little history to judge
        #expect(Outliers.median([3, 1, 2, 4]) == 2.5)
    }
}

@Suite("Status against target")
struct TargetStatusTests {
    static let start = ReportingPeriodTests.day(2024, 1, 1)
    static let end = ReportingPeriodTests.day(2028, 1, 1)
    static let middle = ReportingPeriodTests.day(2026, 1, 1)

    @Test("judged against the straight path from baseline to target, in the right direction")
    func trajectory() {
        // Readiness from 50% to 70% over four years: 60% expected half-way.
        let path = Trajectory(baseline: .init(date: Self.start, value: 50), target: .init(date: Self.end, value: 70), polarity: .higherIsBetter)
        #expect(abs(path.expected(on: Self.middle) - 60) < 0.01)
        #expect(path.status(of: .init(date: Self.middle, value: 61)) == .onTrack)
        #expect(path.status(of: .init(date: Self.middle, value: 58.5)) == .atRisk)   // 1.5 behind, within 10% of 20
        #expect(path.status(of: .init(date: Self.middle, value: 55)) == .offTrack)
        #expect(path.status(of: nil) == .noData)
        // Lower is better: homelessness from 1,000 to 600.
        let down = Trajectory(baseline: .init(date: Self.start, value: 1000), target: .init(date: Self.end, value: 600), polarity: .lowerIsBetter)
        #expect(down.status(of: .init(date: Self.middle, value: 790)) == .onTrack)
        #expect(down.status(of: .init(date: Self.middle, value: 830)) == .atRisk)
        #expect(down.status(of: .init(date: Self.middle, value: 900)) == .offTrack)
        // After the target date the target itself is expected.
        #expect(path.status(of: .init(date: ReportingPeriodTests.day(2029, 1, 1), value: 69)) == .atRisk)
    }

    @Test("holding steady is judged against the baseline")
    func holdSteady() {
        let hold = Trajectory(baseline: .init(date: Self.start, value: 200), target: .init(date: Self.end, value: 200), polarity: .lowerIsBetter)
        #expect(hold.status(of: .init(date: Self.middle, value: 195)) == .onTrack)
        #expect(hold.status(of: .init(date: Self.middle, value: 215)) == .atRisk)
        #expect(hold.status(of: .init(date: Self.middle, value: 260)) == .offTrack)
    }
}
