import Foundation

/// Escapes text for use in HTML or SVG, in text and in attribute values alike. Pages use it too,
/// so there is one escaping rule in the product.
public func markupEscaped(_ text: String) -> String {
    SVG.escape(text)
}

/// Small helpers shared by the charts: escaping, number layout and the accessible wrapper.
enum SVG {
    /// Escapes text and attribute values; every label can hold what a person typed.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A coordinate with one decimal: enough for the screen, and stable text for tests.
    static func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return String(format: "%.1f", value)
    }

    /// The opening tag of an accessible chart: a role, a title and a description read by screen
    /// readers, and a viewBox so it scales to the width it is given (phones, print).
    static func open(id: String, width: Double, height: Double, title: String, description: String, className: String) -> String {
        let safeID = escape(id)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(escape(className))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" "
            + "aria-labelledby=\"\(safeID)-title \(safeID)-desc\" preserveAspectRatio=\"xMidYMid meet\">"
            + "<title id=\"\(safeID)-title\">\(escape(title))</title><desc id=\"\(safeID)-desc\">\(escape(description))</desc>"
    }

    /// Round tick values from at or below `low` to at or above `high`: steps of 1, 2, 2.5 or 5
    /// times a power of ten, about `count` of them.
    static func ticks(low: Double, high: Double, count: Int = 4) -> [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [low] }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-12) } ?? raw
        let first = (low / step).rounded(.down)
        var values: [Double] = []
        var index = 0.0
        repeat {
            values.append((first + index) * step)   // multiplied, not added up: no creeping error
            index += 1
        } while values.last! < high - step * 1e-9
        return values
    }
}
