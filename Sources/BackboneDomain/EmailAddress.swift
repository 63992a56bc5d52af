import Foundation

/// An email address as we store it: trimmed and lower-cased, so that uniqueness is
/// case-insensitive on every database.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Normalizes and checks the shape (one `@`, a dot in the domain, no spaces, at most 254 characters).
    public init?(_ raw: String) {
        let normalized = raw.trimmed.lowercased()
        let parts = normalized.split(separator: "@", omittingEmptySubsequences: false)
        guard normalized.count <= 254, parts.count == 2,
              !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !normalized.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "<" || $0 == ">" })
        else { return nil }
        value = normalized
    }

    public var description: String { value }
}
