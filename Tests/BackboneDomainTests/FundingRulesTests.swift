@testable import BackboneDomain
import Foundation
import Testing

@Suite("Funding: exact money, pro-rating by day, the aligned-funding map")
struct FundingRulesTests {
    let usd = Currency(code: "USD")!
    let eur = Currency(code: "eur")!
    let jpy = Currency(code: "JPY")!

    func day(_ key: String) -> CalendarDay { CalendarDay(key: key)! }

    @Test("amounts are read digit by digit into minor units; anything else is refused")
    func parsing() {
        #expect(Money.parse("12,500.50", currency: usd) == Money(1_250_050, usd))
        #expect(Money.parse("12 500", currency: usd) == Money(1_250_000, usd))
        #expect(Money.parse("0.1", currency: usd) == Money(10, usd))
        #expect(Money.parse("5000", currency: jpy) == Money(5000, jpy))
        #expect(Money.parse("0.07", currency: usd)?.minorUnits == 7, "no floating point: 0.07 is 7 cents, not 6.999…")
        for bad in ["", "-5", "1.234", "1.", ".5", "1e6", "NaN", "inf", "12.5.0", "abc", "١٢", "10000000000000.01", "99999999999999999999999"] {
            #expect(Money.parse(bad, currency: usd) == nil, "\(bad) is refused")
        }
        #expect(Money.parse("5.5", currency: jpy) == nil, "yen have no minor unit")
        #expect(Money.parse("10000000000000", currency: usd) == Money(Money.maximumMinorUnits, usd), "the maximum itself is accepted")
        #expect(Currency(code: "XYZ") == nil && Currency(code: "") == nil && Currency(code: "US") == nil)
        #expect(Money(1_250_050, usd).plain == "12500.50" && Money(7, usd).plain == "0.07" && Money(5000, jpy).plain == "5000")
    }

    @Test("the examples of docs/funding.md: a year across two calendar years, a leap year, a single day")
    func documentedExamples() {
        let grant = ProRating.byYear(Money(10_000_000, usd), from: day("2026-07-01"), to: day("2027-06-30"))
        #expect(grant == [2026: Money(5_041_096, usd), 2027: Money(4_958_904, usd)])
        // 2027-07-01 … 2029-06-30 is 731 days (2028 is a leap year): 184 + 366 + 181.
        let three = ProRating.byYear(Money(731_000, usd), from: day("2027-07-01"), to: day("2029-06-30"))
        #expect(three == [2027: Money(184_000, usd), 2028: Money(366_000, usd), 2029: Money(181_000, usd)])
        #expect(ProRating.byYear(Money(999, jpy), from: day("2026-12-31"), to: day("2026-12-31")) == [2026: Money(999, jpy)])
        // 1 cent over two years: the remainder goes to the year with more days.
        #expect(ProRating.byYear(Money(1, usd), from: day("2026-12-31"), to: day("2027-01-02")) == [2026: Money(0, usd), 2027: Money(1, usd)])
        #expect(ProRating.percent(2_999, of: 10_000) == 29 && ProRating.percent(Money.maximumMinorUnits, of: 1) == Money.maximumMinorUnits * 100)
    }

    @Test("property: the years' shares always add up to the amount, each within one minor unit of its exact proportion")
    func proRatingProperty() {
        var random = SeededRandom(seed: 20)
        for _ in 0..<2_000 {
            let start = day("2000-01-01").adding(days: Int.random(in: 0...20_000, using: &random))
            let length = Int.random(in: 0...(random.next() % 4 == 0 ? FundingLimits.longestSpanDays - 1 : 1_500), using: &random)
            let end = start.adding(days: length)
            let units = random.next() % 5 == 0 ? Money.maximumMinorUnits : Int64.random(in: 0...Money.maximumMinorUnits, using: &random)
            let shares = ProRating.byYear(Money(units, usd), from: start, to: end)
            #expect(shares.values.reduce(0) { $0 + $1.minorUnits } == units)
            #expect(Set(shares.keys) == Set(start.year...end.year))
            let total = Double(ProRating.days(from: start, to: end))
            for (year, share) in shares {
                let first = max(start, day(String(format: "%04d-01-01", year))), last = min(end, day(String(format: "%04d-12-31", year)))
                let exact = Double(units) * Double(ProRating.days(from: first, to: last)) / total
                #expect(abs(Double(share.minorUnits) - exact) <= 1 + exact * 1e-12, "year \(year) of \(start)…\(end)")
            }
        }
    }

