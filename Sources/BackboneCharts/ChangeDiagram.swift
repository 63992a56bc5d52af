import Foundation

/// A layered diagram, used for the theory of change and for the governance structure.
///
/// The theory of change is drawn in three columns, strategies → intermediate outcomes → results,
/// with an arrow for every "contributes to" link. Each box links to the part's entry in the text
/// outline beside it, which says the same in words (for screen readers and print).
public struct ChangeDiagram: Sendable {
    public struct Node: Sendable {
        public let id: String
        public let title: String
        public let href: String

        public init(id: String, title: String, href: String) {
            self.id = id
            self.title = title
            self.href = href
        }
    }

    public var title: String
    public var columnTitles: [String]
    /// The nodes of each column, top to bottom.
    public var columns: [[Node]]
    public var links: [(from: String, to: String)]
    /// What the accessible title adds after the title; by default a count of parts and links.
    /// What the diagram shows, in words, for screen readers (the page's language).
    public var summary: String

    public init(title: String, columnTitles: [String], columns: [[Node]], links: [(from: String, to: String)], summary: String) {
        self.summary = summary
        self.title = title
        self.columnTitles = columnTitles
        self.columns = columns
        self.links = links
    }

    static let boxWidth = 250.0, gap = 105.0, lineHeight = 16.0, charactersPerLine = 30, top = 40.0

    /// A title broken into lines of about `charactersPerLine`, at most three (the outline has it whole).
    static func lines(_ text: String) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + word.count + 1 > charactersPerLine {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > 3 { lines = Array(lines.prefix(3)); lines[2] += "…" }
        return lines
    }

    public func svg(id: String) -> String {
        let width = Double(columns.count) * Self.boxWidth + Double(columns.count - 1) * Self.gap + 20
        var frames: [String: (x: Double, y: Double, height: Double)] = [:]
        func boxHeight(_ node: Node) -> Double { 16 + Double(Self.lines(node.title).count) * Self.lineHeight }
        let columnHeights = columns.map { $0.reduce(0) { $0 + boxHeight($1) + 14 } }
        let tallest = columnHeights.max() ?? 0
        for (index, column) in columns.enumerated() {
            // Shorter columns sit in the middle of the tallest, so arrows fan out evenly.
            var y = Self.top + (tallest - columnHeights[index]) / 2
            let x = 10 + Double(index) * (Self.boxWidth + Self.gap)
            for node in column {
                let height = boxHeight(node)
                frames[node.id] = (x, y, height)
                y += height + 14
            }
        }
        let height = max(Self.top + tallest + 10, 120)
        let description = summary
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart change-diagram\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" "
            + "aria-labelledby=\"\(SVG.escape(id))-title\">"
            + "<title id=\"\(SVG.escape(id))-title\">\(SVG.escape(title)). \(SVG.escape(description))</title>"
            + "<defs><marker id=\"\(SVG.escape(id))-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
            + "<path d=\"M0 0L10 5L0 10z\" class=\"change-arrow\"/></marker></defs>"
        for (index, heading) in columnTitles.enumerated() {
            let x = 10 + Double(index) * (Self.boxWidth + Self.gap)
            out += "<text class=\"change-column\" x=\"\(SVG.n(x))\" y=\"20\">\(SVG.escape(heading))</text>"
        }
        for link in links {
            guard let a = frames[link.from], let b = frames[link.to] else { continue }
            let y1 = a.y + a.height / 2, y2 = b.y + b.height / 2
            let path: String
            if abs(a.x - b.x) < 1 {
                // Within one column (an outcome feeding another): a loop out to the right.
                let x = a.x + Self.boxWidth
                path = "M\(SVG.n(x)) \(SVG.n(y1)) C\(SVG.n(x + 45)) \(SVG.n(y1)) \(SVG.n(x + 45)) \(SVG.n(y2)) \(SVG.n(x + 2)) \(SVG.n(y2))"
            } else {
                let x1 = a.x + Self.boxWidth, x2 = b.x - 2, middle = (x1 + x2) / 2
                path = "M\(SVG.n(x1)) \(SVG.n(y1)) C\(SVG.n(middle)) \(SVG.n(y1)) \(SVG.n(middle)) \(SVG.n(y2)) \(SVG.n(x2)) \(SVG.n(y2))"
            }
            out += "<path class=\"change-link\" d=\"\(path)\" marker-end=\"url(#\(SVG.escape(id))-arrow)\"/>"
        }
        for (index, column) in columns.enumerated() {
            for node in column {
                guard let frame = frames[node.id] else { continue }
                out += "<a href=\"\(SVG.escape(node.href))\" class=\"change-node change-node-\(index)\">"
                    + "<rect x=\"\(SVG.n(frame.x))\" y=\"\(SVG.n(frame.y))\" width=\"\(SVG.n(Self.boxWidth))\" height=\"\(SVG.n(frame.height))\" rx=\"8\"/>"
                for (line, text) in Self.lines(node.title).enumerated() {
                    out += "<text x=\"\(SVG.n(frame.x + 10))\" y=\"\(SVG.n(frame.y + 20 + Double(line) * Self.lineHeight))\">\(SVG.escape(text))</text>"
                }
                out += "</a>"
            }
        }
        return out + "</svg>"
    }
}
