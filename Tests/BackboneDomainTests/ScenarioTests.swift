@testable import BackboneDomain
import Foundation
import Testing

/// The worked examples of docs/scenarios.md, and the checks a scenario passes before it is saved.
@Suite struct ScenarioTests {
    static let families: [Double] = [412, 398, 430, 441, 436, 455, 470, 466]
    static let q1of2025 = ReportingPeriod(frequency: .quarterly, year: 2025, index: 1)!

    static func familiesForecast() -> Forecast {
        Forecaster.forecast(ForecastTests.input(families, from: q1of2025))
    }

    @Test func example1FamiliesServed() throws {
        let forecast = Self.familiesForecast()
        let first = try #require(forecast.points.first), fourth = forecast.points[3]
        #expect(first.period.key == "2027-Q1" && fourth.period.key == "2027-Q4")
        #expect(abs(first.value - 486) < 0.01 && abs(first.lower - 466.4) < 0.05 && abs(first.upper - 505.6) < 0.05)
        #expect(abs(fourth.value - 515) < 0.01 && abs(fourth.lower - 490.8) < 0.05 && abs(fourth.upper - 539.2) < 0.05)
        let by = Date.utc(2027, 12, 31)
        func judged(_ target: Double) -> WhatItTakes {
            WhatItTakes(forecast: forecast, target: target, by: by, polarity: .higherIsBetter, frequency: .quarterly, ratioScale: nil)!
        }
        let five20 = judged(520)
        #expect(five20.periodsLeft == 4)
        #expect(abs(five20.neededPace! - 13.5) < 1e-9)
        #expect(abs(five20.forecastPace! - 12.25) < 0.01)
        #expect(five20.status == .atRisk)
        #expect(judged(500).status == .onTrack)
        #expect(judged(560).status == .offTrack)
    }

