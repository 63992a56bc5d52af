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

/// One additive relation of published counts: a total and the parts it is the sum of (the
/// categories of one breakdown, the partners of an initiative, the months of a quarter).
public struct DisclosureRelation<Key: Hashable & Comparable & Sendable>: Sendable {
    public var total: Double
    public var parts: [Key: Double]

    public init(total: Double, parts: [Key: Double]) {
        self.total = total
        self.parts = parts
    }

    /// The parts to hide, and whether the total must be hidden too, so that every hidden part
    /// could be anything across a range at least k wide given the total and the parts shown.
    ///
    /// Within one relation, with the total shown, each hidden part can be anything from 0 to the
    /// sum of the hidden parts (the others making up the rest), so that sum must reach k, and a
    /// lone hidden part (which the total would give away) needs a companion. The heuristic keeps
    /// as much shown as it can: it starts from the parts primary suppression hides and adds the
    /// smallest shown part (then the next smallest) until both hold; only when no part is left
    /// does it hide the total, which then protects the parts by itself.
    public func suppression(_ threshold: DisclosureThreshold) -> (parts: Set<Key>, total: Bool) {
        var hidden = Set(parts.filter { threshold.suppresses(count: $0.value) }.keys)
        let totalHidden = threshold.suppresses(count: total)
        if totalHidden || hidden.isEmpty { return (hidden, totalHidden) }
        var shown = parts.filter { !hidden.contains($0.key) }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        func protected() -> Bool { hidden.count >= 2 && hidden.reduce(0) { $0 + (parts[$1] ?? 0) } >= Double(threshold.k) }
        while !protected() {
            guard !shown.isEmpty else { return (hidden, true) }
            hidden.insert(shown.removeFirst().key)
        }
        return (hidden, false)
    }
}
