import BackboneCharts
import BackboneDomain
import Foundation
import Plot

/// One section of an impact report, drawn from its composed content only (never from the
/// database), so a released report looks the same for as long as it is kept.
struct ImpactSectionView {
    let section: ImpactReportContent.Section
    /// Links into the initiative's pages; nil for an outsider reading a shared report.
    let slug: String?
    let chrome: Chrome
    let index: Int

    private var t: Texts { chrome.t }

    func render() -> Node<HTML.BodyContext> {
        let id = "section-\(section.kind.rawValue)"
        return .section(.class("report-section"), .attribute(named: "aria-labelledby", value: escapedAttribute(id)),
            .h2(.id(escapedAttribute(id)), .text(section.kind.title(t))),
            body())
    }

    private func body() -> Node<HTML.BodyContext> {
        switch section.kind {
        case .context, .nextSteps:
            return .group((section.text ?? "").components(separatedBy: "\n\n").map { .p(.text($0)) })
        case .headline:
            let figures = section.figures ?? []
            return figures.isEmpty ? empty() : .div(.class("headline-grid"), .group(figures.map(headline)))
        case .learning:
            let statements = section.statements ?? []
            return statements.isEmpty ? .p(.text(t("impact.noStatements"))) : .ul(.class("learning-list"), .forEach(statements) { statement in
                .li(.span(.class(escapedAttribute("status status-\(Self.tone(statement.kind))")), .text(statement.kind.title(t))), .text(" "),
                    .text(statement.sentence(t)), .text(" "),
                    .unwrap(slug) { .a(.href(SiteURL.indicator(slug: $0, id: statement.indicatorID).path), .text(t("impact.seeIndicator"))) })
            })
        case .strategies:
            let strategies = section.strategies ?? []
            return strategies.isEmpty ? empty() : .group(strategies.map { strategy in
                .div(.class("report-strategy"),
                    .h3(.text(strategy.title)),
                    .if(!strategy.outcomes.isEmpty, .p(.class("meta"), .text(t("impact.leadsTo", ["outcomes": strategy.outcomes.joined(separator: "; ")])))),
                    strategy.figures.isEmpty ? .p(.text(t("impact.noStrategyIndicators"))) : figureTable(strategy.figures, caption: strategy.title))
            })
        case .stories:
            let stories = section.stories ?? []
            return stories.isEmpty ? .p(.text(t("impact.noStories"))) : .group(stories.map { story in
                .element(named: "article", nodes: [.class("report-story"),
                    .h3(.text(story.title)),
                    .p(.class("meta"), .text(([story.organization] + story.speaksTo.map { t("impact.speaksTo", ["name": $0]) }).joined(separator: " · "))),
                    .group(story.text.components(separatedBy: "\n\n").map { .p(.text($0)) })])
            })
        case .activities:
            let activities = section.activities ?? []
            return activities.isEmpty ? empty() : tableFrame(.table(.class("table"),
                .caption(.text(t("impact.activitiesCaption", ["count": t.count(activities.count)]))),
                .thead(.tr(.th(.text(t("impact.activity"))), .th(.text(t("impact.strategy"))), .th(.text(t("reporting.partner"))), .th(.text(t("impact.status"))))),
                .tbody(.forEach(activities) { activity in
                    .tr(.td(.text(activity.name), .if(!activity.description.isEmpty, .group(.br(), .span(.class("meta"), .text(activity.description))))),
                        .td(.text(activity.strategy)), .td(.text(activity.organization)),
                        .td(.text(activity.status.title(t))))
                })))
        case .decisions:
            let decisions = section.decisions ?? []
            return decisions.isEmpty ? .p(.text(t("impact.noDecisions"))) : .ul(.class("plain-list"), .forEach(decisions) { decision in
                .li(.strong(.text(t.day(decision.decidedAt, in: chrome.zone) + ": ")), .text(decision.text),
                    .if(!decision.rationale.isEmpty, .group(.br(), .span(.class("meta"), .text(decision.rationale)))))
            })
        case .completeness:
            let rows = section.completeness ?? []
            return rows.isEmpty ? .p(.text(t("impact.nothingDue"))) : tableFrame(.table(.class("table"),
                .caption(.text(t("impact.completenessCaption"))),
                .thead(.tr(.th(.text(t("reporting.partner"))), .th(.class("num"), .text(t("impact.approvedOfDue"))))),
                .tbody(.forEach(rows) { row in
                    .tr(.td(.text(row.organization)), .td(.class("num"), .text(t("impact.ofDue", ["approved": t.count(row.approved), "due": t.count(row.due)]))))
                })))
        }
    }

