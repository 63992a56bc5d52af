import Foundation

/// One field of an exported CSV file.
public enum CSVCell: Equatable, Sendable {
    case text(String)
    /// Absent figures are empty fields, never zero.
    case number(Double?)
}

/// CSV files people open in spreadsheets: UTF-8 with a byte order mark (so Excel reads accents),
/// CRLF line ends, fields quoted when they hold commas, quotes or line breaks, and text that a
/// spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) made
/// inert by a leading apostrophe. Numbers are written as numbers, with a dot for decimals.
public enum CSVExport {
    public static let byteOrderMark = "\u{FEFF}"

    public static func document(header: [String], rows: [[CSVCell]]) -> String {
        var lines = [header.map { field(.text($0)) }.joined(separator: ",")]
        lines.reserveCapacity(rows.count + 1)
        for row in rows { lines.append(row.map(field).joined(separator: ",")) }
        return byteOrderMark + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ cell: CSVCell) -> String {
        switch cell {
        case .number(nil): return ""
        case .number(let value?):
            guard value.isFinite else { return "" }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .text(var text):
            if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}
