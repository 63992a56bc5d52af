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

    /// A period for a chart's axis: "Mar 26", "mar 26", "Q1 26", "T1 26", "2026".
    public func shortPeriod(_ period: ReportingPeriod) -> String {
        let year = String(format: "%02d", period.year % 100)
        switch period.frequency {
        case .monthly:
            let month = period.start.formatted(Date.FormatStyle(locale: language.locale, timeZone: .gmt).month(.abbreviated))
            return "\(month.trimmingCharacters(in: CharacterSet(charactersIn: "."))) \(year)"
        case .quarterly: return self("period.quarter", ["quarter": String(period.index), "year": year])
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

    /// How often an indicator is reported: "Monthly", "Mensual".
    public func frequency(_ frequency: Frequency) -> String { self("frequency.\(frequency.rawValue)") }

    /// How partners' figures combine: "Sum", "Ratio (numerators and denominators add)".
    public func rule(_ rule: AggregationRule) -> String { self("rule.\(rule.rawValue)") }

    public func polarity(_ polarity: Polarity) -> String { self("polarity.\(polarity.rawValue)") }

    /// Who reports an indicator: the partners, or the backbone for the whole population.
    public func scope(_ scope: ReportingScope) -> String { self("scope.\(scope.rawValue)") }

    /// A calendar day stored as "2026-03-01" (a term, a due day), as the language writes it;
    /// the stored text itself when it is not a day.
    public func day(key: String) -> String {
        CalendarDay(key: key).map { day($0.start, in: .gmt) } ?? key
    }

    /// A figure, or a dash for none.
    public func number(_ value: Double?) -> String { value.map { number($0) } ?? "—" }
}
