import Foundation

/// One point of a time series: a period's figure, or nil when nothing counted yet.
public struct ChartPoint: Equatable, Sendable {
    public var label: String
    public var value: Double?
    /// Counts reports not yet approved: drawn hollow.
    public var provisional: Bool
    /// The definition changed from this point on: the line is broken before it and marked.
    public var breakBefore: Bool

    public init(label: String, value: Double?, provisional: Bool = false, breakBefore: Bool = false) {
        self.label = label
        self.value = value
        self.provisional = provisional
        self.breakBefore = breakBefore
    }
}

/// A forecast period: its figure and 80% interval.
public struct ChartForecastPoint: Equatable, Sendable {
    public var label: String
    public var value: Double
    public var lower: Double
    public var upper: Double

    public init(label: String, value: Double, lower: Double, upper: Double) {
        self.label = label
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}

/// A what-if line over the forecast periods (nil where it has no figure).
public struct ChartScenario: Equatable, Sendable {
    public var name: String
    public var values: [Double?]

    public init(name: String, values: [Double?]) {
        self.name = name
        self.values = values
    }
}

/// A line over time with the baseline and target as reference lines, and optionally the
/// forecast after it (dashed, in its interval band) and scenario lines over the forecast.
public struct LineChart: Sendable {
    public var title: String
    public var description: String
    public var points: [ChartPoint]
    public var baseline: Double?
    public var target: Double?
    public var forecast: [ChartForecastPoint] = []
    /// At most three are told apart by the page's legend.
    public var scenarios: [ChartScenario] = []
    public var format: @Sendable (Double) -> String
    public var words: ChartWords
    public var width: Double = 640
    public var height: Double = 260

    public init(title: String, description: String, points: [ChartPoint], baseline: Double? = nil, target: Double? = nil,
                forecast: [ChartForecastPoint] = [], scenarios: [ChartScenario] = [],
                words: ChartWords = ChartWords(), format: @escaping @Sendable (Double) -> String) {
        self.words = words
        self.title = title
        self.description = description
        self.points = points
        self.baseline = baseline
        self.target = target
        self.forecast = forecast
        self.scenarios = scenarios
        self.format = format
    }

    /// Average width of a character of the axis text (12 px), generous so labels never touch.
    static let characterWidth = 7.0
    /// The same for the bold labels of the baseline and target.
    static let boldCharacterWidth = 7.5

    public func svg(id: String) -> String {
        // The right margin holds the baseline and target labels whole, clear of the line.
        let references = [(words.baseline, baseline, "chart-baseline"), (words.target, target, "chart-target")]
            .compactMap { name, value, className in value.map { (text: "\(name) \(format($0))", value: $0, className: className) } }
        let widest = Double(references.map(\.text.count).max() ?? 0) * Self.boldCharacterWidth
        let left = 56.0, right = max(40, widest + 12), top = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var out = SVG.open(id: id, width: width, height: height, title: title, description: description, className: "chart chart-line")
        let values = points.compactMap(\.value) + [baseline, target].compactMap { $0 }
            + forecast.flatMap { [$0.lower, $0.upper, $0.value] } + scenarios.flatMap { $0.values.compactMap { $0 } }
        let labels = points.map(\.label) + forecast.map(\.label)
        guard !labels.isEmpty, let lowest = values.min(), let highest = values.max() else {
            out += "<text x=\"\(SVG.n(width / 2))\" y=\"\(SVG.n(height / 2))\" text-anchor=\"middle\" class=\"chart-empty\">\(SVG.escape(words.noFigures))</text></svg>"
            return out
        }
        let ticks = SVG.ticks(low: min(0, lowest), high: highest == min(0, lowest) ? highest + 1 : highest * 1.05)
        let low = ticks.first!, high = max(ticks.last!, highest)
        func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        func x(_ index: Int) -> Double { labels.count == 1 ? left + plotWidth / 2 : left + Double(index) / Double(labels.count - 1) * plotWidth }

        for tick in ticks {
            out += "<line class=\"chart-grid\" x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(width - right))\" y1=\"\(SVG.n(y(tick)))\" y2=\"\(SVG.n(y(tick)))\"/>"
            out += "<text class=\"chart-axis\" x=\"\(SVG.n(left - 6))\" y=\"\(SVG.n(y(tick) + 4))\" text-anchor=\"end\">\(SVG.escape(format(tick)))</text>"
        }
        let labelWidth = Double(labels.map(\.count).max() ?? 0) * Self.characterWidth
        // Centred under its point, moved in only as far as keeps it inside the picture; one that
        // would then touch its neighbour gives way (the last never does).
        var placed: [(index: Int, centre: Double)] = []
        for index in Self.labelled(labels.count, spacing: labels.count > 1 ? plotWidth / Double(labels.count - 1) : plotWidth, labelWidth: labelWidth) {
            let centre = min(width - labelWidth / 2 - 2, max(labelWidth / 2 + 2, x(index)))
            while let previous = placed.last, centre - previous.centre < labelWidth + 4 {
                if index == labels.count - 1 { placed.removeLast() } else { break }
            }
            if let previous = placed.last, centre - previous.centre < labelWidth + 4 { continue }
            placed.append((index, centre))
        }
        for (index, centre) in placed {
            out += "<text class=\"chart-axis\" x=\"\(SVG.n(centre))\" y=\"\(SVG.n(height - bottom + 18))\" text-anchor=\"middle\">\(SVG.escape(labels[index]))</text>"
        }
        // Each label beside its line: the higher line's above it, the lower one's below, so two
        // close lines never put their labels on top of each other.
        for (index, reference) in references.enumerated() {
            let other = references.indices.contains(1 - index) ? references[1 - index].value : nil
            let below = other.map { reference.value < $0 || (reference.value == $0 && index == 0) } ?? false
            out += "<line class=\"\(reference.className)\" x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(width - right))\" y1=\"\(SVG.n(y(reference.value)))\" y2=\"\(SVG.n(y(reference.value)))\"/>"
            out += "<text class=\"chart-label \(reference.className)-label\" x=\"\(SVG.n(width - right + 6))\" y=\"\(SVG.n(y(reference.value) + (below ? 12 : -3)))\">\(SVG.escape(reference.text))</text>"
        }
        out += forecastMarks(x: x, y: y)
        // The line: a new segment after a gap or at a definition break, never joined across it.
        var path = ""
        var drawing = false
        for (index, point) in points.enumerated() {
            if point.breakBefore {
                drawing = false
                out += "<line class=\"chart-break\" x1=\"\(SVG.n(x(index) - 4))\" x2=\"\(SVG.n(x(index) - 4))\" y1=\"\(SVG.n(top))\" y2=\"\(SVG.n(top + plotHeight))\"/>"
                out += "<text class=\"chart-label chart-break-label\" x=\"\(SVG.n(x(index) - 2))\" y=\"\(SVG.n(top + 10))\">\(SVG.escape(words.definitionChanged))</text>"
            }
            guard let value = point.value else { drawing = false; continue }
            path += "\(drawing ? "L" : "M")\(SVG.n(x(index))) \(SVG.n(y(value))) "
            drawing = true
        }
        if !path.isEmpty { out += "<path class=\"chart-series\" d=\"\(path.trimmingCharacters(in: .whitespaces))\"/>" }
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            out += "<circle class=\"\(point.provisional ? "chart-point chart-provisional" : "chart-point")\" cx=\"\(SVG.n(x(index)))\" cy=\"\(SVG.n(y(value)))\" r=\"3.5\">"
            out += "<title>\(SVG.escape(point.label)): \(SVG.escape(format(value)))\(point.provisional ? " (\(SVG.escape(words.provisional)))" : "")</title></circle>"
        }
        return out + "</svg>"
    }

