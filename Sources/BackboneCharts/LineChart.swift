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

/// A line over time with the baseline and target as reference lines.
public struct LineChart: Sendable {
    public var title: String
    public var description: String
    public var points: [ChartPoint]
    public var baseline: Double?
    public var target: Double?
    public var format: @Sendable (Double) -> String
    public var words: ChartWords
    public var width: Double = 640
    public var height: Double = 260

    public init(title: String, description: String, points: [ChartPoint], baseline: Double? = nil, target: Double? = nil,
                words: ChartWords = ChartWords(), format: @escaping @Sendable (Double) -> String) {
        self.words = words
        self.title = title
        self.description = description
        self.points = points
        self.baseline = baseline
        self.target = target
        self.format = format
    }

    public func svg(id: String) -> String {
        // The right margin holds the baseline and target labels, clear of the line.
        let left = 56.0, right = 100.0, top = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var out = SVG.open(id: id, width: width, height: height, title: title, description: description, className: "chart chart-line")
        let values = points.compactMap(\.value) + [baseline, target].compactMap { $0 }
        guard !points.isEmpty, let lowest = values.min(), let highest = values.max() else {
            out += "<text x=\"\(SVG.n(width / 2))\" y=\"\(SVG.n(height / 2))\" text-anchor=\"middle\" class=\"chart-empty\">\(SVG.escape(words.noFigures))</text></svg>"
            return out
        }
        let ticks = SVG.ticks(low: min(0, lowest), high: highest == min(0, lowest) ? highest + 1 : highest * 1.05)
        let low = ticks.first!, high = max(ticks.last!, highest)
        func y(_ value: Double) -> Double { top + plotHeight - (value - low) / (high - low) * plotHeight }
        func x(_ index: Int) -> Double { points.count == 1 ? left + plotWidth / 2 : left + Double(index) / Double(points.count - 1) * plotWidth }

        for tick in ticks {
            out += "<line class=\"chart-grid\" x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(width - right))\" y1=\"\(SVG.n(y(tick)))\" y2=\"\(SVG.n(y(tick)))\"/>"
            out += "<text class=\"chart-axis\" x=\"\(SVG.n(left - 6))\" y=\"\(SVG.n(y(tick) + 4))\" text-anchor=\"end\">\(SVG.escape(format(tick)))</text>"
        }
        for index in Self.labelled(points.count) {
            let point = points[index]
            let anchor = points.count > 1 && index == points.count - 1 ? "end" : index == 0 && points.count > 1 ? "start" : "middle"
            out += "<text class=\"chart-axis\" x=\"\(SVG.n(x(index)))\" y=\"\(SVG.n(height - bottom + 18))\" text-anchor=\"\(anchor)\">\(SVG.escape(point.label))</text>"
        }
        for (name, value, className) in [(words.baseline, baseline, "chart-baseline"), (words.target, target, "chart-target")] {
            guard let value else { continue }
            out += "<line class=\"\(className)\" x1=\"\(SVG.n(left))\" x2=\"\(SVG.n(width - right))\" y1=\"\(SVG.n(y(value)))\" y2=\"\(SVG.n(y(value)))\"/>"
            out += "<text class=\"chart-label \(className)-label\" x=\"\(SVG.n(width - right + 6))\" y=\"\(SVG.n(y(value) + (className == "chart-target" ? -2 : 12)))\">\(name) \(SVG.escape(format(value)))</text>"
        }
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

    /// Which points get a label on the time axis: at most 8, evenly spaced, always the first
    /// and the last, and never one so close to the last that their texts overlap.
    static func labelled(_ count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let every = max(1, Int((Double(count) / 8).rounded(.up)))
        var shown = Array(stride(from: 0, to: count, by: every))
        if shown.last != count - 1 {
            if let last = shown.last, last > 0, count - 1 - last < every { shown.removeLast() }
            shown.append(count - 1)
        }
        return shown
    }
}
