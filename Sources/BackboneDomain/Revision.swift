import Foundation

/// How many times an object edited by several people was saved, as a client read it. The client
/// sends it back so that a save based on an older read is refused (no lost update).
///
/// It comes from outside, so it is bounded where it enters: a number outside ``range`` never
/// becomes a `Revision`, and stored revisions are only ever increased in SQL (`revision + 1`),
/// so no client number reaches Swift arithmetic.
public struct Revision: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Far beyond any real count of saves of one object, and inside every database's integer.
    public static let range = 0...Int(Int32.max)
    /// What a form or request that has never seen the object sends.
    public static let none = Revision(checked: 0)

    public let value: Int

    private init(checked value: Int) { self.value = value }

    /// Nil when `value` is outside ``range``.
    public init?(_ value: Int) {
        guard Self.range.contains(value) else { return nil }
        self.value = value
    }

    /// A revision written in code (never a client's number).
    public init(integerLiteral value: Int) {
        precondition(Self.range.contains(value), "revision literal out of range")
        self.value = value
    }

    /// A revision typed in a form field: digits only, at most 10 of them. Nil for anything else.
    public init?(text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard (1...10).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else { return nil }
        self.init(number)
    }

    /// Reads a stored revision; the database only holds what `range` allows, so a value out of
    /// range means a damaged row, answered as the lowest revision (every save then conflicts).
    public init(stored value: Int) { self.value = Self.range.contains(value) ? value : 0 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let number = try? container.decode(Int.self), let revision = Revision(number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: Texts.current("error.revisionWholeNumberFrom", ["upperBound": "\(Self.range.upperBound)"])))
        }
        self = revision
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static func < (lhs: Revision, rhs: Revision) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }

    /// Reads a form's `revision` field: missing means "never saved"; anything but a revision in
    /// range is refused (field `revision`) rather than guessed.
    public static func fromForm(_ text: String?) throws -> Revision {
        guard let text, !text.isEmpty else { return .none }
        guard let revision = Revision(text: text) else {
            throw FieldErrors("revision", Texts.current("error.formDamagedReloadPage"))
        }
        return revision
    }
}
