import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Plot

/// `/p/{slug}`: the initiative's public scorecard for residents, partners' websites and search
/// engines: its vision and population results, each public indicator after disclosure control,
/// public stories and public impact reports. Built from the same `PublicResults` as the open data.
struct PublicResultsPage {
    let initiative: InitiativeModel
    let vision: String
    let populationResults: [String]
    let k: Int
    let indicatorCount: Int
    /// The indicator cards, rendered once per change of the results (`PublicResultsCache`).
    let cards: String
    let stories: [StoryModel]
    let reports: [ImpactReportModel]
    /// Answered feedback, latest first, when the public voice page is open (nil when closed).
    var voice: [FeedbackItemModel]? = nil

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let slug = initiative.slug
        return Layout.page(t("public.title", ["initiative": initiative.name]), chrome,
            .h1(.text(t("public.title", ["initiative": initiative.name]))),
            .if(!vision.isEmpty, .p(.class("lead"), .text(vision))),
            .if(!populationResults.isEmpty, .section(.class("panel"), .ariaLabel(escapedAttribute(t("public.populationResults"))),
                .h2(.text(t("public.populationResults"))),
                .ul(.forEach(populationResults) { .li(.text($0)) }))),
            .section(.class("panel about-numbers"), .id("about"),
                .h2(.text(t("public.aboutTitle"))),
                .p(.text(t("public.aboutSmall", ["k": t.count(k)]))),
                .p(.text(t("public.aboutMore"))),
                .p(.text(t("public.aboutApproved"))),
                .p(.a(.href(SiteURL.publicResultsAPI(slug: slug).path), .text(t("public.openData"))), .text(" · "),
                   .a(.href(SiteURL.publicResultsCSV(slug: slug).path), .text(t("public.openDataCSV"))))),
            .h2(.text(t("public.indicators"))),
            .if(indicatorCount == 0, .div(.class("panel empty"), .p(.text(t("public.noIndicators"))))),
            // Rendered by Plot (escaped) when the results were built; kept as text to send again.
            .div(.class("public-cards"), .raw(cards)),
            .if(!stories.isEmpty, .section(
                .h2(.text(t("public.stories"))),
                .ul(.class("story-list"), .forEach(stories) { story in
                    .li(.class("panel"), .h3(.a(.href(SiteURL.publicStory(slug: slug, id: story.id!).path), .text(story.title))),
                        .p(.text(String(story.text.prefix(240)) + (story.text.count > 240 ? "…" : ""))))
                }))),
            .if(!reports.isEmpty, .section(
                .h2(.text(t("public.reports"))),
                .ul(.forEach(reports) { report in
                    .li(.a(.href(SiteURL.publicReport(slug: slug, id: report.id!).path), .text(report.title)))
                }))),
            .unwrap(voice) { answered in
                .section(
                    .h2(.text(t("voice.saidDid"))),
                    .ul(.class("plain-list"), .forEach(answered.prefix(3)) { item in
                        .li(.strong(.text(t("feedback.youSaid") + " ")), .text(item.text), .text(" "),
                            .strong(.text(t("feedback.weDid") + " ")), .text(item.response ?? ""))
                    }),
                    .p(.a(.href(SiteURL.publicVoice(slug: slug).path), .text(t("public.voiceLink")))))
            }
        )
    }
}

/// One public indicator: latest figure, target and status, chart over time (a hidden period is
/// a gap), every figure in a table, and the latest period's breakdowns and partners as bars.
/// The same card is the embed a partner puts on its own website.
struct PublicIndicatorCard {
    let indicator: PublicIndicatorResult
    let k: Int
    let index: Int
    let t: Texts

    private var own: [PublicPeriodResult] {
        let finest = indicator.periods.map(\.period.frequency).min()
        return indicator.periods.filter { $0.period.frequency == finest }
    }

    private var format: @Sendable (Double) -> String {
        let t = t, suffix = MeasurementUnit(code: indicator.unit) == .percent ? "%" : ""
        return { t.number($0) + suffix }
    }

    private var hiddenWords: String { t("public.hidden", ["k": t.count(k)]) }

