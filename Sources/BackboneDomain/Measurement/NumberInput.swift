import Foundation

/// Numbers as people type them in forms and CSV files.
public enum NumberInput {
    public struct Problem: Error, Equatable, Sendable { public let message: String }

    /// Empty means "not entered". Digits with an optional sign and decimal point; thousands
    /// separators are refused rather than guessed (1,5 is one and a half in many places).
    public static func parse(_ raw: String) -> Result<Double?, Problem> {
        let text = raw.trimmed.replacingOccurrences(of: " ", with: "")
        if text.isEmpty { return .success(nil) }
        guard text.wholeMatch(of: /[-+]?(\d+\.?\d*|\.\d+)/) != nil, let value = Double(text), value.isFinite else {
            return .failure(Problem(message: text.contains(",")
                ? "Write the number without commas, with a point for decimals (1234.5)."
                : "Enter a number, such as 42 or 3.5."))
        }
        return .success(value)
    }
}
