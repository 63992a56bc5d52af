import Foundation

/// A CSV file read strictly: UTF-8 (a byte-order mark is skipped), comma or semicolon
/// delimiters (whichever the header uses), quoted fields that may hold delimiters, quotes ("")
/// and line breaks, and LF or CRLF line ends. Every row must have as many fields as the header.
public struct CSVTable: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        /// The line of the file on which the row starts (the header is line 1).
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let rows: [Row]
    public let delimiter: Character

    /// A problem with the file as a whole or with one line of it.
    public struct Problem: Error, Equatable, Sendable {
        public let line: Int?
        public let message: String
    }

    public static let maximumBytes = 5 * 1024 * 1024
    /// The long format has a handful of columns (one per breakdown of the initiative); a wider
    /// header is refused before the rest of the file is read.
    public static let maximumColumns = 64

    public static func parse(_ data: Data) throws -> CSVTable {
        guard data.count <= maximumBytes else {
            throw Problem(line: nil, message: Texts.current("error.fileLargerThanMb", ["maximumBytes": "\(maximumBytes / 1024 / 1024)"]))
        }
        guard !data.contains(0) else { throw Problem(line: nil, message: Texts.current("error.notTextFileContains")) }
        guard var text = String(data: data, encoding: .utf8) else {
            throw Problem(line: nil, message: Texts.current("error.fileNotUtfText"))
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard !text.trimmed.isEmpty else { throw Problem(line: nil, message: Texts.current("error.fileEmpty")) }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let delimiter: Character = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        guard firstLine.filter({ $0 == delimiter }).count < maximumColumns else {
            throw Problem(line: 1, message: Texts.current("error.headerHasMoreThan", ["maximumColumns": "\(maximumColumns)"]))
        }
        let records = try records(in: text, delimiter: delimiter)
        guard let header = records.first else { throw Problem(line: nil, message: Texts.current("error.fileEmpty")) }
        let names = header.fields.map { $0.trimmed.lowercased() }
        var rows: [Row] = []
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }   // blank lines
            guard record.fields.count == names.count else {
                throw Problem(line: record.line, message: Texts.current("error.rowHasFieldsBut", ["fields": "\(record.fields.count)", "names": "\(names.count)"]))
            }
            rows.append(record)
        }
        return CSVTable(header: names, rows: rows, delimiter: delimiter)
    }

    private static func records(in text: String, delimiter: Character) throws -> [Row] {
        var records: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var line = 1
        var recordLine = 1
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let character = next() {
            if quoted {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
                    } else { quoted = false }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case "\"":
                throw Problem(line: line, message: Texts.current("error.quoteAppearsInsideUnquoted"))
            case delimiter:
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append(Row(line: recordLine, fields: fields))
                fields = []
                field = ""
                atFieldStart = true
                line += 1
                recordLine = line
            default:
                field.append(character)
                atFieldStart = false
            }
        }
        if quoted { throw Problem(line: recordLine, message: Texts.current("error.quotedFieldNeverClosed")) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Row(line: recordLine, fields: fields))
        }
        return records
    }

    /// The value of `column` in `row`, or "" when the file has no such column.
    public func value(_ column: String, in row: Row) -> String {
        guard let index = header.firstIndex(of: column) else { return "" }
        return row.fields[index].trimmed
    }

    /// Writes rows as CSV with commas, quoting where needed, CRLF line ends.
    public static func write(header: [String], rows: [[String]]) -> String {
        func escape(_ field: String) -> String {
            // A leading =, +, - or @ would run as a formula in a spreadsheet.
            var safe = field
            if let first = safe.first, "=+@".contains(first) || (first == "-" && Double(safe) == nil) { safe = "'" + safe }
            return safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" })
                ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
        }
        return ([header] + rows).map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
