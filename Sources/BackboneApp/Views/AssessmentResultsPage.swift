import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// A closed round's results: for readiness the phase × component heat map, for the other kinds
/// bars per theme; every section's figures; the trend across rounds; the breakdowns the reader
/// may see; comments without names. Every group shown names how many people answered in it.
struct AssessmentResultsPage {
    let desk: AssessmentDesk
    let round: AssessmentRoundModel
    let template: AssessmentTemplate
    let results: AssessmentResults?
    let trend: [AssessmentDesk.TrendPoint]
    let bodies: [UUID: String]

    private var t: Texts { .current }
    private var slug: String { desk.access.slug }

    private func mean(_ value: Double?) -> String { value.map(t.score) ?? "—" }
    private func share(_ value: Double) -> String { t.number((value * 100).rounded()) + "%" }

    func render(_ chrome: Chrome) -> HTML {
        let title = t("assessment.resultsTitle", ["title": round.title])
        return Layout.page(title, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.assessmentRound(slug: slug, id: round.id!).path), .text(round.title))),
            .h1(.text(title)),
            content())
    }

    private func content() -> Node<HTML.BodyContext> {
        guard let results else {
            return .div(.class("panel empty"), .p(.text(t("assessment.resultsWhenClosed", ["day": t.day(round.lastDay.start, in: .gmt)]))))
        }
        guard let overall = results.overall else {
            return .div(.class("panel empty"), .p(.text(t("assessment.tooFew", ["count": t.count(results.respondents), "threshold": t.count(results.threshold)]))))
        }
        return .group(
            .p(.class("lead"), .text(t("assessment.resultsLead", ["count": t.count(overall.respondents), "threshold": t.count(results.threshold)]))),
            template.kind == .readiness ? heatMap(overall) : bars(overall),
            sectionTable(overall),
            trendTable(),
            breakdown(t("assessment.bySector"), results.bySector, hidden: results.hiddenSectors, id: "by-sector"),
            breakdown(t("assessment.byBody"), results.byBody, hidden: results.hiddenBodies, id: "by-body"),
            comments(results))
    }

    /// Phases down, components across: colour, the mean and a word in every cell, so the map
    /// reads without colour and to a screen reader as a table.
    private func heatMap(_ overall: GroupResults) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "heat-title"),
            .h2(.id("heat-title"), .text(t("assessment.heatMap"))),
            .p(.class("meta"), .text(t("assessment.heatMapLegend"))),
            tableFrame(.table(.class("table heat-map"),
                .caption(.text(t("assessment.heatMapCaption", ["count": t.count(overall.respondents)]))),
                .thead(.tr(.td(), .forEach(ReadinessComponent.allCases) { .th(.attribute(named: "scope", value: "col"), .text($0.title)) })),
                .tbody(.forEach(ReadinessPhase.allCases) { phase in
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(phase.title)),
                        .forEach(ReadinessComponent.allCases) { component in
                            let section = template.sections.first { $0.phase == phase && $0.component == component }
                            let stats = section.flatMap { overall.sections[$0.key] }
                            guard let value = stats?.mean else { return .td(.class("heat heat-none"), .text(t("assessment.noAnswers"))) }
                            let band = ScoreBand(mean: value)
                            return .td(.class(escapedAttribute("heat heat-\(band.rawValue)")), .data(named: "label", value: escapedAttribute(component.title)),
                                       .strong(.text(mean(value))), .span(.class("heat-word"), .text(band.title)))
                        })
                }))))
    }

    private func bars(_ overall: GroupResults) -> Node<HTML.BodyContext> {
        var chart = BarChart(title: t("assessment.barsTitle", ["kind": template.kind.title]),
                             description: t("assessment.barsDescription", ["count": t.count(overall.respondents)]),
                             bars: template.sections.map { BarChart.Bar(label: $0.name, value: overall.sections[$0.key]?.mean) },
                             words: chartWords(t), format: { [t] in t.score($0) })
        chart.scaleMaximum = Double(AssessmentAnswer.scale.upperBound)
        return .section(.class("panel"), .h2(.text(template.kind == .fit ? t("assessment.fitSummary") : t("assessment.healthSummary"))),
            .p(.class("meta"), .text(t("assessment.scaleExplained"))),
            .div(.class("chart-wrap"), .attribute(named: "tabindex", value: "0"), .raw(chart.svg(id: "assessment-bars"))))
    }

    private func sectionTable(_ overall: GroupResults) -> Node<HTML.BodyContext> {
        func label(_ key: String) -> Node<HTML.BodyContext> { .data(named: "label", value: escapedAttribute(t(key))) }
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "sections-title"),
            .h2(.id("sections-title"), .text(t("assessment.bySection"))),
            tableFrame(.table(.class("table results-table"),
                .thead(.tr(.th(.text(t("assessment.section"))), .th(.text(t("assessment.mean"))), .th(.text(t("assessment.distribution"))),
                           .th(.text(t("assessment.answers"))), .th(.text(t("assessment.dontKnowShare"))))),
                .tbody(.forEach(template.sections) { section in
                    let stats = overall.sections[section.key]
                    return .tr(.td(label("assessment.section"), .text(section.name)),
                               .td(label("assessment.mean"), .text(mean(stats?.mean) + ((stats?.mean).map { " · " + ScoreBand(mean: $0).title } ?? ""))),
                               .td(label("assessment.distribution"), .text(distribution(stats))),
                               .td(label("assessment.answers"), .text(t.count(stats?.count ?? 0))),
                               .td(label("assessment.dontKnowShare"), .text(share(stats?.dontKnowShare ?? 0))))
                }))),
            .element(named: "details", nodes: [
                .element(named: "summary", nodes: [.text(t("assessment.perStatement"))]),
                .ul(.forEach(template.questions) { question in
                    let stats = overall.questions[question.key]
                    return .li(.text(question.statement()), .br(),
                               .span(.class("meta"), .text(t("assessment.statementFigures", ["mean": mean(stats?.mean), "distribution": distribution(stats),
                                                                                              "count": t.count(stats?.count ?? 0), "dontKnow": share(stats?.dontKnowShare ?? 0)]))))
                }),
            ]))
    }

    /// "1: 0 · 2: 1 · 3: 4 · 4: 6 · 5: 2"
    private func distribution(_ stats: AnswerStats?) -> String {
        guard let stats else { return "—" }
        return stats.distribution.enumerated().map { "\($0.offset + 1): \(t.count($0.element))" }.joined(separator: " · ")
    }

    private func trendTable() -> Node<HTML.BodyContext> {
        guard trend.count > 1 else { return .empty }
        let compared = trend.filter(\.comparable)
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "trend-title"),
            .h2(.id("trend-title"), .text(t("assessment.trend"))),
            .p(.class("meta"), .text(t("assessment.trendLead"))),
            tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text(t("assessment.section"))), .forEach(compared) { point in
                    .th(.text(point.round.title), .br(), .span(.class("meta"), .text(t("assessment.respondents", ["count": t.count(point.respondents)]))))
                })),
                .tbody(.forEach(template.sections) { section in
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(section.name)),
                        .forEach(compared) { point in .td(.text(mean(point.means[section.key]))) })
                }))),
            .if(compared.count < trend.count,
                .p(.class("meta"), .text(t("assessment.notCompared", ["rounds": trend.filter { !$0.comparable }.map(\.round.title).joined(separator: ", ")])))))
    }

    private func breakdown(_ title: String, _ groups: [GroupResults], hidden: Int, id: String) -> Node<HTML.BodyContext> {
        guard desk.access.can(.viewAssessmentBreakdowns), !groups.isEmpty || hidden > 0 else { return .empty }
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: escapedAttribute("\(id)-title")),
            .h2(.id(escapedAttribute("\(id)-title")), .text(title)),
            .if(hidden > 0, .p(.class("meta"), .text(t("assessment.hiddenGroups", ["count": t.count(hidden), "threshold": t.count(results?.threshold ?? 5)])))),
            // Sections down, groups across: there are few groups and many sections.
            .if(!groups.isEmpty, tableFrame(.table(.class("table"),
                .caption(.text(t("assessment.breakdownCaption"))),
                .thead(.tr(.th(.text(t("assessment.section"))), .forEach(groups) { group in
                    .th(.attribute(named: "scope", value: "col"), .text(AssessmentDesk.groupName(group.group, bodies: bodies)), .br(),
                        .span(.class("meta"), .text(t("assessment.respondents", ["count": t.count(group.respondents)]))))
                })),
                .tbody(.forEach(template.sections) { section in
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(section.name)),
                        .forEach(groups) { group in .td(.text(mean(group.sections[section.key]?.mean))) })
                })))))
    }

    private func comments(_ results: AssessmentResults) -> Node<HTML.BodyContext> {
        guard !results.comments.isEmpty else { return .empty }
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "comments-title"),
            .h2(.id("comments-title"), .text(t("assessment.comments"))),
            .p(.class("meta"), .text(t("assessment.commentsLead"))),
            .forEach(template.sections.filter { results.comments[$0.key] != nil }) { section in
                .group(.h3(.text(section.name)), .ul(.forEach(results.comments[section.key] ?? []) { .li(.text($0)) }))
            })
    }
}
