import Foundation

/// What a forecast reads: one indicator's stored totals at its own frequency (the initiative's,
/// or one partner's). Plain values, so the same rules run for a page, the API and a test.
public struct ForecastInput: Sendable {
    public struct Point: Equatable, Sendable {
        public var period: ReportingPeriod
        public var version: Int
        public var value: Double?
        public var numerator: Double?
        public var denominator: Double?
        /// Partners whose figures the total counts (1 for a partner's own figure).
        public var partnersCounted: Int

        public init(period: ReportingPeriod, version: Int, value: Double?, numerator: Double? = nil, denominator: Double? = nil,
                    partnersCounted: Int = 1) {
            self.period = period
            self.version = version
            self.value = value
            self.numerator = numerator
            self.denominator = denominator
            self.partnersCounted = partnersCounted
        }
    }

    public var frequency: Frequency
    public var rule: AggregationRule
    /// numerator / denominator × scale is a ratio's value (100 for a percent).
    public var ratioScale: Double
    /// A total counting fewer partners is not comparable with the others and is left out.
    public var partnersRequired: Int
    /// The indicator's allowed range: a forecast never leaves it.
    public var minimum: Double?
    public var maximum: Double?
    public var points: [Point]

    public init(frequency: Frequency, rule: AggregationRule, ratioScale: Double = 100, partnersRequired: Int = 1,
                minimum: Double? = nil, maximum: Double? = nil, points: [Point]) {
        self.frequency = frequency
        self.rule = rule
        self.ratioScale = ratioScale
        self.partnersRequired = partnersRequired
        self.minimum = minimum
        self.maximum = maximum
        self.points = points
    }
}

/// The next periods of an indicator if nothing changes, with an 80% prediction interval. The
/// method is in docs/scenarios.md: a Theil–Sen line through the latest periods since the last
/// definition break (seasonal naive with drift when a monthly series repeats by the year), and
/// an interval from the spread of what that method got wrong in the past.
public struct Forecast: Equatable, Sendable {
    public enum Method: String, Codable, Sendable {
        /// A straight line: the median slope of every pair of periods.
        case trend
        /// The same month a year earlier, plus the median change from one year to the next.
        case seasonal
    }

    /// A period's figure as the forecast read it.
    public struct Observed: Equatable, Sendable {
        public let period: ReportingPeriod
        public let value: Double
        public let numerator: Double?
        public let denominator: Double?

        public init(period: ReportingPeriod, value: Double, numerator: Double? = nil, denominator: Double? = nil) {
            self.period = period
            self.value = value
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    public struct Point: Equatable, Sendable {
        public let period: ReportingPeriod
        public let value: Double
        /// The 80% prediction interval.
        public let lower: Double
        public let upper: Double
        /// Ratios only: the numerator and denominator forecast, whose quotient is `value`.
        public let numerator: Double?
        public let denominator: Double?
    }

    /// The periods the forecast rests on: complete periods since the last definition break.
    public let history: [Observed]
    /// Nil when there is too little history: nothing is drawn.
    public let method: Method?
    public let points: [Point]

    public var isAvailable: Bool { method != nil && !points.isEmpty }
    public var latest: Observed? { history.last }

    public func point(at period: ReportingPeriod) -> Point? { points.first { $0.period == period } }

    /// Periods of history a forecast needs at the least.
    public static let minimumHistory = 4
    /// Periods of the trend line at most: the recent past says more about the next periods.
    public static let trendWindow = 12
    /// The coverage of the interval.
    public static let level = 0.8
}

public enum Forecaster {
    /// Periods forecast when no target asks for more.
    static func defaultHorizon(_ frequency: Frequency) -> Int {
        switch frequency {
        case .monthly: 12
        case .quarterly: 4
        default: 3
        }
    }

    /// Periods forecast at the most (ten years of months).
    static let longestHorizon = 120

