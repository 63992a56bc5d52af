import Foundation

/// Numbers as people type them in forms and CSV files.
public enum NumberInput {
    public struct Problem: Error, Equatable, Sendable { public let message: String }

    /// Empty means "not entered". Digits with an optional sign and decimal point; thousands
    /// separators are refused rather than guessed (1,5 is one and a half in many places).
    /// The four parts of a figure (`value`, `numerator`, `denominator`, `weight`), read by name;
    /// problems are keyed by part.
    public static let figureParts = ["value", "numerator", "denominator", "weight"]

    public static func figure(_ text: (String) -> String) -> (entry: ValueEntry, problems: [String: String]) {
        var entry = ValueEntry()
        var problems: [String: String] = [:]
        for part in figureParts {
            switch parse(text(part)) {
            case .success(let number):
                switch part {
                case "value": entry.value = number
                case "numerator": entry.numerator = number
                case "denominator": entry.denominator = number
                default: entry.weight = number
                }
            case .failure(let problem): problems[part] = problem.message
            }
        }
        return (entry, problems)
    }

    public static func parse(_ raw: String) -> Result<Double?, Problem> {
        let text = raw.trimmed.replacingOccurrences(of: " ", with: "")
        if text.isEmpty { return .success(nil) }
        guard isPlainDecimal(text), let value = Double(text), value.isFinite else {
            return .failure(Problem(message: text.contains(",")
                ? Texts.current("error.writeNumberWithoutCommas")
                : Texts.current("error.enterNumberSuch")))
        }
        return .success(value)
    }

    /// An optional sign, digits and at most one decimal point (no exponent, no hex, no
    /// "inf"), checked by hand: imports check hundreds of thousands of cells.
    static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var digits = 0
        var points = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): points += 1
            default: return false
            }
        }
        return digits > 0 && points <= 1
    }
}