    /// The interval band, the dashed forecast and the scenario lines, each starting from the
    /// last figure so they read as its continuation.
    private func forecastMarks(x: (Int) -> Double, y: (Double) -> Double) -> String {
        guard !forecast.isEmpty else { return "" }
        let offset = points.count
        let anchor = points.indices.last.flatMap { index in points[index].value.map { (x(index), y($0)) } }
        let start = anchor.map { "M\(SVG.n($0.0)) \(SVG.n($0.1)) L" } ?? "M"
        let upper = forecast.enumerated().map { "\(SVG.n(x(offset + $0.offset))) \(SVG.n(y($0.element.upper)))" }.joined(separator: " L")
        let lower = forecast.enumerated().reversed().map { "\(SVG.n(x(offset + $0.offset))) \(SVG.n(y($0.element.lower)))" }.joined(separator: " L")
        var out = "<path class=\"chart-band\" d=\"\(start)\(upper) L\(lower) Z\"/>"
        func line(_ values: [Double?], className: String) -> String {
            var path = anchor.map { "M\(SVG.n($0.0)) \(SVG.n($0.1))" } ?? ""
            for (index, value) in values.enumerated() {
                guard let value else { continue }
                path += "\(path.isEmpty ? "M" : " L")\(SVG.n(x(offset + index))) \(SVG.n(y(value)))"
            }
            return "<path class=\"\(className)\" d=\"\(path)\"/>"
        }
        out += line(forecast.map(\.value), className: "chart-forecast")
        for (index, scenario) in scenarios.prefix(3).enumerated() {
            out += line(scenario.values, className: "chart-scenario chart-scenario-\(index + 1)")
        }
        for (index, point) in forecast.enumerated() {
            out += "<circle class=\"chart-forecast-point\" cx=\"\(SVG.n(x(offset + index)))\" cy=\"\(SVG.n(y(point.value)))\" r=\"2\">"
            out += "<title>\(SVG.escape(point.label)): \(SVG.escape(format(point.value))) (\(SVG.escape(format(point.lower)))–\(SVG.escape(format(point.upper))))</title></circle>"
        }
        return out
    }

    /// Which points get a label on the time axis: evenly spaced, at most 8, and far enough apart
    /// that no two labels of `labelWidth` touch at `spacing` between neighbouring points; always
    /// the first and, when it fits, the last.
    static func labelled(_ count: Int, spacing: Double = 80, labelWidth: Double = 0) -> [Int] {
        guard count > 0 else { return [] }
        let apart = spacing > 0 ? Int(((labelWidth + 10) / spacing).rounded(.up)) : count
        let every = max(1, Int((Double(count) / 8).rounded(.up)), apart)
        var shown = Array(stride(from: 0, to: count, by: every))
        if shown.last != count - 1 {
            if let last = shown.last, last > 0, count - 1 - last < every { shown.removeLast() }
            shown.append(count - 1)
        }
        return shown
    }
}
