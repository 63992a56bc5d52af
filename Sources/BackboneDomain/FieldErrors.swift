/// Validation failures keyed by the form field (or JSON property) they belong to, so that a page
/// can show each message beside its field and the API can list them.
public struct FieldErrors: Error, Equatable, Sendable {
    public private(set) var messages: [String: String] = [:]

    public init() {}
    public init(_ field: String, _ message: String) { messages[field] = message }

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
}

import Foundation