    /// The forecast of `input` for the next periods after its latest, at least up to `through`
    /// when given (a target's period).
    public static func forecast(_ input: ForecastInput, through: ReportingPeriod? = nil) -> Forecast {
        let history = segment(input)
        guard history.count >= Forecast.minimumHistory, let last = history.last else {
            return Forecast(history: history, method: nil, points: [])
        }
        let wanted = through.map { last.period.steps(to: $0) } ?? 0
        let horizon = min(longestHorizon, max(defaultHorizon(input.frequency), wanted))
        let origin = history[0].period
        let xs = history.map { Double(origin.steps(to: $0.period)) }
        let isRatio = input.rule == .ratio
        let model: Model
        if isRatio {
            // Through the numerator and denominator: the percentage of sums, never a trend of percentages.
            let numerators = history.map { $0.numerator! }, denominators = history.map { $0.denominator! }
            let (numerator, denominator) = (fit(xs, numerators, input.frequency), fit(xs, denominators, input.frequency))
            let method: Forecast.Method = numerator.method == .seasonal || denominator.method == .seasonal ? .seasonal : .trend
            model = Model(method: method, parameters: method == .seasonal ? 1 : 2, xs: xs, ys: history.map(\.value)) { x in
                let d = denominator.predict(x)
                return d > 0 ? numerator.predict(x) / d * input.ratioScale : nil
            } parts: { x in (numerator.predict(x), denominator.predict(x)) }
        } else {
            let single = fit(xs, history.map(\.value), input.frequency)
            model = Model(method: single.method, parameters: single.method == .seasonal ? 1 : 2, xs: xs, ys: history.map(\.value)) {
                single.predict($0)
            } parts: { _ in nil }
        }
        let lastX = xs.last!
        let points: [Forecast.Point] = (1...max(1, horizon)).compactMap { step in
            let x = lastX + Double(step)
            guard let value = model.predict(x), value.isFinite else { return nil }
            let half = model.halfWidth(at: x, step: step)
            let parts = model.parts(x)
            return Forecast.Point(period: last.period.shifted(by: step), value: clamp(value, input),
                                  lower: clamp(value - half, input), upper: clamp(value + half, input),
                                  numerator: parts.map { max(0, $0.0) }, denominator: parts.map { max(0, $0.1) })
        }
        return Forecast(history: history, method: points.isEmpty ? nil : model.method, points: points)
    }

    /// Complete periods since the last definition break, one per period (the newest version),
    /// oldest first. A ratio needs its numerator and denominator.
    public static func segment(_ input: ForecastInput) -> [Forecast.Observed] {
        let usable = input.points.filter { point in
            point.period.frequency == input.frequency && point.value?.isFinite == true
                && (input.rule != .ratio || (point.numerator?.isFinite == true && point.denominator?.isFinite == true))
        }
        let series = Dictionary(grouping: usable, by: \.period).values.compactMap { $0.max { $0.version < $1.version } }
            .sorted { $0.period < $1.period }
        guard let newest = series.last else { return [] }
        return series.reversed().prefix { $0.version == newest.version }.reversed()
            .filter { $0.partnersCounted >= max(1, input.partnersRequired) }
            .map { Forecast.Observed(period: $0.period, value: $0.value!, numerator: $0.numerator, denominator: $0.denominator) }
    }

    static func clamp(_ value: Double, _ input: ForecastInput) -> Double {
        var value = value
        if let minimum = input.minimum { value = max(minimum, value) }
        if let maximum = input.maximum { value = min(maximum, value) }
        if input.rule == .ratio { value = max(0, value) }
        return value
    }

    // MARK: Fitting one series

    struct Fit {
        let method: Forecast.Method
        let predict: (Double) -> Double
    }

    /// A Theil–Sen line through the latest `trendWindow` points; for a monthly series of two
    /// years or more whose seasonal naive errors are clearly smaller than the line's, seasonal
    /// naive with the median yearly change as drift.
    static func fit(_ xs: [Double], _ ys: [Double], _ frequency: Frequency) -> Fit {
        let windowStart = max(0, xs.count - Forecast.trendWindow)
        let line = theilSen(Array(xs[windowStart...]), Array(ys[windowStart...]))
        let trend = Fit(method: .trend) { line.intercept + line.slope * $0 }
        guard frequency == .monthly, let seasonal = seasonalNaive(xs, ys) else { return trend }
        let window = Array(zip(xs, ys).suffix(Forecast.trendWindow * 2))
        let trendError = rootMeanSquare(window.map { $0.1 - trend.predict($0.0) })
        let seasonalError = rootMeanSquare(window.compactMap { x, y in seasonal.inSample(x).map { y - $0 } })
        return seasonalError < 0.7 * trendError ? Fit(method: .seasonal, predict: seasonal.predict) : trend
    }

