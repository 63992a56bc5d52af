import Foundation

/// Statistical disclosure control for public figures: counts about few people are not shown,
/// and enough other cells are hidden with them that no hidden count can be worked out from what
/// is shown. The threshold `k` is the smallest count that may be published (default 11, as
/// public health agencies suppress 1–10).
public struct DisclosureThreshold: Equatable, Sendable {
    public static let minimum = 3
    public static let standard = DisclosureThreshold(checked: 11)

    public let k: Int

    private init(checked k: Int) { self.k = k }

    /// Nil below the minimum of 3 (a threshold of 1 or 2 protects no one) or beyond a million.
    public init?(_ k: Int) {
        guard (Self.minimum...1_000_000).contains(k) else { return nil }
        self.k = k
    }

    /// Primary suppression of a count: from 1 to k−1 people is too few to show; zero may be shown.
    public func suppresses(count: Double) -> Bool {
        count > 0 && count < Double(k)
    }

    /// Primary suppression of a ratio: its denominator is below k, or its numerator or its
    /// complement (denominator − numerator) is a count from 1 to k−1. A ratio shown this way
    /// reveals neither how many nor how many not.
    public func suppresses(numerator: Double, denominator: Double) -> Bool {
        denominator < Double(k) || suppresses(count: numerator) || suppresses(count: denominator - numerator)
    }
}
