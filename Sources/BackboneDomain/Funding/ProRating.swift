import Foundation

/// Spreads a commitment's amount over the calendar years its days cover, in proportion to the
/// days in each year (both the first and the last day count). Exact: each year gets the whole
/// minor units of its share, and the units left over by rounding down go one each to the years
/// with the largest remainders (the earlier year first on a tie), so the shares always add up
/// to the amount. Products are taken in 128 bits, so no amount or span can overflow.
///
/// A grant of 100,000.00 from 2026-07-01 to 2027-06-30 covers 365 days: 184 in 2026 and 181 in
/// 2027. 10,000,000 cents × 184 / 365 = 5,041,095.89 and × 181 / 365 = 4,958,904.11: rounded down
/// they leave one cent over, which goes to 2026 (.89 is the larger remainder), so 2026 gets
/// 50,410.96 and 2027 gets 49,589.04. docs/funding.md gives the same examples; tests check them.
public enum ProRating {
    /// The amount's share in each year the span touches.
    public static func byYear(_ amount: Money, from first: CalendarDay, to last: CalendarDay) -> [Int: Money] {
        guard first <= last else { return [:] }
        let total = days(from: first, to: last)
        var shares: [(year: Int, units: Int64, remainder: Int64)] = []
        for year in first.year...last.year {
            let start = max(first, CalendarDay(year: year, month: 1, day: 1))
            let end = min(last, CalendarDay(year: year, month: 12, day: 31))
            let (units, remainder) = proportion(amount.minorUnits, times: days(from: start, to: end), over: total)
            shares.append((year, units, remainder))
        }
        var leftover = amount.minorUnits - shares.reduce(0) { $0 + $1.units }
        for index in shares.indices.sorted(by: { (shares[$0].remainder, -$0) > (shares[$1].remainder, -$1) }) where leftover > 0 {
            shares[index].units += 1
            leftover -= 1
        }
        return Dictionary(uniqueKeysWithValues: shares.map { ($0.year, Money($0.units, amount.currency)) })
    }

    /// The share in one year (zero when the span does not touch it).
    public static func share(_ amount: Money, from first: CalendarDay, to last: CalendarDay, in year: Int) -> Money {
        byYear(amount, from: first, to: last)[year] ?? Money(0, amount.currency)
    }

    /// Days from `first` to `last`, both included.
    public static func days(from first: CalendarDay, to last: CalendarDay) -> Int64 {
        Int64((last.start.timeIntervalSince(first.start) / 86_400).rounded()) + 1
    }

    /// `value × numerator / denominator` rounded down, with its remainder, in 128 bits.
    static func proportion(_ value: Int64, times numerator: Int64, over denominator: Int64) -> (Int64, Int64) {
        let product = value.multipliedFullWidth(by: numerator)
        let (quotient, remainder) = denominator.dividingFullWidth(product)
        return (quotient, remainder)
    }

    /// `part × 100 / whole` rounded down: the funded share of a need, in whole percent.
    public static func percent(_ part: Int64, of whole: Int64) -> Int64 {
        guard whole > 0 else { return 0 }
        return proportion(part, times: 100, over: whole).0
    }
}

extension CalendarDay {
    /// A day from its parts; the parts must name a real day (used with January 1 and December 31).
    init(year: Int, month: Int, day: Int) {
        self.init(containing: ReportingPeriod.midnight(year: year, month: month, day: day))
    }

    /// The day `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(containing: start.addingTimeInterval(TimeInterval(days) * 86_400))
    }
}
