import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// Outreach: how many people the initiative reached where, which strategies heard nothing from
/// the community lately, the events, and the feedback still awaiting an answer.
struct OutreachPage {
    let access: InitiativeAccess
    let desk: OutreachDesk
    let notice: Notice?

    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        Layout.page(t("outreach.title"), chrome,
            .div(.class("page-head"), .h1(.text(t("outreach.title"))),
                 .div(.class("actions"),
                      .if(access.can(.recordOutreach), .a(.class("button primary"), .href(SiteURL.outreachEventNew(slug: access.slug).path), .text(t("outreach.recordEvent")))),
                      .if(access.can(.recordOutreach), .a(.class("button"), .href(SiteURL.feedbackNew(slug: access.slug).path), .text(t("outreach.recordFeedback")))),
                      .a(.class("button"), .href(SiteURL.feedbackList(slug: access.slug).path), .text(t("outreach.allFeedback"))))),
            .p(.class("lead"), .text(t("outreach.lead"))),
            noticeBanner(notice, t),
            reach(), gaps(), events(), awaiting(), settings(chrome.csrfToken))
    }

    private func reach() -> Node<HTML.BodyContext> {
        let table = desk.reach
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "reach-title"),
            .h2(.id("reach-title"), .text(t("outreach.reachTitle", ["count": String(OutreachDesk.quarters)]))),
            table.rows.isEmpty ? .p(.text(t("outreach.noReach"))) : .group(
                .div(.class("chart-wrap"), .attribute(named: "tabindex", value: "0"),
                     .raw(BarChart(title: t("outreach.reachChart"), description: t("outreach.reachChartDescription", ["count": t.count(table.rows.count)]),
                                   bars: table.rows.map { BarChart.Bar(label: $0.neighborhood, value: Double($0.total)) }, words: chartWords(t)) { t.count(Int($0)) }
                        .svg(id: "reach-chart"))),
                tableFrame(.table(.class("table"),
                    .caption(.text(t("outreach.reachCaption"))),
                    .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(t("outreach.neighborhood"))),
                               .forEach(table.quarters) { .th(.attribute(named: "scope", value: "col"), .class("num"), .text(t.period($0))) },
                               .th(.attribute(named: "scope", value: "col"), .class("num"), .text(t("funding.total"))))),
                    .tbody(.forEach(table.rows) { row in
                        .tr(.th(.attribute(named: "scope", value: "row"), .text(row.neighborhood)),
                            .forEach(table.quarters) { .td(.class("num"), .text(row.byQuarter[$0.key].map { t.count($0) } ?? "—")) },
                            .td(.class("num"), .strong(.text(t.count(row.total)))))
                    })))))
    }

    private func gaps() -> Node<HTML.BodyContext> {
        let without = desk.strategiesWithoutInput
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "gaps-title"),
            .h2(.id("gaps-title"), .text(t("outreach.gapsTitle", ["months": String(desk.months)]))),
            .p(.class("year-nav"), .text(t("outreach.monthsChoice")), .text(" "),
               .forEach(CommunityInputGap.monthChoices) { months in
                   months == desk.months ? .strong(.attribute(named: "aria-current", value: "page"), .text(t("outreach.months", ["months": String(months)])))
                       : .a(.href(escapedAttribute(SiteURL.outreach(slug: access.slug).path + "?months=\(months)")), .text(t("outreach.months", ["months": String(months)])))
               }),
            desk.strategies.isEmpty ? .p(.text(t("plan.noStrategies")))
                : without.isEmpty ? .p(.span(.class("status status-ok"), .text(t("outreach.noGaps"))))
                : .ul(.class("plain-list"), .forEach(without) { id in
                    .li(.span(.class("status status-warn"), .text(t("outreach.noInput"))), .text(" " + desk.strategyName(id)))
                }))
    }

    private func events() -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "events-title"),
            .h2(.id("events-title"), .text(t("outreach.events"))),
            desk.events.isEmpty ? .p(.text(t("outreach.noEvents"))) : tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text(t("outreach.day"))), .th(.text(t("outreach.event"))), .th(.text(t("outreach.kind"))), .th(.text(t("outreach.place"))),
                           .th(.text(t("outreach.organizers"))), .th(.text(t("outreach.languages"))), .th(.class("num"), .text(t("outreach.reached"))))),
                .tbody(.forEach(desk.events.prefix(Self.shownEvents)) { event in
                    .tr(.td(.text(t.day(event.day.start, in: .gmt))),
                        .td(.a(.href(SiteURL.outreachEvent(slug: access.slug, id: event.id!).path), .text(event.title))),
                        .td(.text(event.parsedKind.title(t))),
                        .td(.text(event.place)),
                        .td(.text((desk.organizers[event.id!] ?? []).compactMap { desk.names[$0] }.sorted().joined(separator: ", "))),
                        .td(.text(event.languages.map(OutreachLanguages.name).joined(separator: ", "))),
                        .td(.class("num"), .text(t.count(event.peopleReached))))
                }))),
            .if(desk.events.count > Self.shownEvents,
                .p(.class("meta"), .text(t("outreach.latestOnly", ["shown": t.count(Self.shownEvents), "count": t.count(desk.events.count)])))))
    }

    /// The latest events the page lists; the API has them all.
    static let shownEvents = 100

    private func awaiting() -> Node<HTML.BodyContext> {
        let waiting = desk.awaitingResponse
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "awaiting-title"),
            .h2(.id("awaiting-title"), .text(t("outreach.awaiting", ["count": t.count(waiting.count)]))),
            waiting.isEmpty ? .p(.text(t("outreach.allAnswered")))
                : .ul(.class("plain-list"), .forEach(waiting.prefix(5)) { item in
                    .li(.a(.href(SiteURL.feedbackItem(slug: access.slug, id: item.id!).path), .text(String(item.text.prefix(140)))),
                        .text(" · " + t.day(item.day.start, in: .gmt)))
                }),
            .p(.a(.href(SiteURL.feedbackList(slug: access.slug).path), .text(t("outreach.allFeedback")))))
    }

    private func settings(_ csrf: String) -> Node<HTML.BodyContext> {
        .if(access.can(.manageOutreach), .section(.class("panel"), .attribute(named: "aria-labelledby", value: "voice-title"),
            .h2(.id("voice-title"), .text(t("outreach.voiceTitle"))),
            .p(.text(t("outreach.voiceLead"))),
            .if(desk.voicePublic, .p(.a(.href(SiteURL.publicVoice(slug: access.slug).path), .text(t("outreach.voiceLink"))))),
            .form(.method(.post), .action(SiteURL.outreachSettings(slug: access.slug).path), .class("stack"),
                  csrfField(csrf),
                  .div(.class("check"),
                       .input(.type(.checkbox), .id("voicePublic"), .name("voicePublic"), .attribute(named: "checked", value: desk.voicePublic ? "checked" : nil)),
                       .label(.for("voicePublic"), .text(t("outreach.voiceOpen")))),
                  .button(.type(.submit), .class("button"), .text(t("outreach.voiceSave"))))))
    }
}
