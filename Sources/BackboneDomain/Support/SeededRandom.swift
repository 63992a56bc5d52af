import Foundation

/// A small, fast random source with a seed (SplitMix64), so that generated demo data and
/// property tests are the same on every run and every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Date {
    /// A calendar day written as YYYY-MM-DD (as date inputs send it), at midnight UTC; nil for
    /// anything else, including days that do not exist.
    public static func utcDay(_ text: String) -> Date? {
        guard let match = text.trimmed.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/),
              let year = Int(match.1), let month = Int(match.2), let day = Int(match.3) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: ReportingPeriod.calendar) else { return nil }
        return ReportingPeriod.calendar.date(from: components)
    }

    /// A moment given in UTC calendar terms.
    public static func utc(_ year: Int, _ month: Int, _ day: Int, hour: Int = 0) -> Date {
        ReportingPeriod.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    }
}
