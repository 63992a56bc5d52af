import Foundation

/// A word-sized line of recent figures, for tables; the numbers themselves stand beside it.
public struct Sparkline: Sendable {
    public var label: String
    public var values: [Double?]
    public var width: Double = 120
    public var height: Double = 28

    public init(label: String, values: [Double?]) {
        self.label = label
        self.values = values
    }

    public func svg() -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart sparkline\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" role=\"img\" aria-label=\"\(SVG.escape(label))\">"
        let known = values.compactMap { $0 }
        guard let low = known.min(), let high = known.max(), values.count > 1 else { return out + "</svg>" }
        let span = high - low
        var path = ""
        var drawing = false
        for (index, value) in values.enumerated() {
            guard let value else { drawing = false; continue }
            let x = 2 + Double(index) / Double(values.count - 1) * (width - 4)
            let y = span == 0 ? height / 2 : height - 3 - (value - low) / span * (height - 6)
            path += "\(drawing ? "L" : "M")\(SVG.n(x)) \(SVG.n(y)) "
            drawing = true
        }
        if !path.isEmpty { out += "<path class=\"chart-series\" d=\"\(path.trimmingCharacters(in: .whitespaces))\"/>" }
        return out + "</svg>"
    }
}

/// Horizontal bars, one per category, each labelled with its figure.
public struct BarChart: Sendable {
    public struct Bar: Equatable, Sendable {
        public var label: String
        public var value: Double?

        public init(label: String, value: Double?) {
            self.label = label
            self.value = value
        }
    }

    public var title: String
    public var description: String
    public var bars: [Bar]
    public var format: @Sendable (Double) -> String
    public var words: ChartWords
    public var width: Double = 640
    /// The value a full bar stands for (5 on a 1–5 scale); the largest bar's value when nil.
    public var scaleMaximum: Double?

    public init(title: String, description: String, bars: [Bar], words: ChartWords = ChartWords(), format: @escaping @Sendable (Double) -> String) {
        self.words = words
        self.title = title
        self.description = description
        self.bars = bars
        self.format = format
    }

    public func svg(id: String) -> String {
        let labelWidth = 200.0, valueWidth = 90.0, lineHeight = 14.0
        // A long category wraps onto as many lines as it needs (its full name is also its tooltip).
        let wrapped = bars.map { Self.lines($0.label, width: Int((labelWidth - 12) / LineChart.characterWidth)) }
        let rows = wrapped.map { max(28, Double($0.count) * lineHeight + 14) }
        let height = max(28, rows.reduce(0, +)) + 8
        var out = SVG.open(id: id, width: width, height: height, title: title, description: description, className: "chart chart-bar")
        let largest = scaleMaximum ?? bars.compactMap(\.value).map(abs).max() ?? 0
        let room = width - labelWidth - valueWidth
        var y = 4.0
        for (index, bar) in bars.enumerated() {
            let row = rows[index], middle = y + row / 2
            let firstLine = middle - Double(wrapped[index].count - 1) * lineHeight / 2 + 4
            out += "<text class=\"chart-axis\" text-anchor=\"end\"><title>\(SVG.escape(bar.label))</title>"
            for (number, line) in wrapped[index].enumerated() {
                out += "<tspan x=\"\(SVG.n(labelWidth - 8))\" y=\"\(SVG.n(firstLine + Double(number) * lineHeight))\">\(SVG.escape(line))</tspan>"
            }
            out += "</text>"
            if let value = bar.value {
                let length = largest > 0 ? abs(value) / largest * room : 0
                out += "<rect class=\"chart-bar-fill\" x=\"\(SVG.n(labelWidth))\" y=\"\(SVG.n(middle - 9))\" width=\"\(SVG.n(max(length, 1)))\" height=\"18\"/>"
                out += "<text class=\"chart-value\" x=\"\(SVG.n(labelWidth + length + 6))\" y=\"\(SVG.n(middle + 4))\">\(SVG.escape(format(value)))</text>"
            } else {
                out += "<text class=\"chart-value chart-missing\" x=\"\(SVG.n(labelWidth + 6))\" y=\"\(SVG.n(middle + 4))\">\(SVG.escape(words.noFigure))</text>"
            }
            y += row
        }
        return out + "</svg>"
    }

    /// Words of `text` in lines of at most `width` characters; a word longer than a line is
    /// split across lines.
    static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            while word.count > width {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if current.isEmpty { current = word } else if current.count + 1 + word.count <= width { current += " " + word } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}

/// How far the latest figure has come from the baseline towards the target.
public struct ProgressBar: Sendable {
    public var label: String
    /// Share of the way from baseline to target, 0 to 1; nil when there is no figure or target.
    public var fraction: Double?
    public var width: Double = 160
    public var height: Double = 12

    public init(label: String, baseline: Double, target: Double, latest: Double?) {
        self.label = label
        if let latest, target != baseline {
            fraction = min(1, max(0, (latest - baseline) / (target - baseline)))
        } else {
            fraction = nil
        }
    }

    public func svg() -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart progress-bar\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" role=\"img\" aria-label=\"\(SVG.escape(label))\">"
        out += "<rect class=\"progress-track\" x=\"0\" y=\"0\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(height))\" rx=\"6\"/>"
        if let fraction, fraction > 0 {
            out += "<rect class=\"progress-fill\" x=\"0\" y=\"0\" width=\"\(SVG.n(max(height, fraction * width)))\" height=\"\(SVG.n(height))\" rx=\"6\"/>"
        }
        return out + "</svg>"
    }
}
