import Foundation

/// Activities over time, one lane per strategy: a bar from each activity's first to last day
/// (an open end runs to the right edge, drawn with a fading tail). Each bar links to the
/// activity; the page lists the same in a table for screen readers and print.
public struct Timeline: Sendable {
    public struct Bar: Sendable {
        public let label: String
        public let start: Date
        /// Nil: no end set.
        public let end: Date?
        /// A class naming the bar's status, for its colour (the label says the status too).
        public let tone: String
        public let href: String

        public init(label: String, start: Date, end: Date?, tone: String, href: String) {
            self.label = label
            self.start = start
            self.end = end
            self.tone = tone
            self.href = href
        }
    }

    public struct Lane: Sendable {
        public let title: String
        public let bars: [Bar]

        public init(title: String, bars: [Bar]) {
            self.title = title
            self.bars = bars
        }
    }

    public var title: String
    public var lanes: [Lane]
    public var from: Date
    public var to: Date
    public var today: Date
    /// What the chart shows, in words, for screen readers (the page's language).
    public var summary: String
    public var words: ChartWords

    public init(title: String, summary: String, lanes: [Lane], from: Date, to: Date, today: Date, words: ChartWords = ChartWords()) {
        self.title = title
        self.summary = summary
        self.words = words
        self.lanes = lanes
        self.from = from
        self.to = to
        self.today = today
    }

    static let labelWidth = 300.0, plotWidth = 620.0, laneHead = 26.0, row = 22.0, top = 30.0

    public func svg(id: String) -> String {
        let span = max(to.timeIntervalSince(from), 86_400)
        func x(_ date: Date) -> Double {
            Self.labelWidth + min(max(date.timeIntervalSince(from) / span, 0), 1) * Self.plotWidth
        }
        let rows = lanes.reduce(0) { $0 + $1.bars.count }
        let height = Self.top + Double(lanes.count) * Self.laneHead + Double(rows) * Self.row + 10
        let width = Self.labelWidth + Self.plotWidth + 10
        // A document of its own, not an image: the bars are links and must stay reachable.
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart timeline\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" "
            + "aria-labelledby=\"\(SVG.escape(id))-title\">"
            + "<title id=\"\(SVG.escape(id))-title\">\(SVG.escape(title)). \(SVG.escape(summary))</title>"
        // A tick at the start of every year in view and a line for today.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var year = calendar.component(.year, from: from)
        while let start = calendar.date(from: DateComponents(year: year, month: 1, day: 1)), start <= to {
            if start >= from {
                out += "<line class=\"timeline-tick\" x1=\"\(SVG.n(x(start)))\" y1=\"\(SVG.n(Self.top - 8))\" x2=\"\(SVG.n(x(start)))\" y2=\"\(SVG.n(height - 6))\"/>"
                    + "<text class=\"timeline-year\" x=\"\(SVG.n(x(start) + 3))\" y=\"\(SVG.n(Self.top - 12))\">\(year)</text>"
            }
            year += 1
        }
        if today >= from && today <= to {
            out += "<line class=\"timeline-today\" x1=\"\(SVG.n(x(today)))\" y1=\"\(SVG.n(Self.top - 8))\" x2=\"\(SVG.n(x(today)))\" y2=\"\(SVG.n(height - 6))\"/>"
                + "<text class=\"timeline-today-label\" x=\"\(SVG.n(x(today) - 3))\" y=\"\(SVG.n(height - 8))\" text-anchor=\"end\">\(SVG.escape(words.today))</text>"
        }
        var y = Self.top
        for lane in lanes {
            out += "<text class=\"timeline-lane\" x=\"4\" y=\"\(SVG.n(y + 17))\">\(SVG.escape(Self.clipped(lane.title, 48)))</text>"
            y += Self.laneHead
            for bar in lane.bars {
                let x1 = x(bar.start), x2 = max(x(bar.end ?? to), x1 + 4)
                out += "<a href=\"\(SVG.escape(bar.href))\" class=\"timeline-bar \(SVG.escape(bar.tone))\">"
                    + "<text x=\"14\" y=\"\(SVG.n(y + 15))\">\(SVG.escape(Self.clipped(bar.label, 44)))</text>"
                    + "<rect x=\"\(SVG.n(x1))\" y=\"\(SVG.n(y + 4))\" width=\"\(SVG.n(x2 - x1))\" height=\"\(SVG.n(Self.row - 8))\" rx=\"3\"\(bar.end == nil ? " class=\"open-ended\"" : "")/></a>"
                y += Self.row
            }
        }
        return out + "</svg>"
    }

    static func clipped(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
