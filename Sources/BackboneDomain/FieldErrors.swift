/// Validation failures keyed by the form field (or JSON property) they belong to, so that a page
/// can show each message beside its field and the API can list them.
public struct FieldErrors: Error, Equatable, Sendable {
    public private(set) var messages: [String: String] = [:]
    /// The input is valid but collides with existing data (a taken name or address); the API
    /// answers 409 instead of 422.
    public private(set) var isConflict = false

    public init() {}
    public init(_ field: String, _ message: String) { messages[field] = message }

    /// A value that must be unique is already taken.
    public static func conflict(_ field: String, _ message: String) -> FieldErrors {
        var errors = FieldErrors(field, message)
        errors.isConflict = true
        return errors
    }

    public var isEmpty: Bool { messages.isEmpty }
    public subscript(field: String) -> String? { messages[field] }

    /// Records the first problem found for a field; later ones would only repeat the point.
    public mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { messages[field] = message }
    }

    /// Throws `self` when any field failed.
    public func throwIfAny() throws {
        if !isEmpty { throw self }
    }
}

extension String {
    /// The value with surrounding white space removed; forms send what people paste.
    public var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Control characters other than line breaks and tabs: nothing a person types, and nothing a
    /// page or an email can show.
    public var containsUnshowableCharacters: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }
    }
}

import Foundation

extension FieldErrors {
    /// Refuses text holding a NUL character, which no database column can store (PostgreSQL
    /// refuses it outright): the person hears which field, instead of the save failing.
    public mutating func refuseNUL(_ values: [String: String]) {
        for (field, value) in values.sorted(by: { $0.key < $1.key }) where value.unicodeScalars.contains("\u{0}") {
            add(field, Texts.current("error.nulCharacter"))
        }
    }
}
