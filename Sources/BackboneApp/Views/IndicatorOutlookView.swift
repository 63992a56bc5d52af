import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The forecast, what reaching the target takes, and the indicator's scenarios, drawn on the
/// indicator chart (see `IndicatorResults`) and told in words and tables here.
struct IndicatorOutlookView {
    struct Compared {
        let scenario: ScenarioModel
        let projection: [(period: ReportingPeriod, value: Double)]
    }

    let slug: String
    let indicatorID: UUID
    let unit: MeasurementUnit
    let forecast: Forecast
    let taking: WhatItTakes?
    let hasTarget: Bool
    let scenarios: [ScenarioModel]
    /// The scenarios drawn on the chart and compared in the table (at most 3).
    let compared: [Compared]
    let canSave: Bool
    let describe: (ScenarioChange) -> String

    static let comparedAtMost = 3

    private var t: Texts { .current }
    /// Forecasts are estimates: shown to three significant figures or so, never to the cent.
    private func format(_ value: Double) -> String {
        let places = abs(value) >= 100 ? 0.0 : abs(value) >= 10 ? 1 : 2
        let scale = pow(10, places)
        return t.number((value * scale).rounded() / scale) + (unit == .percent ? "%" : "")
    }
    private func signed(_ value: Double) -> String { (value > 0 ? "+" : value < 0 ? "−" : "") + format(abs(value)) }

    /// What the line chart draws after the history.
    var chartForecast: [ChartForecastPoint] {
        forecast.points.map { ChartForecastPoint(label: t.shortPeriod($0.period), value: $0.value, lower: $0.lower, upper: $0.upper) }
    }

    var chartScenarios: [ChartScenario] {
        compared.map { item in
            let byPeriod = Dictionary(item.projection.map { ($0.period, $0.value) }, uniquingKeysWith: { a, _ in a })
            return ChartScenario(name: item.scenario.name, values: forecast.points.map { byPeriod[$0.period] })
        }
    }

    /// The forecast and scenarios for the chart's description, read by screen readers.
    var chartDescription: String {
        guard let first = forecast.points.first, let last = forecast.points.last else { return "" }
        return t("forecast.chartDescription", ["from": t.period(first.period), "to": t.period(last.period), "first": format(first.value),
                                               "last": format(last.value), "lower": format(last.lower), "upper": format(last.upper)])
            + compared.map { " " + t("forecast.chartScenario", ["name": $0.scenario.name, "value": $0.projection.last.map { format($0.value) } ?? "—"]) }.joined()
    }

    /// Swatches naming what the chart draws, in the page's text (the chart itself stays small).
    var legend: Node<HTML.BodyContext> {
        guard forecast.isAvailable else { return .empty }
        return .ul(.class("chart-legend"),
            .li(.span(.class("swatch swatch-history"), .attribute(named: "aria-hidden", value: "true")), .text(t("forecast.legendHistory"))),
            .li(.span(.class("swatch swatch-forecast"), .attribute(named: "aria-hidden", value: "true")), .text(t("forecast.legendForecast"))),
            .li(.span(.class("swatch swatch-band"), .attribute(named: "aria-hidden", value: "true")), .text(t("forecast.legendBand"))),
            .forEach(Array(compared.enumerated())) { index, item in
                .li(.span(.class(escapedAttribute("swatch swatch-scenario-\(index + 1)")), .attribute(named: "aria-hidden", value: "true")), .text(item.scenario.name))
            })
    }

    /// The forecast in words and as a table; it changes with every approval, so the page swaps it
    /// in live.
    func forecastSection() -> Node<HTML.BodyContext> {
            .section(.class("panel"), .id("forecast"),
                .h2(.text(t("forecast.title"))),
                .unwrap(forecast.method, { method in
                    .group(
                        .p(.text(method == .seasonal ? t("forecast.methodSeasonal")
                                 : t("forecast.methodTrend", ["count": t.count(min(forecast.history.count, Forecast.trendWindow)),
                                                              "pace": signed(trendPace)]))),
                        .p(.class("meta"), .text(t("forecast.band"))))
                }, else: .p(.text(t("forecast.tooLittle", ["count": t.count(forecast.history.count), "needed": t.count(Forecast.minimumHistory)])))),
                whatItTakes(),
                .if(forecast.isAvailable, forecastTable()))
    }

    /// Change per period along the forecast (a straight line's slope).
    private var trendPace: Double {
        guard let first = forecast.points.first, let last = forecast.points.last, forecast.points.count > 1 else { return 0 }
        return (last.value - first.value) / Double(forecast.points.count - 1)
    }

