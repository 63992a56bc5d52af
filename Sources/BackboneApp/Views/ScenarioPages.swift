import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The new-scenario page, and one scenario's page: drawn against the forecast and the target,
/// with its form for those who may change it.
struct ScenarioPages {
    typealias Form = ScenarioController.ScenarioForm

    /// Change rows a form shows at most (the plan's limit).
    static let rowsAtMost = ScenarioPlan.maximumChanges

    let desk: ScenarioDesk
    let scenario: ScenarioModel?
    let outlook: IndicatorOutlookView?
    let form: Form
    let errors: [String: String]
    let notice: Notice?

    static func new(desk: ScenarioDesk, form: Form, errors: [String: String]) -> ScenarioPages {
        ScenarioPages(desk: desk, scenario: nil, outlook: nil, form: form, errors: errors, notice: nil)
    }

    static func show(desk: ScenarioDesk, outlook: IndicatorOutlookView, scenario: ScenarioModel, form: Form, errors: [String: String],
                     notice: Notice?) -> ScenarioPages {
        ScenarioPages(desk: desk, scenario: scenario, outlook: outlook, form: form, errors: errors, notice: notice)
    }

    private var t: Texts { .current }
    private var slug: String { desk.access.slug }
    private var indicatorID: UUID { desk.indicator.id! }

