import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// An indicator's figures from the stored aggregates: the initiative's series over time, one
/// period (the latest, or the one chosen) broken down by each dimension, and by partner for those
/// allowed to compare.
struct IndicatorResults {
    struct Row {
        let period: ReportingPeriod
        let version: Int
        let value: Double?
        let partners: Int
        let provisional: Bool
        let breakBefore: Bool
    }

    let indicatorName: String
    let unit: MeasurementUnit
    let rows: [Row]
    let latest: Row?
    /// The period broken down below the chart: the one asked for, or the latest.
    let shown: Row?
    /// Every period with a figure, newest first: what the period chooser offers.
    let periods: [ReportingPeriod]
    let exportPath: String
    let breakdowns: [(dimension: DisaggregationDimension, values: [String: Double?])]
    /// Partner names with their latest-period figure; empty when the viewer may not compare.
    let partners: [(name: String, value: Double?, provisional: Bool)]
    let assignedPartners: Int
    let target: TargetModel?
    /// The forecast and compared scenarios drawn after the history, when the page shows them.
    let outlook: IndicatorOutlookView?

    /// - Parameters:
    ///   - series: the initiative's total rows at the indicator's frequency, any order.
    ///   - shownPeriod: every row of the period broken down (all cells, initiative and partners).
    init(indicator: IndicatorModel, unit: MeasurementUnit, series: [RollupModel], shownPeriod: [RollupModel],
         dimensions: [DisaggregationDimension], partnerNames: [UUID: String], assignedPartners: Int, target: TargetModel?, exportPath: String,
         outlook: IndicatorOutlookView? = nil) {
        self.outlook = outlook
        indicatorName = indicator.shownName
        self.unit = unit
        self.exportPath = exportPath
        let perPeriod = RollupModel.newestVersionPerPeriod(series)
        periods = perPeriod.filter { $0.value != nil }.compactMap(\.period).reversed()
        var rows: [Row] = []
        for model in perPeriod.suffix(24) {
            let versionsInPeriod = Set(series.filter { $0.periodKey == model.periodKey }.map(\.version))
            rows.append(Row(period: model.period!, version: model.version, value: model.value, partners: model.sources,
                            provisional: model.provisionalSources > 0,
                            breakBefore: versionsInPeriod.count > 1 || (rows.last.map { $0.version != model.version } ?? false)))
        }
        self.rows = rows
        let latest = rows.last { $0.value != nil }
        self.latest = latest
        let shownKey = shownPeriod.first?.periodKey
        let shown = perPeriod.last { $0.periodKey == shownKey && $0.value != nil }
            .map { Row(period: $0.period!, version: $0.version, value: $0.value, partners: $0.sources, provisional: $0.provisionalSources > 0, breakBefore: false) }
        self.shown = shown
        let totals = shownPeriod.filter { $0.organizationID == nil && $0.version == shown?.version }
        breakdowns = dimensions.compactMap { dimension in
            let cells = totals.filter { $0.dimensionKey == dimension.key }
            guard !cells.isEmpty else { return nil }
            return (dimension, Dictionary(cells.map { ($0.categoryKey, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
        partners = shownPeriod.filter { $0.organizationID != nil && $0.dimensionKey.isEmpty && $0.version == shown?.version }
            .compactMap { row in partnerNames[row.organizationID!].map { ($0, row.value, row.provisionalSources > 0) } }
            .sorted { $0.name < $1.name }
        self.assignedPartners = assignedPartners
        self.target = target
    }

    func render(showPartners: Bool) -> Node<HTML.BodyContext> {
        let t = Texts.current
        let format: @Sendable (Double) -> String = { [unit] in t.number($0) + (unit == .percent ? "%" : "") }
        // A forecast continues from its latest figure: periods after it (not yet reported) would
        // push the forecast away from where it starts.
        let forecast = outlook.flatMap { $0.forecast.isAvailable ? $0 : nil }
        let drawn = forecast.flatMap { view in view.forecast.latest.map { latest in rows.filter { $0.period <= latest.period } } } ?? rows
        var chart = LineChart(
            title: t("indicatorResults.chartTitle", ["name": indicatorName]),
            description: drawn.isEmpty ? t("indicatorResults.noFigures")
                : t("indicatorResults.chartFromTo", ["from": t.period(drawn.first!.period), "to": t.period(drawn.last!.period)])
                + (target.map { " " + t("indicatorResults.chartTarget", ["baseline": format($0.baselineValue), "target": format($0.targetValue)]) } ?? "")
                + " " + t("indicatorResults.chartHollow") + (forecast.map { " " + $0.chartDescription } ?? ""),
            points: drawn.map { ChartPoint(label: t.shortPeriod($0.period), value: $0.value, provisional: $0.provisional, breakBefore: $0.breakBefore) },
            baseline: target?.baselineValue, target: target?.targetValue, words: chartWords(t), format: format)
        if let forecast {
            chart.forecast = forecast.chartForecast
            chart.scenarios = forecast.chartScenarios
        }
        return .group(
            .section(.class("panel"),
                .h2(.text(t("indicatorResults.overTime"))),
                .unwrap(latest) { latest in
                    .p(.class("meta"), .text(t(assignedPartners == 1 ? "indicatorResults.countedOne" : "indicatorResults.counted",
                                            ["count": t.count(latest.partners), "total": t.count(assignedPartners), "period": t.period(latest.period)])))
                },
                .div(.class("chart-wrap"), .attribute(named: "tabindex", value: "0"), .raw(chart.svg(id: "series"))),
                .unwrap(forecast) { $0.legend },
                .details(
                    .summary(.text(t("indicatorResults.showTable"))),
                    tableFrame(.table(.class("table"),
                        .caption(.text(t("indicatorResults.tableCaption"))),
                        .thead(.tr(.th(.text(t("reporting.period"))), .th(.class("num"), .text(t("report.total"))), .th(.class("num"), .text(t("results.partnersCounted"))),
                                   .th(.text(t("indicatorResults.definition"))), .th(.text(t("indicatorResults.note"))))),
                        .tbody(.forEach(rows.reversed()) { row in
                            .tr(.td(.text(t.period(row.period))), .td(.class("num"), .text(row.value.map(format) ?? t("targetStatus.no_data"))),
                                .td(.class("num"), .text(t.count(row.partners))), .td(.text(t("indicatorResults.version", ["number": t.count(row.version)]))),
                                .td(.text([row.partners < assignedPartners ? t("indicatorResults.partial", ["count": t.count(row.partners), "total": t.count(assignedPartners)]) : nil,
                                           row.provisional ? t("indicatorResults.provisionalNote") : nil,
                                           row.breakBefore ? t("indicatorResults.definitionChanged") : nil].compactMap { $0 }.joined(separator: "; "))))
                        }))))),
            .unwrap(shown) { latest in
                .group(
                    periodChooser(latest.period, t),
                    .if(!breakdowns.isEmpty, .section(.class("panel"),
                        .h2(.text(t("indicatorResults.breakdownIn", ["period": t.period(latest.period)]))),
                        .forEach(Array(breakdowns.map { (dimension: $0.dimension.localized(t), values: $0.values) }.enumerated())) { index, item in
                            .div(.class("chart-wrap"), .attribute(named: "tabindex", value: "0"), .raw(BarChart(
                                title: t("report.by", ["dimension": item.dimension.name.lowercased()]),
                                description: item.dimension.categories.map { "\($0.label): \(item.values[$0.key].flatMap { $0 }.map(format) ?? t("indicatorResults.noFigure"))" }.joined(separator: "; "),
                                bars: item.dimension.categories.map { .init(label: $0.label, value: item.values[$0.key] ?? nil) },
                                words: chartWords(t), format: format).svg(id: "breakdown-\(index)")))
                        })),
                    .if(showPartners && !partners.isEmpty, .section(.class("panel"),
                        .h2(.text(t("indicatorResults.byPartnerIn", ["period": t.period(latest.period)]))),
                        tableFrame(.table(.class("table"),
                            .thead(.tr(.th(.text(t("reporting.partner"))), .th(.class("num"), .text(t("indicatorResults.figure"))), .th(.text(t("indicatorResults.note"))))),
                            .tbody(.forEach(partners) { partner in
                                .tr(.td(.text(partner.name)), .td(.class("num"), .text(partner.value.map(format) ?? t("targetStatus.no_data"))),
                                    .td(.text(partner.provisional ? t("indicatorResults.provisional") : "")))
                            }))))))
            })
    }

    /// A plain GET form: the page again with another period broken down, and the whole series
    /// with every breakdown as a CSV file.
    private func periodChooser(_ current: ReportingPeriod, _ t: Texts) -> Node<HTML.BodyContext> {
        .form(.method(.get), .class("inline-form period-chooser"),
            .label(.for("breakdown-period"), .text(t("indicatorResults.choosePeriod"))),
            .element(named: "select", nodes: [.attribute(named: "id", value: "breakdown-period"), .attribute(named: "name", value: "period"),
                .forEach(periods) { period in
                    .element(named: "option", nodes: [.attribute(named: "value", value: escapedAttribute(period.key)),
                                                      .if(period == current, .attribute(named: "selected")), .text(t.period(period))])
                }]),
            .button(.type(.submit), .class("button secondary"), .text(t("indicatorResults.showPeriod"))),
            .a(.href(escapedAttribute(exportPath)), .class("button secondary"), .attribute(named: "download", value: ""), .text(t("indicatorResults.downloadCSV"))))
    }
}
