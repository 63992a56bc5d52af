@testable import BackboneDomain
import Foundation
import Testing

@Suite struct ForecastTests {
    static let start = ReportingPeriod(frequency: .quarterly, year: 2023, index: 1)!

    static func input(_ values: [Double?], frequency: Frequency = .quarterly, rule: AggregationRule = .sum,
                      versions: [Int]? = nil, from first: ReportingPeriod? = nil, minimum: Double? = nil) -> ForecastInput {
        let first = first ?? ReportingPeriod(frequency: frequency, year: 2023, index: 1)!
        return ForecastInput(frequency: frequency, rule: rule, minimum: minimum, points: values.enumerated().map { index, value in
            .init(period: first.shifted(by: index), version: versions?[index] ?? 1, value: value)
        })
    }

    /// A standard normal draw (Box–Muller) from a seeded source.
    static func normal(_ random: inout SeededRandom) -> Double {
        let u = max(Double.leastNonzeroMagnitude, Double.random(in: 0..<1, using: &random)), v = Double.random(in: 0..<1, using: &random)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    @Test func aPerfectLineIsForecastExactly() {
        let forecast = Forecaster.forecast(Self.input((0..<8).map { 100 + 7.5 * Double($0) }))
        #expect(forecast.method == .trend)
        #expect(forecast.points.count == 4)
        for (step, point) in forecast.points.enumerated() {
            let expected = 100 + 7.5 * Double(8 + step)
            #expect(abs(point.value - expected) < 1e-9)
            #expect(abs(point.upper - point.lower) < 1e-9, "no error in the past, no width")
        }
        #expect(forecast.points[0].period == Self.start.shifted(by: 8))
    }

    @Test func oneOutlierBarelyMovesTheSlope() {
        var values = (0..<12).map { 50 + 2 * Double($0) }
        values[5] = 500
        let forecast = Forecaster.forecast(Self.input(values))
        let slope = forecast.points[1].value - forecast.points[0].value
        #expect(abs(slope - 2) < 0.1, "slope \(slope)")
        // An ordinary least-squares line through the same points is pulled far off.
        let xs: [Double] = (0..<12).map(Double.init)
        let mean: Double = xs.reduce(0, +) / 12, meanY: Double = values.reduce(0, +) / 12
        let covariance: Double = zip(xs, values).map { ($0 - mean) * ($1 - meanY) }.reduce(0, +)
        let variance: Double = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        let ols = covariance / variance
        #expect(abs(ols - 2) > 1, "least squares \(ols)")
    }

    /// Of many future periods of simulated noisy lines, the share inside the 80% interval.
    static func coverage(seed: UInt64, series: Int, history: Int, heavyTails: Bool) -> Double {
        var random = SeededRandom(seed: seed)
        var inside = 0, total = 0
        for _ in 0..<series {
            let level = Double.random(in: 50...5000, using: &random), slope = Double.random(in: -20...20, using: &random)
            let noise = Double.random(in: 1...60, using: &random)
            func draw() -> Double {
                let z = normal(&random)
                // Heavy tails: one draw in ten from a distribution three times as wide.
                return heavyTails && Double.random(in: 0..<1, using: &random) < 0.1 ? 3 * z : z
            }
            let values = (0..<(history + 4)).map { level + slope * Double($0) + noise * draw() }
            let forecast = Forecaster.forecast(input(Array(values.prefix(history))))
            for (step, point) in forecast.points.prefix(4).enumerated() {
                let actual = values[history + step]
                total += 1
                if point.lower <= actual && actual <= point.upper { inside += 1 }
            }
        }
        return Double(inside) / Double(total)
    }

    @Test(arguments: [(UInt64(1), 12, false), (2, 12, true), (3, 6, false), (4, 8, true), (5, 20, false)])
    func theIntervalCoversAboutEightInTen(seed: UInt64, history: Int, heavyTails: Bool) {
        let share = Self.coverage(seed: seed, series: 1500, history: history, heavyTails: heavyTails)
        print("coverage seed \(seed), \(history) periods, heavy tails \(heavyTails): \(share)")
        #expect(share >= 0.70 && share <= 0.90, "coverage \(share)")
    }

    @Test func ratiosAreForecastThroughNumeratorAndDenominator() {
        let numerators: [Double] = [410, 430, 445, 470, 480, 505, 520, 530]
        let denominators: [Double] = [1000, 1010, 1040, 1050, 1100, 1120, 1150, 1160]
        let first = Self.start
        let ratio = ForecastInput(frequency: .quarterly, rule: .ratio, ratioScale: 100, points: numerators.indices.map { index in
            .init(period: first.shifted(by: index), version: 1, value: numerators[index] / denominators[index] * 100,
                  numerator: numerators[index], denominator: denominators[index])
        })
        let forecast = Forecaster.forecast(ratio)
        let top = Forecaster.forecast(Self.input(numerators)), bottom = Forecaster.forecast(Self.input(denominators))
        #expect(forecast.points.count == 4)
        for (index, point) in forecast.points.enumerated() {
            #expect(abs(point.value - top.points[index].value / bottom.points[index].value * 100) < 1e-9)
            #expect(abs(point.numerator! - top.points[index].value) < 1e-9)
            #expect(abs(point.denominator! - bottom.points[index].value) < 1e-9)
        }
        // Not a line through the percentages: that would differ.
        let percentages = Forecaster.forecast(Self.input(zip(numerators, denominators).map { $0 / $1 * 100 }))
        #expect(abs(percentages.points[3].value - forecast.points[3].value) > 1e-6)
    }

    @Test func tooLittleHistoryDrawsNoLine() {
        let forecast = Forecaster.forecast(Self.input([10, 12, 14]))
        #expect(!forecast.isAvailable)
        #expect(forecast.history.count == 3)
        #expect(forecast.points.isEmpty)
    }

    @Test func aForecastStartsAfterTheLastDefinitionBreak() {
        // Eight periods under version 1 rising fast, then three under version 2: too few since the break.
        let values: [Double?] = [10, 20, 30, 40, 50, 60, 70, 80, 5, 6, 7]
        let versions = [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2]
        #expect(!Forecaster.forecast(Self.input(values, versions: versions)).isAvailable)
        let later = Forecaster.forecast(Self.input(values + [8], versions: versions + [2]))
        #expect(later.history.map(\.value) == [5, 6, 7, 8])
        #expect(abs(later.points[0].value - 9) < 1e-9)
    }

    @Test func periodsCountingTooFewPartnersAreLeftOut() {
        var input = Self.input([100, 110, 120, 130, 140, 75])
        input.partnersRequired = 3
        for index in 0..<5 { input.points[index].partnersCounted = 3 }
        input.points[5].partnersCounted = 1
        let forecast = Forecaster.forecast(input)
        #expect(forecast.latest?.value == 140)
        #expect(abs(forecast.points[0].value - 150) < 1e-9)
    }

    @Test func aFallingCountStopsAtZero() {
        let forecast = Forecaster.forecast(Self.input([40, 30, 20, 10], minimum: 0))
        #expect(forecast.points.map(\.value) == [0, 0, 0, 0])
    }

    @Test func monthlySeasonsAreRepeatedWithTheYearlyChange() {
        let first = ReportingPeriod(frequency: .monthly, year: 2023, index: 1)!
        let season: [Double] = [80, 60, 90, 120, 150, 200, 240, 230, 160, 120, 90, 70]
        let values = (0..<36).map { season[$0 % 12] + 5 * Double($0 / 12) }
        let forecast = Forecaster.forecast(Self.input(values, frequency: .monthly, from: first))
        #expect(forecast.method == .seasonal)
        #expect(forecast.points.count == 12)
        for (month, point) in forecast.points.enumerated() {
            #expect(abs(point.value - (season[month] + 15)) < 1e-9, "month \(month + 1): \(point.value)")
        }
        // A straight monthly line is no season.
        #expect(Forecaster.forecast(Self.input((0..<36).map { 3 * Double($0) }, frequency: .monthly, from: first)).method == .trend)
    }

    @Test func aTargetFurtherOutExtendsTheForecast() {
        let through = Self.start.shifted(by: 20)
        let forecast = Forecaster.forecast(Self.input([1, 2, 3, 4, 5, 6]), through: through)
        #expect(forecast.points.last?.period == through)
        #expect(forecast.point(at: through) != nil)
    }
}