    /// The median of the slopes between every pair of points, and the median intercept under it:
    /// one wild period moves neither much.
    static func theilSen(_ xs: [Double], _ ys: [Double]) -> (slope: Double, intercept: Double) {
        var slopes: [Double] = []
        for i in xs.indices { for j in xs.indices where j > i && xs[j] != xs[i] { slopes.append((ys[j] - ys[i]) / (xs[j] - xs[i])) } }
        let slope = slopes.isEmpty ? 0 : median(slopes)
        return (slope, median(zip(xs, ys).map { $1 - slope * $0 }))
    }

    struct Seasonal {
        let inSample: (Double) -> Double?
        let predict: (Double) -> Double
    }

    /// Needs 24 months with at least 12 year-on-year pairs.
    static func seasonalNaive(_ xs: [Double], _ ys: [Double]) -> Seasonal? {
        guard let first = xs.first, let last = xs.last, last - first >= 23 else { return nil }
        let known = Dictionary(zip(xs, ys), uniquingKeysWith: { a, _ in a })
        let yearly = xs.compactMap { x in known[x - 12].map { known[x]! - $0 } }
        guard yearly.count >= 12 else { return nil }
        let drift = median(yearly)
        func predict(_ x: Double) -> Double {
            if let before = known[x - 12] { return before + drift }
            return x - 12 < first ? (known[x] ?? 0) : predict(x - 12) + drift
        }
        return Seasonal(inSample: { x in known[x - 12].map { $0 + drift } }, predict: predict)
    }

    // MARK: The interval

    /// A method with its past errors, to size the interval.
    struct Model {
        let method: Forecast.Method
        let predict: (Double) -> Double?
        let parts: (Double) -> (Double, Double)?
        /// Residual standard error and what the interval's width depends on.
        let spread: Double
        let degreesOfFreedom: Int
        let count: Double
        let meanX: Double
        let sumSquaresX: Double

        init(method: Forecast.Method, parameters: Int, xs: [Double], ys: [Double], predict: @escaping (Double) -> Double?,
             parts: @escaping (Double) -> (Double, Double)?) {
            self.method = method
            self.predict = predict
            self.parts = parts
            // Errors where the method could have forecast: the trend's window, or every month with one a year before.
            let pairs = Array(zip(xs, ys).suffix(method == .trend ? Forecast.trendWindow : Forecast.trendWindow * 2))
            let errors = pairs.compactMap { x, y -> Double? in
                guard method == .trend || xs.contains(x - 12) else { return nil }
                return predict(x).map { y - $0 }
            }
            degreesOfFreedom = max(1, errors.count - parameters)
            spread = (errors.map { $0 * $0 }.reduce(0, +) / Double(degreesOfFreedom)).squareRoot()
            let window = pairs.map(\.0)
            count = Double(window.count)
            let mean = window.reduce(0, +) / Double(max(1, window.count))
            meanX = mean
            sumSquaresX = window.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        }

        /// Half the 80% interval `step` periods after the latest: Student's t times the error of
        /// a new observation (for a line: wider the further from the window's centre).
        func halfWidth(at x: Double, step: Int) -> Double {
            let t = Forecaster.studentT90(degreesOfFreedom)
            switch method {
            case .trend:
                let leverage = sumSquaresX > 0 ? (x - meanX) * (x - meanX) / sumSquaresX : 0
                return t * spread * (1 + 1 / count + leverage).squareRoot()
            case .seasonal:
                return t * spread * Double((step + 11) / 12).squareRoot()
            }
        }
    }

    /// The 90th percentile of Student's t (two-sided 80%) by degrees of freedom.
    static func studentT90(_ degreesOfFreedom: Int) -> Double {
        let table: [Double] = [3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
                               1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
                               1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310]
        return degreesOfFreedom <= table.count ? table[max(1, degreesOfFreedom) - 1] : 1.282
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func rootMeanSquare(_ values: [Double]) -> Double {
        values.isEmpty ? .infinity : (values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot()
    }
}