    func node(headingLevel: Int) -> Node<HTML.BodyContext> {
        let latest = own.last { !$0.total.isSuppressed }
        let id = "public-\(index)"
        let heading: Node<HTML.BodyContext> = headingLevel == 3 ? .h3(.id(escapedAttribute("\(id)-name")), .text(indicator.name)) : .h1(.id(escapedAttribute("\(id)-name")), .text(indicator.name))
        return .article(.class("panel public-card"), .attribute(named: "aria-labelledby", value: escapedAttribute("\(id)-name")),
            heading,
            .p(.strong(.class("big-number"), .text(latest?.total.value.map(format) ?? t("targetStatus.no_data"))), .text(" "),
               .unwrap(indicator.status) { targetStatusBadge($0, t) }),
            .p(.class("meta"), .text(summary(latest))),
            .div(.class("chart-wrap"), .attribute(named: "tabindex", value: "0"), .raw(chart(id: "\(id)-chart"))),
            .if(own.contains(where: \.total.isSuppressed),
                .p(.class("meta"), .text(t("public.chartGaps", ["count": t.count(own.filter(\.total.isSuppressed).count), "k": t.count(k)])))),
            breakdowns(of: own.last { period in !period.breakdowns.isEmpty || period.partners != nil }, id: id, nested: headingLevel == 3),
            .element(named: "details", nodes: [
                .element(named: "summary", nodes: [.text(t("public.allFigures"))]),
                .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), figuresTable()),
            ]))
    }

    private func summary(_ latest: PublicPeriodResult?) -> String {
        var parts: [String] = []
        if let latest { parts.append(t.period(latest.period)) }
        if let target = indicator.target {
            parts.append(t("public.targetFor", ["target": format(target.value), "period": ReportingPeriod(key: target.period).map(t.period) ?? target.period]))
        }
        return parts.joined(separator: " · ")
    }

    private func chart(id: String) -> String {
        let points = own.map { ChartPoint(label: t.shortPeriod($0.period), value: $0.total.value) }
        let hidden = own.filter(\.total.isSuppressed).count
        var description = t("public.chartDescription", ["count": t.count(own.count)])
        if hidden > 0 { description += " " + t("public.chartGaps", ["count": t.count(hidden), "k": t.count(k)]) }
        return LineChart(title: t("indicatorResults.chartTitle", ["name": indicator.name]), description: description, points: points,
                         target: indicator.target?.value, words: chartWords(t), format: format).svg(id: id)
    }

    /// Under the card's heading: h4 on the scorecard (cards are h3), h2 in an embed (the card is h1).
    private func breakdowns(of period: PublicPeriodResult?, id: String, nested: Bool) -> Node<HTML.BodyContext> {
        guard let period else { return .empty }
        var words = chartWords(t)
        words.noFigure = hiddenWords
        var groups = period.breakdowns.map { ($0.dimension, $0.categories) }
        if let partners = period.partners { groups.append((t("public.byPartner"), partners)) }
        return .div(.class("public-breakdowns"),
            nested ? .h4(.text(t("public.breakdownsIn", ["period": t.period(period.period)])))
                : .h2(.text(t("public.breakdownsIn", ["period": t.period(period.period)]))),
            .forEach(Array(groups.enumerated())) { offset, group in
                .div(.class("public-group"),
                    .p(.class("chart-label"), .text(group.0)),
                    // Bars where there is room; on a phone the same figures as a short table.
                    .div(.class("chart-wrap wide-only"),
                         .raw(BarChart(title: group.0, description: t("public.barsDescription", ["name": group.0, "k": t.count(k)]),
                                       bars: group.1.map { BarChart.Bar(label: $0.name, value: $0.cell.value) }, words: words, format: format)
                            .svg(id: "\(id)-bars-\(offset)"))),
                    .table(.class("narrow-only compact"),
                        .caption(.class("visually-hidden"), .text(group.0)),
                        .tbody(.forEach(group.1) { row in
                            .tr(.th(.attribute(named: "scope", value: "row"), .text(row.name)), cell(row.cell, format))
                        })))
            })
    }

    private func figuresTable() -> Node<HTML.BodyContext> {
        let isRatio = indicator.rule == AggregationRule.ratio.rawValue
        return .table(
            .caption(.text(t("public.figuresCaption", ["name": indicator.name]))),
            .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(t("public.period"))),
                       .th(.attribute(named: "scope", value: "col"), .text(t("public.value"))),
                       .if(isRatio, .group(.th(.attribute(named: "scope", value: "col"), .text(t("public.numerator"))),
                                           .th(.attribute(named: "scope", value: "col"), .text(t("public.denominator"))))))),
            .tbody(.forEach(indicator.periods) { period in
                .tr(.th(.attribute(named: "scope", value: "row"), .text(t.period(period.period))),
                    cell(period.total, format),
                    .if(isRatio, .group(cell(period.numerator ?? .suppressed, t.number), cell(period.denominator ?? .suppressed, t.number))))
            }))
    }

    private func cell(_ cell: PublicCell, _ format: (Double) -> String) -> Node<HTML.TableRowContext> {
        guard let value = cell.value else { return .td(.class("hidden-figure"), .text(hiddenWords)) }
        return .td(.class("num"), .text(format(value)))
    }
}

/// `/p/{slug}/embed/{code}`: one indicator's card alone, for an iframe on a partner's website.
struct PublicEmbedPage {
    let initiative: InitiativeModel
    let card: PublicIndicatorCard

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return HTML(
            .lang(chrome.language == .es ? .spanish : .english),
            Layout.head("\(card.indicator.name) · \(initiative.name)", chrome),
            .body(.class("embed"),
                .main(.class("page"),
                    card.node(headingLevel: 1),
                    .p(.class("meta"), .a(.href(SiteURL.publicResults(slug: initiative.slug).path), .target(.blank), .rel(.noopener),
                                          .text(t("public.embedMore", ["initiative": initiative.name]))))))
        )
    }
}
