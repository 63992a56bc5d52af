@testable import BackboneDomain
import Foundation
import Testing

@Suite("Reporting period arithmetic")
struct PeriodArithmeticTests {
    static var calendar: Calendar { ReportingPeriod.calendar }

    @Test("start, end, shifts and containing periods agree with the Gregorian calendar for every month of 1900-2199")
    func arithmeticMatchesCalendar() {
        for year in 1900...2199 {
            for month in 1...12 {
                let period = ReportingPeriod(frequency: .monthly, year: year, index: month)!
                let first = Self.calendar.date(from: DateComponents(year: year, month: month, day: 1))!
                let last = Self.calendar.date(byAdding: .day, value: -1, to: Self.calendar.date(byAdding: .month, value: 1, to: first)!)!
                #expect(period.start == first, "\(period.key) start")
                #expect(period.end == last, "\(period.key) end")
                for frequency in Frequency.allCases {
                    #expect(period.within(frequency) == ReportingPeriod.containing(first, frequency: frequency))
                    #expect(period.within(frequency).contains(period))
                }
                let later = Self.calendar.date(byAdding: .month, value: 17, to: first)!
                if year < 2198 { #expect(period.shifted(by: 17) == ReportingPeriod.containing(later, frequency: .monthly)) }
            }
        }
        let leap = ReportingPeriod(key: "2024-02")!
        #expect(Self.calendar.component(.day, from: leap.end) == 29)
        #expect(Self.calendar.component(.day, from: ReportingPeriod(key: "1900-02")!.end) == 28, "1900 is not a leap year")
        #expect(Self.calendar.component(.day, from: ReportingPeriod(key: "2000-02")!.end) == 29, "2000 is")
    }

    @Test("quarters and years: bounds, order, shifting across years, and what they contain")
    func longerPeriods() {
        let q4 = ReportingPeriod(key: "2025-Q4")!
        #expect(q4.end == Self.calendar.date(from: DateComponents(year: 2025, month: 12, day: 31)))
        #expect(q4.shifted(by: 1).key == "2026-Q1")
        #expect(q4.shifted(by: -4).key == "2024-Q4")
        #expect(q4.subPeriods(.monthly).map(\.key) == ["2025-10", "2025-11", "2025-12"])
        #expect(ReportingPeriod(key: "2025")!.subPeriods(.quarterly).map(\.key) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])
        #expect(q4.contains(ReportingPeriod(key: "2025-11")!))
        #expect(!q4.contains(ReportingPeriod(key: "2026-01")!))
        #expect(!q4.contains(ReportingPeriod(key: "2025")!), "a year does not lie within its quarter")
        #expect(ReportingPeriod(key: "2025-12")! < ReportingPeriod(key: "2026-01")!)
        #expect(ReportingPeriod(key: "2026-01")! < ReportingPeriod(key: "2026-Q1")!, "same start: the shorter first")
    }

    @Test("keys parse back to their periods; anything else is refused")
    func keys() {
        for key in ["2026-03", "2026-12", "2026-Q1", "2026-Q4", "2026", "1900-01", "2200"] {
            #expect(ReportingPeriod(key: key)?.key == key)
        }
        #expect(ReportingPeriod(key: " 2026-q2 ")?.key == "2026-Q2", "spaces around and a small q are accepted")
        for bad in ["", "2026-13", "2026-00", "2026-Q0", "2026-Q5", "2026-1", "26-01", "2026-03x", "2026/03", "1899", "2201-01",
                    "２０２６-03", "2026-0٣", "-2026"] {
            #expect(ReportingPeriod(key: bad) == nil, "\(bad)")
        }
    }

    @Test("numbers are plain decimals: sign, digits, one point")
    func numbers() {
        for (text, value) in [("42", 42.0), ("-3.5", -3.5), ("+7", 7), (".5", 0.5), ("5.", 5), ("1 234", 1234)] {
            #expect((try? NumberInput.parse(text).get()) == value, "\(text)")
        }
        for bad in ["1,5", "1e3", "0x10", "inf", "nan", ".", "-", "1.2.3", "٣", "12a"] {
            #expect((try? NumberInput.parse(bad).get()) == nil, "\(bad)")
        }
    }
}