    private func empty() -> Node<HTML.BodyContext> { .p(.text(t("impact.nothingToShow"))) }

    private func format(_ unit: String) -> @Sendable (Double) -> String {
        let t = t, suffix = MeasurementUnit(code: unit) == .percent ? "%" : ""
        return { t.number($0) + suffix }
    }

    /// A headline indicator: its chart up to the span's end, latest figure, target and status.
    private func headline(_ figure: ImpactReportContent.Figure) -> Node<HTML.BodyContext> {
        let format = format(figure.unit)
        let chart = LineChart(
            title: t("indicatorResults.chartTitle", ["name": figure.name]),
            description: figure.series.isEmpty ? t("indicatorResults.noFigures")
                : t("indicatorResults.chartFromTo", ["from": periodName(figure.series.first!.period), "to": periodName(figure.series.last!.period)]),
            points: figure.series.map { ChartPoint(label: ReportingPeriod(key: $0.period).map(t.shortPeriod) ?? $0.period, value: $0.value) },
            target: figure.target, words: chartWords(t), format: format)
        return .div(.class("headline-figure"),
            .h3(slug.map { .a(.href(SiteURL.indicator(slug: $0, id: figure.indicatorID).path), .text(figure.name)) } ?? .text(figure.name)),
            .p(.strong(.class("big-number"), .text(figure.value.map(format) ?? t("targetStatus.no_data"))), .text(" "),
               targetStatusBadge(figure.status, t)),
            .p(.class("meta"), .text(figureLine(figure, format))),
            .div(.class("chart-wrap"), .attribute(named: "tabindex", value: "0"), .raw(chart.svg(id: "report-chart-\(index)-\(figure.code.filter { $0.isLetter || $0.isNumber })"))))
    }

    private func figureLine(_ figure: ImpactReportContent.Figure, _ format: (Double) -> String) -> String {
        var parts: [String] = []
        if let period = figure.period { parts.append(periodName(period)) }
        parts.append(t("impact.partnersCounted", ["count": t.count(figure.partnersCounted), "total": t.count(figure.partnersAssigned)]))
        if let target = figure.target, let date = figure.targetDate {
            parts.append(t("impact.targetBy", ["target": format(target), "day": t.day(date, in: .gmt)]))
        }
        return parts.joined(separator: " · ")
    }

    private func figureTable(_ figures: [ImpactReportContent.Figure], caption: String) -> Node<HTML.BodyContext> {
        tableFrame(.table(.class("table"),
            .caption(.class("visually-hidden"), .text(caption)),
            .thead(.tr(.th(.text(t("history.indicator"))), .th(.class("num"), .text(t("results.latest"))), .th(.text(t("results.target"))),
                       .th(.text(t("results.status"))))),
            .tbody(.forEach(figures) { figure in
                let format = format(figure.unit)
                return .tr(.td(slug.map { .a(.href(SiteURL.indicator(slug: $0, id: figure.indicatorID).path), .text(figure.name)) } ?? .text(figure.name)),
                           .td(.class("num"), .text(figure.value.map(format) ?? t("targetStatus.no_data")),
                               .unwrap(figure.period) { .group(.br(), .span(.class("meta"), .text(periodName($0)))) }),
                           .td(.text(figure.target.map(format) ?? "—")),
                           .td(targetStatusBadge(figure.status, t)))
            })))
    }

    private func periodName(_ key: String) -> String { ReportingPeriod(key: key).map(t.period) ?? key }

    static func tone(_ kind: LearningStatement.Kind) -> String {
        switch kind {
        case .improved, .targetReached: "ok"
        case .offTrack, .declined: "bad"
        case .definitionChanged, .missingData: "muted"
        }
    }
}