    private func whatItTakes() -> Node<HTML.BodyContext> {
        guard let taking else { return hasTarget ? .empty : .p(.text(t("forecast.noTarget"))) }
        let periodWord = t.period(taking.targetPeriod)
        var lines: [String] = []
        if taking.periodsLeft <= 0 {
            lines.append(t("forecast.targetPassed", ["target": format(taking.targetValue), "period": periodWord,
                                                     "latest": format(taking.latest.value), "latestPeriod": t.period(taking.latest.period)]))
        } else if taking.reached {
            lines.append(t("forecast.reached", ["target": format(taking.targetValue), "period": periodWord,
                                                "latest": format(taking.latest.value), "latestPeriod": t.period(taking.latest.period)]))
        }
        if taking.periodsLeft > 0 {
            if let needed = taking.neededPace, !taking.reached {
                lines.append(t(taking.forecastPace == nil ? "forecast.neededOnly" : "forecast.needed", [
                    "target": format(taking.targetValue), "period": periodWord, "needed": signed(needed), "latest": format(taking.latest.value),
                    "latestPeriod": t.period(taking.latest.period), "pace": taking.forecastPace.map(signed) ?? ""]))
            }
            if let more = taking.morePeople, let of = taking.ofPeople, more.rounded() != 0, !taking.reached {
                lines.append(t(more > 0 ? "forecast.morePeople" : "forecast.fewerPeople",
                               ["count": t.count(Int(abs(more).rounded())), "of": t.count(Int(of.rounded()))]))
            }
            if let point = taking.forecastAtTarget {
                let key = taking.status == .onTrack ? "forecast.reaches" : taking.status == .atRisk ? "forecast.inside" : "forecast.outside"
                lines.append(t(key, ["period": periodWord, "value": format(point.value), "lower": format(point.lower), "upper": format(point.upper)]))
            } else {
                lines.append(t("forecast.beyond"))
            }
        }
        return .div(.class("what-it-takes"),
            .h3(.text(t("forecast.whatItTakes"))),
            .p(targetStatusBadge(taking.status, t)),
            .ul(.forEach(lines) { .li(.text($0)) }))
    }

    private func forecastTable() -> Node<HTML.BodyContext> {
        let byScenario = compared.map { item in Dictionary(item.projection.map { ($0.period, $0.value) }, uniquingKeysWith: { a, _ in a }) }
        return .details(
            .summary(.text(t("forecast.showTable"))),
            tableFrame(.table(.class("table"),
                .caption(.text(t("forecast.tableCaption"))),
                .thead(.tr(.th(.text(t("reporting.period"))), .th(.class("num"), .text(t("forecast.value"))),
                           .th(.class("num"), .text(t("forecast.lower"))), .th(.class("num"), .text(t("forecast.upper"))),
                           .forEach(compared) { .th(.class("num"), .text($0.scenario.name)) })),
                .tbody(.forEach(forecast.points) { point in
                    .tr(.td(.text(t.period(point.period))), .td(.class("num"), .text(format(point.value))),
                        .td(.class("num"), .text(format(point.lower))), .td(.class("num"), .text(format(point.upper))),
                        .forEach(byScenario) { values in .td(.class("num"), .text(values[point.period].map(format) ?? "—")) })
                }))))
    }

    /// The saved scenarios, with a form choosing which to compare (outside the live part, so a
    /// refresh never resets what someone ticked).
    func scenarioSection() -> Node<HTML.BodyContext> {
        let shown = Set(compared.map(\.scenario.id))
        return .section(.class("panel"), .id("scenarios"),
            .div(.class("page-head"), .h2(.text(t("scenario.title"))),
                 .if(canSave, .div(.class("actions"), .a(.class("button secondary"), .href(SiteURL.newScenario(slug: slug, indicatorID: indicatorID).path),
                                                        .text(t("scenario.new")))))),
            .p(.text(t("scenario.lead"))),
            .if(scenarios.isEmpty, .p(.class("meta"), .text(t("scenario.none")))),
            .if(!scenarios.isEmpty, .form(.method(.get), .action(SiteURL.indicator(slug: slug, id: indicatorID).path + "#scenarios"),
                .fieldset(.class("scenario-list"),
                    .element(named: "legend", text: t("scenario.compareLegend", ["count": t.count(Self.comparedAtMost)])),
                    .forEach(scenarios) { scenario in
                        let id = "compare-\(scenario.id!.uuidString)"
                        let plan = scenario.plan
                        return .div(.class("scenario-item"),
                            .div(.class("check"),
                                .input(.type(.checkbox), .id(escapedAttribute(id)), .name("compare"), .value(escapedAttribute(scenario.id!.uuidString)),
                                       .attribute(named: "checked", value: shown.contains(scenario.id) ? "checked" : nil)),
                                .label(.for(escapedAttribute(id)), .text(scenario.name))),
                            .unwrap(plan.description.isEmpty ? nil : plan.description) { .p(.class("meta"), .text($0)) },
                            .ul(.class("meta"), .forEach(plan.changes) { .li(.text(describe($0))) }),
                            .a(.href(SiteURL.scenario(slug: slug, id: scenario.id!).path),
                               .attribute(named: "aria-label", value: escapedAttribute(t("scenario.openNamed", ["name": scenario.name]))),
                               .text(t("scenario.open"))))
                    }),
                .button(.type(.submit), .class("button secondary"), .text(t("scenario.compare"))))))
    }
}