    @Test func example2ReadingAtGradeLevelInPeople() throws {
        let numerators: [Double] = [1450, 1480, 1500, 1530, 1545, 1570], denominators: [Double] = [2850, 2860, 2870, 2880, 2890, 2900]
        let first = ReportingPeriod(frequency: .annual, year: 2021, index: 1)!
        let input = ForecastInput(frequency: .annual, rule: .ratio, ratioScale: 100, maximum: 100, points: numerators.indices.map {
            .init(period: first.shifted(by: $0), version: 1, value: numerators[$0] / denominators[$0] * 100,
                  numerator: numerators[$0], denominator: denominators[$0])
        })
        let forecast = Forecaster.forecast(input, through: ReportingPeriod(frequency: .annual, year: 2028, index: 1)!)
        let taking = try #require(WhatItTakes(forecast: forecast, target: 64.4, by: Date.utc(2028, 12, 31), polarity: .higherIsBetter,
                                              frequency: .annual, ratioScale: 100))
        #expect(abs(taking.forecastAtTarget!.value - 55.42) < 0.01)
        #expect(abs(taking.ofPeople! - 2920) < 1e-6)
        #expect(abs(taking.morePeople! - 299.7) < 0.1)
        #expect(taking.status == .offTrack)
    }

    @Test func aTargetWhoseDateHasComeIsJudgedOnTheLatestFigure() {
        let forecast = Self.familiesForecast()
        let past = WhatItTakes(forecast: forecast, target: 460, by: Date.utc(2026, 6, 30), polarity: .higherIsBetter, frequency: .quarterly, ratioScale: nil)!
        #expect(past.status == .onTrack)
        let missed = WhatItTakes(forecast: forecast, target: 480, by: Date.utc(2026, 6, 30), polarity: .higherIsBetter, frequency: .quarterly, ratioScale: nil)!
        #expect(missed.status == .offTrack)
    }

    @Test func tooLittleHistoryFallsBackToTheStraightPath() {
        let forecast = Forecaster.forecast(ForecastTests.input([100, 104, 108], from: Self.q1of2025))
        let path = Trajectory(baseline: .init(date: Date.utc(2025, 1, 1), value: 100), target: .init(date: Date.utc(2027, 12, 31), value: 160),
                              polarity: .higherIsBetter)
        #expect(path.status(forecast: forecast, frequency: .quarterly) == path.status(of: .init(date: Self.q1of2025.shifted(by: 2).end, value: 108)))
    }

    // MARK: Scenarios

    static let harborReads = UUID(), eastSchool = UUID(), westSchool = UUID(), northSchool = UUID()

    static func monthlyContext(rule: AggregationRule = .sum) -> ScenarioContext {
        ScenarioContext(frequency: .monthly, rule: rule, partners: [harborReads: .init(name: "Harbor Reads", value: 120)],
                        firstPeriod: ReportingPeriod(frequency: .monthly, year: 2026, index: 12)!)
    }

    @Test func example3AddingChildrenEveryMonth() {
        let first = ReportingPeriod(frequency: .monthly, year: 2025, index: 12)!
        let forecast = Forecaster.forecast(ForecastTests.input((0..<12).map { 300 + 5 * Double($0) }, frequency: .monthly, from: first))
        let plan = ScenarioPlan(name: "Harbor Reads adds 40 children a month", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 40)])
        let context = Self.monthlyContext()
        #expect(context.problems(plan).isEmpty)
        let projection = context.projection(of: plan, on: forecast)
        #expect(projection.first?.period.key == "2026-12")
        #expect(projection[0].value == forecast.points[0].value, "before 2027-01 the forecast's own")
        for index in 1..<projection.count { #expect(abs(projection[index].value - forecast.points[index].value - 40) < 1e-9) }
        // Growing by 40 a month instead: 40, 80, 120…
        var growing = plan
        growing.changes[0].kind = .grow
        let grown = context.projection(of: growing, on: forecast)
        #expect(abs(grown[3].value - forecast.points[3].value - 120) < 1e-9)
    }

    @Test func example4ChronicAbsenceFallsAtThreeSchools() {
        let schools: [UUID: ScenarioContext.Partner] = [
            Self.eastSchool: .init(name: "East", value: 20, numerator: 100, denominator: 500),
            Self.westSchool: .init(name: "West", value: 25, numerator: 150, denominator: 600),
            Self.northSchool: .init(name: "North", value: 18, numerator: 72, denominator: 400)]
        let context = ScenarioContext(frequency: .quarterly, rule: .ratio, partners: schools, firstPeriod: ReportingPeriod(key: "2027-Q1")!)
        let first = ReportingPeriod(key: "2025-Q1")!
        let input = ForecastInput(frequency: .quarterly, rule: .ratio, points: (0..<8).map {
            .init(period: first.shifted(by: $0), version: 1, value: 322.0 / 1500 * 100, numerator: 322, denominator: 1500, partnersCounted: 3)
        })
        let forecast = Forecaster.forecast(input)
        let plan = ScenarioPlan(name: "Chronic absence falls half a point a quarter at the three schools",
                                changes: [.init(kind: .grow, partners: [Self.eastSchool, Self.westSchool, Self.northSchool], from: "2027-Q1", amount: -0.5)])
        #expect(context.problems(plan).isEmpty)
        let projection = context.projection(of: plan, on: forecast)
        // 2027-Q2: two steps, one point lower at each school: 1% of 1,500 counted = 15 fewer of 322.
        #expect(projection[1].period.key == "2027-Q2")
        #expect(abs(projection[1].value - 307.0 / 1500 * 100) < 1e-9)
        #expect(abs(forecast.points[1].value - 322.0 / 1500 * 100) < 1e-9, "the stored figures and forecast are unchanged")
        // A new school joining with 10 of 200 absent.
        let joined = context.projection(of: ScenarioPlan(name: "South joins", changes: [.init(kind: .join, from: "2027-Q1", name: "South", numerator: 10, denominator: 200)]),
                                        on: forecast)
        #expect(abs(joined[0].value - 332.0 / 1700 * 100) < 1e-9)
    }

    @Test func aPartnersContributionNeverFallsBelowZero() {
        let forecast = Forecaster.forecast(ForecastTests.input((0..<6).map { 500 + Double($0) }, frequency: .monthly,
                                                               from: ReportingPeriod(key: "2026-06")!))
        let plan = ScenarioPlan(name: "Harbor Reads winds down", changes: [.init(kind: .grow, partners: [Self.harborReads], from: "2026-12", amount: -50)])
        let projection = Self.monthlyContext().projection(of: plan, on: forecast)
        // 120 at most can go: after the third month the partner adds nothing more, negative or not.
        #expect(abs(projection[5].value - (forecast.points[5].value - 120)) < 1e-9)
    }

    @Test func badPlansAreRefusedWithAMessagePerField() {
        let context = Self.monthlyContext()
        let stranger = UUID()
        let cases: [(ScenarioPlan, String)] = [
            (ScenarioPlan(name: " ", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 1)]), "name"),
            (ScenarioPlan(name: String(repeating: "x", count: 201), changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 1)]), "name"),
            (ScenarioPlan(name: "a", changes: []), "changes"),
            (ScenarioPlan(name: "a", changes: Array(repeating: .init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 1), count: 11)), "changes"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2026-11", amount: 1)]), "changes.0.from"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-Q1", amount: 1)]), "changes.0.from"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2040-01", amount: 1)]), "changes.0.from"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [stranger], from: "2027-01", amount: 1)]), "changes.0.partners"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [], from: "2027-01", amount: 1)]), "changes.0.partners"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads, Self.harborReads], from: "2027-01", amount: 1)]), "changes.0.partners"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: -121)]), "changes.0.amount"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: .nan)]), "changes.0.amount"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 1e308)]), "changes.0.amount"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 0)]), "changes.0.amount"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01")]), "changes.0.amount"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .join, from: "2027-01", amount: -5, name: "New")]), "changes.0.amount"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .join, from: "2027-01", amount: 5, name: "")]), "changes.0.name"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .join, partners: [Self.harborReads], from: "2027-01", amount: 5, name: "New")]), "changes.0.partners"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 1)], activityIDs: [UUID()]), "activities"),
            (ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 1)], strategyID: UUID()), "strategy"),
        ]
        for (plan, field) in cases {
            let problems = context.problems(plan)
            #expect(problems[field] != nil, "\(field) for \(plan)")
        }
        // A mean cannot take scenarios.
        #expect(Self.monthlyContext(rule: .weightedMean).problems(ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: 1)]))["indicator"] != nil)
        // A ratio's join needs people counted, not more meeting it than counted.
        let ratio = Self.monthlyContext(rule: .ratio)
        #expect(ratio.problems(ScenarioPlan(name: "a", changes: [.init(kind: .join, from: "2027-01", name: "N", numerator: 5, denominator: 0)]))["changes.0.denominator"] != nil)
        #expect(ratio.problems(ScenarioPlan(name: "a", changes: [.init(kind: .join, from: "2027-01", name: "N", numerator: 50, denominator: 10)]))["changes.0.numerator"] != nil)
        #expect(ratio.problems(ScenarioPlan(name: "a", changes: [.init(kind: .add, partners: [Self.harborReads], from: "2027-01", amount: -200)]))["changes.0.amount"] != nil)
    }
}