    @Test("property: totals per currency equal the sums of each currency's amounts; currencies are never mixed")
    func totalsProperty() {
        var random = SeededRandom(seed: 7)
        let currencies = [usd, eur, jpy]
        for _ in 0..<300 {
            let amounts = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                Money(Int64.random(in: 0...Money.maximumMinorUnits, using: &random), currencies.randomElement(using: &random)!)
            }
            let totals = MoneyTotals(amounts)
            for currency in currencies {
                #expect(totals.amount(in: currency).minorUnits == amounts.filter { $0.currency == currency }.reduce(0) { $0 + $1.minorUnits })
            }
            #expect(totals.amounts.allSatisfy { $0.minorUnits > 0 } && Set(totals.amounts.map(\.currency)).count == totals.amounts.count)
        }
    }

    @Test("the map: secured shares per strategy and funder, pledges apart, a gap under the threshold, the backbone's coverage")
    func map() {
        let reading = UUID(), summer = UUID(), idle = UUID(), foundation = UUID(), county = UUID()
        let commitments = [
            MappedCommitment(funderID: foundation, status: .committed, amount: Money(20_000_000, usd), first: day("2026-01-01"), last: day("2027-12-31"), target: .strategy(reading)),
            MappedCommitment(funderID: county, status: .received, amount: Money(3_000_000, usd), first: day("2026-01-01"), last: day("2026-12-31"), target: .strategy(summer)),
            MappedCommitment(funderID: county, status: .pledged, amount: Money(9_000_000, usd), first: day("2026-01-01"), last: day("2026-12-31"), target: .strategy(summer)),
            MappedCommitment(funderID: county, status: .prospect, amount: Money(50_000_000, usd), first: day("2026-01-01"), last: day("2026-12-31"), target: .strategy(summer)),
            MappedCommitment(funderID: foundation, status: .committed, amount: Money(100_000, eur), first: day("2026-01-01"), last: day("2026-12-31"), target: .strategy(summer)),
            MappedCommitment(funderID: foundation, status: .committed, amount: Money(15_000_000, usd), first: day("2026-01-01"), last: day("2026-12-31"), target: .backbone),
            MappedCommitment(funderID: county, status: .ended, amount: Money(1_000_000, usd), first: day("2025-01-01"), last: day("2025-12-31"), target: .backbone),
            MappedCommitment(funderID: county, status: .committed, amount: Money(500_000, usd), first: day("2026-01-01"), last: day("2026-12-31"), target: .elsewhere),
        ]
        let map = FundingMap(year: 2026, commitments: commitments,
                             strategies: [(reading, "Reading", true), (summer, "Summer", true), (idle, "Idle", false)],
                             needs: [.strategy(reading): Money(12_000_000, usd), .strategy(summer): Money(10_000_000, usd), .backbone: Money(20_000_000, usd)],
                             gapPercent: 50, funderOrder: { $0 == foundation && $1 != foundation })
        let lines = Dictionary(uniqueKeysWithValues: map.strategies.map { ($0.strategyID, $0) })
        #expect(lines[reading]?.secured.amounts == [Money(10_000_000, usd)], "half of a two-year grant falls in 2026")
        #expect(lines[reading]?.fundedPercent == 83 && lines[reading]?.isGap == false)
        #expect(lines[summer]?.secured.amounts == [Money(100_000, eur), Money(3_000_000, usd)], "currencies stay apart")
        #expect(lines[summer]?.fundedPercent == 30 && lines[summer]?.isGap == true, "euros are not counted against a need in dollars")
        #expect(lines[summer]?.pledged.amounts == [Money(9_000_000, usd)], "a pledge is shown, never counted; a prospect is left out")
        #expect(lines[idle]?.isGap == false && lines[idle]?.needMissing == false, "no activities: no gap")
        #expect(map.backbone.percent == 75 && map.backbone.secured.amounts == [Money(15_000_000, usd)], "2025's ended support is not 2026's")
        #expect(map.funders == [foundation, county])
        #expect(map.total.amounts == [Money(100_000, eur), Money(28_500_000, usd)])
        #expect(map.elsewhere[county]?.amounts == [Money(500_000, usd)])
        let atThreshold = FundingMap(year: 2026, commitments: commitments, strategies: [(summer, "Summer", true)],
                                     needs: [.strategy(summer): Money(6_000_000, usd)], gapPercent: 50, funderOrder: { _, _ in false })
        #expect(atThreshold.strategies[0].fundedPercent == 50 && !atThreshold.strategies[0].isGap, "exactly the threshold is not a gap")
    }

    @Test("commitments still running that end within 90 days are due for renewal")
    func renewal() {
        let today = day("2026-12-01")
        #expect(RenewalWindow.endsSoon(status: .committed, last: today, today: today))
        #expect(RenewalWindow.endsSoon(status: .received, last: today.adding(days: 90), today: today))
        #expect(!RenewalWindow.endsSoon(status: .committed, last: today.adding(days: 91), today: today))
        #expect(!RenewalWindow.endsSoon(status: .committed, last: today.adding(days: -1), today: today))
        #expect(!RenewalWindow.endsSoon(status: .ended, last: today.adding(days: 10), today: today))
        #expect(!RenewalWindow.endsSoon(status: .prospect, last: today.adding(days: 10), today: today))
    }

    @Test("bad terms: every problem at once, under its field")
    func badTerms() {
        let terms = CommitmentTerms(title: " ", kind: "loan", status: "maybe", currency: "USD", amount: "-100", startsOn: "2026-12-01",
                                    endsOn: "2026-11-30", restriction: "nowhere", note: "")
        #expect(throws: FieldErrors.self) { try terms.checked() }
        var errors: [String: String] = [:]
        do { _ = try terms.checked() } catch let problems as FieldErrors { errors = problems.messages } catch {}
        #expect(Set(errors.keys) == ["title", "kind", "status", "amount", "endsOn", "restriction"])
        let long = CommitmentTerms(title: "Grant", kind: "grant", status: "committed", currency: "USD", amount: "1", startsOn: "2026-01-01",
                                   endsOn: "2080-01-01", restriction: "unrestricted", note: "")
        #expect(throws: FieldErrors.self) { try long.checked() }
        let good = CommitmentTerms(title: " Grant ", kind: "in_kind", status: "pledged", currency: "eur", amount: "1,000.5", startsOn: "2026-01-01",
                                   endsOn: "2026-01-01", restriction: "strategy", note: "")
        #expect((try? good.checked())?.amount == Money(100_050, eur))
        #expect((try? good.checked())?.title == "Grant")
    }
}