    func render(_ chrome: Chrome) -> HTML {
        let title = scenario?.name ?? t("scenario.new")
        return Layout.page(title, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicator(slug: slug, id: indicatorID).path + "#scenarios"), .text(desk.indicator.shownName))),
            .h1(.text(title)),
            noticeBanner(notice, t),
            .unwrap(scenario) { summary($0) },
            .unwrap(outlook) { projection($0) },
            scenario == nil ? formSection(chrome, open: true)
                : scenario.map(desk.canEdit) == true ? formSection(chrome, open: !errors.isEmpty) : .empty)
    }

    private func summary(_ scenario: ScenarioModel) -> Node<HTML.BodyContext> {
        let plan = scenario.plan
        let activities = desk.activities.filter { plan.activityIDs.contains($0.id!) }
        return .section(.class("panel"),
            .unwrap(plan.description.isEmpty ? nil : plan.description) { .p(.class("lead"), .text($0)) },
            .dl(.class("facts"),
                .dt(.text(t("scenario.indicator"))), .dd(.a(.href(SiteURL.indicator(slug: slug, id: indicatorID).path), .text(desk.indicator.shownName))),
                .dt(.text(t("scenario.strategy"))), .dd(.text(plan.strategyID.flatMap { desk.strategies[$0] } ?? t("scenario.noStrategy"))),
                .dt(.text(t("scenario.changes"))), .dd(.ul(.forEach(plan.changes) { .li(.text(desk.describe($0))) })),
                .dt(.text(t("scenario.activities"))),
                .dd(activities.isEmpty ? .text(t("scenario.noActivities"))
                    : .ul(.forEach(activities) { activity in
                        .li(.a(.href(SiteURL.activity(slug: slug, id: activity.id!).path), .text(desk.activityName(activity))))
                    })),
                .dt(.text(t("scenario.saved"))), .dd(.text(t.day(scenario.updatedAt, in: desk.access.initiative.zone)))),
            .p(.class("meta"), .text(t("scenario.neverFigures"))))
    }

    /// The scenario against the forecast: the chart, and the same figures as a table.
    private func projection(_ outlook: IndicatorOutlookView) -> Node<HTML.BodyContext> {
        guard outlook.forecast.isAvailable, let compared = outlook.compared.first else {
            return .section(.class("panel"), .h2(.text(t("scenario.againstForecast"))),
                            .p(.text(t("forecast.tooLittle", ["count": t.count(outlook.forecast.history.count), "needed": t.count(Forecast.minimumHistory)]))))
        }
        let unit = desk.definition.unit
        let format: @Sendable (Double) -> String = { [t] in t.number(($0 * 10).rounded() / 10) + (unit == .percent ? "%" : "") }
        var chart = LineChart(
            title: t("scenario.chartTitle", ["name": compared.scenario.name]),
            description: outlook.chartDescription,
            points: outlook.forecast.history.suffix(24).map { ChartPoint(label: t.shortPeriod($0.period), value: $0.value) },
            target: desk.target?.targetValue, words: chartWords(t), format: format)
        chart.forecast = outlook.chartForecast
        chart.scenarios = outlook.chartScenarios
        let byPeriod = Dictionary(compared.projection.map { ($0.period, $0.value) }, uniquingKeysWith: { a, _ in a })
        return .section(.class("panel"),
            .h2(.text(t("scenario.againstForecast"))),
            .div(.class("chart-wrap"), .attribute(named: "tabindex", value: "0"), .raw(chart.svg(id: "scenario-chart"))),
            outlook.legend,
            .details(
                .summary(.text(t("forecast.showTable"))),
                tableFrame(.table(.class("table"),
                    .caption(.text(t("scenario.tableCaption"))),
                    .thead(.tr(.th(.text(t("reporting.period"))), .th(.class("num"), .text(t("forecast.value"))),
                               .th(.class("num"), .text(compared.scenario.name)), .th(.class("num"), .text(t("scenario.difference"))))),
                    .tbody(.forEach(outlook.forecast.points) { point in
                        let value = byPeriod[point.period]
                        return .tr(.td(.text(t.period(point.period))), .td(.class("num"), .text(format(point.value))),
                                   .td(.class("num"), .text(value.map(format) ?? "—")),
                                   .td(.class("num"), .text(value.map { difference in
                                       let change = difference - point.value
                                       return (change > 0 ? "+" : change < 0 ? "−" : "") + format(abs(change))
                                   } ?? "—")))
                    })))))
    }

    private func formSection(_ chrome: Chrome, open: Bool) -> Node<HTML.BodyContext> {
        guard let scenario else { return .section(.class("panel"), editor(chrome)) }
        return .section(.class("panel"),
            .details(.if(open, .open(true)), .summary(.text(t("scenario.change"))), editor(chrome)),
            .form(.method(.post), .action(SiteURL.scenarioDelete(slug: slug, id: scenario.id!).path), .class("inline-form"),
                  csrfField(chrome.csrfToken),
                  .button(.type(.submit), .class("button danger"), .text(t("scenario.delete")))))
    }

    private func editor<C: HTML.BodyContext>(_ chrome: Chrome) -> Node<C> {
        let action = scenario.map { SiteURL.scenario(slug: slug, id: $0.id!).path } ?? SiteURL.indicatorScenarios(slug: slug, indicatorID: indicatorID).path
        let rows = Dictionary(form.rows.map { ($0.index, $0.row) }, uniquingKeysWith: { a, _ in a })
        let shownRows = min(Self.rowsAtMost, max(2, (rows.keys.max() ?? -1) + 2))
        let ratio = desk.definition.aggregation == .ratio
        return .form(.method(.post), .action(escapedAttribute(action)), .class("scenario-form"),
            csrfField(chrome.csrfToken),
            .unwrap(form.revision) { .input(.type(.hidden), .name("revision"), .value(escapedAttribute($0))) },
            errorSummary(errors, listing: true),
            Field.text("name", t("scenario.name"), value: form.name ?? "", error: errors["name"]),
            Field.textArea("description", t("scenario.description"), value: form.description ?? "", error: errors["description"],
                           hint: t("scenario.descriptionHint")),
            Field.select("strategy", t("scenario.strategy"), options: desk.choosableStrategies.map { ($0.id.uuidString, $0.title) },
                         selected: form.strategy ?? "", error: errors["strategy"], hint: t("scenario.strategyHint"),
                         required: desk.needsStrategy, emptyLabel: desk.needsStrategy ? nil : t("scenario.noStrategy")),
            multiple("activities", t("scenario.activities"), hint: t("scenario.activitiesHint"),
                     options: desk.activities.map { ($0.id!.uuidString, desk.activityName($0)) }.sorted { $0.1 < $1.1 },
                     chosen: Set(form.activities ?? []), error: errors["activities"]),
            .unwrap(errors["changes"]) { .p(.class("field-error"), .text($0)) },
            .p(.class("hint"), .text(t(ratio ? "scenario.changesHintRatio" : "scenario.changesHint"))),
            .forEach(0..<shownRows) { index in changeRow(index, rows[index] ?? Form.Row(), ratio: ratio) },
            .div(.class("actions"), .button(.type(.submit), .class("button"), .text(t(scenario == nil ? "scenario.save" : "scenario.saveChanges")))))
    }

    private func changeRow(_ index: Int, _ row: Form.Row, ratio: Bool) -> Node<HTML.FormContext> {
        let prefix = "changes[\(index)]"
        func id(_ field: String) -> String { "change-\(index)-\(field)" }
        func number(_ field: String, _ label: String, _ value: String?) -> Node<HTML.FormContext> {
            Field.text(id(field), label, value: value ?? "", error: errors[id(field)],
                       .init(type: .text, required: false, name: "\(prefix)[\(field)]"))
        }
        let partners = desk.partners.map { ($0.key.uuidString, $0.value) }.sorted { $0.1 < $1.1 }
        var periods = (0..<desk.frequency.periodsChosen).map { desk.context.firstPeriod.shifted(by: $0) }.map { ($0.key, t.period($0)) }
        if let typed = row.from, !typed.isEmpty, !periods.contains(where: { $0.0 == typed }) {
            periods.insert((typed, ReportingPeriod(key: typed).map(t.period) ?? typed), at: 0)
        }
        return .fieldset(.class("scenario-change"),
            .element(named: "legend", text: t("scenario.changeNumber", ["number": t.count(index + 1)])),
            Field.select(id("kind"), t("scenario.kind"), options: ScenarioChange.Kind.allCases.map { ($0.rawValue, $0.title(t)) },
                         selected: row.kind ?? "add", error: errors[id("kind")], posted: "\(prefix)[kind]"),
            multiple(id("partners"), t("scenario.partners"), name: "\(prefix)[partners][]", hint: t("scenario.partnersHint"),
                     options: partners, chosen: Set(row.partners ?? []), error: errors[id("partners")]),
            Field.select(id("from"), t("scenario.from"), options: periods, selected: row.from.flatMap { $0.isEmpty ? nil : $0 } ?? periods.first?.0 ?? "", error: errors[id("from")],
                         posted: "\(prefix)[from]"),
            number("amount", t(ratio ? "scenario.amountPoints" : "scenario.amount"), row.amount),
            Field.text(id("name"), t("scenario.joinName"), value: row.name ?? "", error: errors[id("name")],
                       .init(type: .text, required: false, name: "\(prefix)[name]")),
            .if(ratio, .group(number("numerator", t("scenario.numerator"), row.numerator),
                              number("denominator", t("scenario.denominator"), row.denominator))))
    }

    /// A list to choose several from (partners, activities): a multiple select keeps a long list
    /// short on the page and works by keyboard and on phones.
    private func multiple(_ id: String, _ label: String, name: String? = nil, hint: String, options: [(String, String)], chosen: Set<String>,
                          error: String?) -> Node<HTML.FormContext> {
        .div(.class(error == nil ? "field" : "field has-error"),
            .label(.for(escapedAttribute(id)), .text(label)),
            .p(.class("hint"), .id(escapedAttribute("\(id)-hint")), .text(hint)),
            .unwrap(error) { .p(.class("field-error"), .id(escapedAttribute("\(id)-error")), .text($0)) },
            .element(named: "select", nodes: [
                .attribute(named: "id", value: escapedAttribute(id)), .attribute(named: "name", value: escapedAttribute(name ?? "\(id)[]")),
                .attribute(named: "multiple"), .attribute(named: "size", value: escapedAttribute(String(min(6, max(2, options.count))))),
                .attribute(named: "aria-describedby", value: escapedAttribute(error == nil ? "\(id)-hint" : "\(id)-hint \(id)-error")),
                .forEach(options) { option in
                    .element(named: "option", nodes: [.attribute(named: "value", value: escapedAttribute(option.0)),
                                                      .if(chosen.contains(option.0), .attribute(named: "selected")), .text(option.1)])
                }]))
    }
}

private extension Frequency {
    /// How many periods a change may be chosen to start in (the form's list; the API takes any
    /// period the checks allow).
    var periodsChosen: Int {
        switch self {
        case .monthly: 36
        case .quarterly: 16
        case .annual: 10
        }
    }
}
