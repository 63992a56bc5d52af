import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// An indicator's figures from the stored aggregates: the initiative's series over time, the
/// latest period broken down by each dimension, and by partner for those allowed to compare.
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
    let breakdowns: [(dimension: DisaggregationDimension, values: [String: Double?])]
    /// Partner names with their latest-period figure; empty when the viewer may not compare.
    let partners: [(name: String, value: Double?, provisional: Bool)]
    let assignedPartners: Int
    let target: TargetModel?

    /// - Parameters:
    ///   - series: the initiative's total rows at the indicator's frequency, any order.
    ///   - latestPeriod: every row of the latest period (all cells, initiative and partners).
    init(indicator: IndicatorModel, unit: MeasurementUnit, series: [RollupModel], latestPeriod: [RollupModel],
         dimensions: [DisaggregationDimension], partnerNames: [UUID: String], assignedPartners: Int, target: TargetModel?) {
        indicatorName = indicator.name
        self.unit = unit
        var rows: [Row] = []
        for model in RollupModel.newestVersionPerPeriod(series).suffix(24) {
            let versionsInPeriod = Set(series.filter { $0.periodKey == model.periodKey }.map(\.version))
            rows.append(Row(period: model.period!, version: model.version, value: model.value, partners: model.sources,
                            provisional: model.provisionalSources > 0,
                            breakBefore: versionsInPeriod.count > 1 || (rows.last.map { $0.version != model.version } ?? false)))
        }
        self.rows = rows
        let latest = rows.last { $0.value != nil }
        self.latest = latest
        let totals = latestPeriod.filter { $0.organizationID == nil && $0.version == latest?.version }
        breakdowns = dimensions.compactMap { dimension in
            let cells = totals.filter { $0.dimensionKey == dimension.key }
            guard !cells.isEmpty else { return nil }
            return (dimension, Dictionary(cells.map { ($0.categoryKey, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
        partners = latestPeriod.filter { $0.organizationID != nil && $0.dimensionKey.isEmpty && $0.version == latest?.version }
            .compactMap { row in partnerNames[row.organizationID!].map { ($0, row.value, row.provisionalSources > 0) } }
            .sorted { $0.name < $1.name }
        self.assignedPartners = assignedPartners
        self.target = target
    }

    func render(showPartners: Bool) -> Node<HTML.BodyContext> {
        let format: @Sendable (Double) -> String = { [unit] in MeasurementText.number($0) + (unit == .percent ? "%" : "") }
        let chart = LineChart(
            title: "\(indicatorName) over time",
            description: rows.isEmpty ? "No figures yet." : "Initiative totals from \(rows.first!.period.description) to \(rows.last!.period.description)"
                + (target.map { ", with the baseline \(format($0.baselineValue)) and the target \(format($0.targetValue))" } ?? "")
                + ". Hollow points include reports not yet approved. The same figures are in the table below.",
            points: rows.map { ChartPoint(label: $0.period.shortLabel, value: $0.value, provisional: $0.provisional, breakBefore: $0.breakBefore) },
            baseline: target?.baselineValue, target: target?.targetValue, format: format)
        return .group(
            .section(.class("panel"),
                .h2(.text("Results over time")),
                .unwrap(latest) { latest in
                    .p(.class("meta"), .text("\(latest.partners) of \(assignedPartners) \(assignedPartners == 1 ? "partner" : "partners") counted in \(latest.period.description)."))
                },
                .div(.class("chart-wrap"), .raw(chart.svg(id: "series"))),
                .details(
                    .summary(.text("Show the figures as a table")),
                    tableFrame(.table(.class("table"),
                        .caption(.text("Initiative totals by period")),
                        .thead(.tr(.th(.text("Period")), .th(.class("num"), .text("Total")), .th(.class("num"), .text("Partners counted")),
                                   .th(.text("Definition")), .th(.text("Note")))),
                        .tbody(.forEach(rows.reversed()) { row in
                            .tr(.td(.text(row.period.description)), .td(.class("num"), .text(row.value.map(format) ?? "No data")),
                                .td(.class("num"), .text("\(row.partners)")), .td(.text("Version \(row.version)")),
                                .td(.text([row.partners < assignedPartners ? "Partial: \(row.partners) of \(assignedPartners) partners" : nil,
                                           row.provisional ? "Provisional: includes reports not yet approved" : nil,
                                           row.breakBefore ? "Definition changed" : nil].compactMap { $0 }.joined(separator: "; "))))
                        }))))),
            .unwrap(latest) { latest in
                .group(
                    .if(!breakdowns.isEmpty, .section(.class("panel"),
                        .h2(.text("Breakdown, \(latest.period.description)")),
                        .forEach(Array(breakdowns.enumerated())) { index, item in
                            .div(.class("chart-wrap"), .raw(BarChart(
                                title: "By \(item.dimension.name.lowercased())",
                                description: item.dimension.categories.map { "\($0.label): \(item.values[$0.key].flatMap { $0 }.map(format) ?? "no figure")" }.joined(separator: "; "),
                                bars: item.dimension.categories.map { .init(label: $0.label, value: item.values[$0.key] ?? nil) },
                                format: format).svg(id: "breakdown-\(index)")))
                        })),
                    .if(showPartners && !partners.isEmpty, .section(.class("panel"),
                        .h2(.text("By partner, \(latest.period.description)")),
                        tableFrame(.table(.class("table"),
                            .thead(.tr(.th(.text("Partner")), .th(.class("num"), .text("Figure")), .th(.text("Note")))),
                            .tbody(.forEach(partners) { partner in
                                .tr(.td(.text(partner.name)), .td(.class("num"), .text(partner.value.map(format) ?? "No data")),
                                    .td(.text(partner.provisional ? "Provisional" : "")))
                            }))))))
            })
    }
}
