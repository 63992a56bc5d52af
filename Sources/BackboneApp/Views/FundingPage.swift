import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The funding of one year: what is secured against each strategy's need (gaps marked in words
/// as well as colour), the backbone's budget coverage, commitments ending soon, and a timeline.
/// A funder's people see their own commitments and the results of what they fund.
struct FundingPage {
    let access: InitiativeAccess
    let desk: FundingDesk
    let notice: Notice?

    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        let year = desk.year
        return Layout.page(t("funding.title"), chrome,
            .div(.class("page-head"), .h1(.text(t("funding.title"))),
                 .div(.class("actions"),
                      .if(access.can(.manageFunding), .a(.class("button primary"), .href(SiteURL.fundingCommitmentNew(slug: access.slug).path), .text(t("funding.record")))),
                      .if(access.can(.manageFunding), .a(.class("button"), .href(escapedAttribute(SiteURL.fundingNeeds(slug: access.slug).path + "?year=\(year)")), .text(t("funding.needs")))),
                      .if(access.can(.viewFunding) || FundingDesk.ownFunder(access) != nil,
                          .a(.class("button"), .href(SiteURL.fundingCommitments(slug: access.slug).path), .text(t("funding.commitments")))))),
            .p(.class("lead"), .text(t("funding.lead"))),
            noticeBanner(notice, t),
            .nav(.class("year-nav"), .attribute(named: "aria-label", value: escapedAttribute(t("funding.years"))),
                 .a(.href(escapedAttribute(SiteURL.funding(slug: access.slug).path + "?year=\(year - 1)")), .text("← \(year - 1)")),
                 .strong(.attribute(named: "aria-current", value: "page"), .text(String(year))),
                 .a(.href(escapedAttribute(SiteURL.funding(slug: access.slug).path + "?year=\(year + 1)")), .text("\(year + 1) →"))),
            .if(desk.map == nil, .div(.class("panel"), .p(.text(t("funding.notPublished"))))),
            .unwrap(desk.map) { map in .group(summary(map), mapTable(map), mapCards(map)) },
            .if(FundingDesk.ownFunder(access) != nil, funded()),
            ending(chrome),
            timeline(chrome))
    }

    private func name(_ id: UUID) -> String { desk.names[id] ?? "—" }

    private func summary(_ map: FundingMap) -> Node<HTML.BodyContext> {
        let coverage = map.backbone
        let gaps = map.strategies.filter(\.isGap)
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "summary-title"),
            .h2(.id("summary-title"), .text(t("funding.summary", ["year": String(map.year)]))),
            .dl(.class("facts"),
                .dt(.text(t("funding.securedYear"))), .dd(.text(t.money(map.total))),
                .dt(.text(t("funding.backboneCoverage"))),
                .dd(.text(coverage.budget.map { budget in
                        t("funding.coverageLine", ["secured": t.money(coverage.secured.amount(in: budget.currency)), "budget": t.money(budget),
                                                   "percent": t.count(Int(coverage.percent ?? 0))])
                    } ?? t("funding.noBudget")),
                    .unwrap(coverage.percent) { percent in
                        .element(named: "meter", nodes: [.class("coverage-meter"), .attribute(named: "min", value: "0"), .attribute(named: "max", value: "100"),
                                                         .attribute(named: "value", value: escapedAttribute(String(min(100, percent)))),
                                                         .attribute(named: "aria-label", value: escapedAttribute(t("funding.backboneCoverage"))),
                                                         .text("\(percent)%")])
                    }),
                .dt(.text(t("funding.gaps"))),
                .dd(.text(gaps.isEmpty ? t("funding.noGaps", ["percent": String(map.gapPercent)])
                          : t("funding.gapCount", ["count": t.count(gaps.count), "percent": String(map.gapPercent),
                                                   "names": gaps.map(\.name).joined(separator: ", ")])))))
    }

    /// The words for a strategy's line: a gap, a need not stated, or the share funded.
    private func standing(_ line: FundingMap.StrategyLine, _ map: FundingMap) -> (text: String, tone: String) {
        if line.isGap { return (t("funding.gap", ["percent": t.count(Int(line.fundedPercent ?? 0))]), "status-bad") }
        if line.needMissing { return (t("funding.needMissing"), "status-warn") }
        if let percent = line.fundedPercent { return (t("funding.fundedPercent", ["percent": t.count(Int(percent))]), "status-ok") }
        return (line.hasActivities ? t("funding.needMissing") : t("funding.noActivities"), "status-muted")
    }

    private func mapTable(_ map: FundingMap) -> Node<HTML.BodyContext> {
        .section(.class("panel wide-only-block"), .attribute(named: "aria-labelledby", value: "map-title"),
            .h2(.id("map-title"), .text(t("funding.mapTitle", ["year": String(map.year)]))),
            .p(.class("hint"), .text(t("funding.mapHint"))),
            tableFrame(.table(.class("table funding-map"),
                .caption(.class("visually-hidden"), .text(t("funding.mapTitle", ["year": String(map.year)]))),
                .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(t("changeKind.strategy"))),
                           .forEach(map.funders) { .th(.attribute(named: "scope", value: "col"), .text(name($0))) },
                           .th(.attribute(named: "scope", value: "col"), .text(t("funding.secured"))),
                           .th(.attribute(named: "scope", value: "col"), .text(t("commitmentStatus.pledged"))),
                           .th(.attribute(named: "scope", value: "col"), .text(t("funding.need"))),
                           .th(.attribute(named: "scope", value: "col"), .text(t("funding.standing"))))),
                .tbody(
                    .forEach(map.strategies) { line in
                        let standing = standing(line, map)
                        return .tr(.if(line.isGap, .class("gap-row")),
                            .th(.attribute(named: "scope", value: "row"), .text(line.name)),
                            .forEach(map.funders) { .td(.class("num"), .text(t.money(line.byFunder[$0] ?? MoneyTotals()))) },
                            .td(.class("num"), .strong(.text(t.money(line.secured)))),
                            .td(.class("num"), .text(t.money(line.pledged))),
                            .td(.class("num"), .text(line.need.map(t.money) ?? "—")),
                            .td(.span(.class(escapedAttribute("status \(standing.tone)")), .text(standing.text))))
                    },
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(t("restrictionKind.backbone"))),
                        .forEach(map.funders) { .td(.class("num"), .text(t.money(map.backbone.byFunder[$0] ?? MoneyTotals()))) },
                        .td(.class("num"), .strong(.text(t.money(map.backbone.secured)))),
                        .td(.class("num"), .text(t.money(map.backbone.pledged))),
                        .td(.class("num"), .text(map.backbone.budget.map(t.money) ?? "—")),
                        .td(.text(map.backbone.percent.map { t("funding.fundedPercent", ["percent": t.count(Int($0))]) } ?? t("funding.noBudget")))),
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(t("funding.elsewhere"))),
                        .forEach(map.funders) { .td(.class("num"), .text(t.money(map.elsewhere[$0] ?? MoneyTotals()))) },
                        .td(.class("num"), .strong(.text(t.money(map.elsewhere.values.reduce(into: MoneyTotals()) { $0.add($1) })))),
                        .td(), .td(), .td())),
                .tfoot(.tr(.th(.attribute(named: "scope", value: "row"), .text(t("funding.total"))),
                           .forEach(map.funders) { .td(.class("num"), .strong(.text(t.money(map.byFunder[$0] ?? MoneyTotals())))) },
                           .td(.class("num"), .strong(.text(t.money(map.total)))), .td(), .td(), .td())))))
    }

    /// The map on a phone: a card per strategy with the same facts.
    private func mapCards(_ map: FundingMap) -> Node<HTML.BodyContext> {
        .section(.class("narrow-cards"), .attribute(named: "aria-labelledby", value: "cards-title"),
            .h2(.id("cards-title"), .text(t("funding.mapTitle", ["year": String(map.year)]))),
            .ul(.class("card-grid"), .forEach(map.strategies) { line in
                let standing = standing(line, map)
                return .li(.class("card"),
                    .h3(.text(line.name)),
                    .p(.span(.class(escapedAttribute("status \(standing.tone)")), .text(standing.text))),
                    .dl(.class("facts"),
                        .dt(.text(t("funding.secured"))), .dd(.text(t.money(line.secured))),
                        .dt(.text(t("funding.need"))), .dd(.text(line.need.map(t.money) ?? "—")),
                        .dt(.text(t("commitmentStatus.pledged"))), .dd(.text(t.money(line.pledged)))),
                    .if(!line.byFunder.isEmpty, .ul(.class("plain-list"), .forEach(map.funders.filter { line.byFunder[$0] != nil }) { funder in
                        .li(.text("\(name(funder)): \(t.money(line.byFunder[funder]!))"))
                    })))
            }))
    }

    private func funded() -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "funded-title"),
            .h2(.id("funded-title"), .text(t("funding.whatYouFund"))),
            .if(desk.funded.isEmpty, .p(.text(t("funding.fundsNoStrategy")))),
            .forEach(desk.funded) { strategy in
                .group(.h3(.text(strategy.name)),
                       strategy.results.isEmpty ? .p(.class("hint"), .text(t("funding.noIndicators")))
                           : .ul(.class("plain-list"), .forEach(strategy.results) { result in
                               .li(.a(.href(SiteURL.indicator(slug: access.slug, id: result.indicatorID).path), .text(result.name)), .text(": "),
                                   .text(result.latest.map { t.number(($0 * 10).rounded() / 10) + (result.isPercent ? "%" : "") } ?? "—"),
                                   .unwrap(result.period.flatMap(ReportingPeriod.init(key:))) { .text(" (\(t.period($0)))") },
                                   .text(" · "), targetStatusBadge(result.status))
                           }))
            },
            .p(.a(.href(SiteURL.impactReports(slug: access.slug).path), .text(t("funding.releasedReports")))))
    }

    private func ending(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let ending = desk.endingSoon
        return .if(!desk.commitments.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "ending-title"),
            .h2(.id("ending-title"), .text(t("funding.endingSoon", ["days": String(RenewalWindow.days)]))),
            ending.isEmpty ? .p(.text(t("funding.noneEnding")))
                : .ul(.class("plain-list"), .forEach(ending) { commitment in
                    .li(.a(.href(SiteURL.fundingCommitment(slug: access.slug, id: commitment.id!).path), .text(commitment.title)),
                        .text(" · \(name(commitment.funderID)) · \(t.money(commitment.amount)) · "),
                        .text(t("funding.endsOn", ["day": t.day(commitment.lastDay.start, in: .gmt)])))
                })))
    }

    private func timeline(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let commitments = desk.commitments.filter { $0.parsedStatus != .prospect }
        guard !commitments.isEmpty else { return .empty }
        let lanes = Dictionary(grouping: commitments, by: \.funderID).sorted { name($0.key) < name($1.key) }.map { funder, items in
            Timeline.Lane(title: name(funder), bars: items.map { commitment in
                Timeline.Bar(label: "\(commitment.title) · \(commitment.parsedStatus.title(t).lowercased())",
                             start: commitment.firstDay.start, end: commitment.lastDay.start.addingTimeInterval(86_400),
                             tone: "tone-" + commitment.status, href: SiteURL.fundingCommitment(slug: access.slug, id: commitment.id!).path)
            })
        }
        let today = desk.today.start
        let from = min(commitments.map(\.firstDay.start).min() ?? today, today).addingTimeInterval(-15 * 86_400)
        // Room after the last day for the next year's label.
        let to = max(commitments.map(\.lastDay.start).max() ?? today, today).addingTimeInterval(60 * 86_400)
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "timeline-title"),
            .h2(.id("timeline-title"), .text(t("funding.timeline"))),
            .div(.class("diagram-wrap"), .attribute(named: "tabindex", value: "0"),
                 .raw(Timeline(title: t("funding.timeline"),
                               summary: t("funding.timelineSummary", ["count": t.count(commitments.count), "funders": t.count(lanes.count),
                                                                      "from": t.day(from, in: .gmt), "to": t.day(to, in: .gmt)]),
                               lanes: lanes, from: from, to: to, today: today, words: chartWords(t)).svg(id: "funding-timeline"))),
            .ul(.class("legend"), .attribute(named: "aria-label", value: escapedAttribute(t("plan.legend"))),
                .forEach(CommitmentStatus.allCases.filter { $0 != .prospect }) { status in
                    .li(.span(.class(escapedAttribute("swatch tone-\(status.rawValue)")), .attribute(named: "aria-hidden", value: "true")), .text(status.title(t)))
                },
                .li(.span(.class("swatch today"), .attribute(named: "aria-hidden", value: "true")), .text(t("chart.today")))),
            .p(.a(.href(SiteURL.fundingCommitments(slug: access.slug).path), .text(t("funding.asTable")))))
    }
}
