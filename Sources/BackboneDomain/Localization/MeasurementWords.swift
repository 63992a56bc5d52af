import Foundation

extension Texts {
    /// A reporting period as readers of the language name it: "March 2026", "marzo de 2026",
    /// "Q1 2026", "T1 2026", "2026".
    public func period(_ period: ReportingPeriod) -> String {
        switch period.frequency {
        case .monthly:
            let style = Date.FormatStyle(locale: language.locale, timeZone: .gmt).month(.wide).year()
            return period.start.formatted(style)
        case .quarterly: return self("period.quarter", ["quarter": String(period.index), "year": String(period.year)])
        case .annual: return String(period.year)
        }
    }

    /// A unit in words: "count", "percent", "rate per 1,000".
    public func unit(_ unit: MeasurementUnit) -> String {
        switch unit {
        case .count: self("unit.count")
        case .percent: self("unit.percent")
        case .ratePer(let base): self("unit.ratePer", ["base": count(base)])
        case .currency(let code): code
        case .days: self("unit.days")
        case .score: self("unit.score")
        }
    }
}
