import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// A printable briefing for a meeting: for each relevant indicator, the latest figure, its
/// trend, where it stands against the target, and the newest figure the body had last time.
struct DataWalkPage {
    let access: InitiativeAccess
    let meeting: MeetingModel
    let bodyName: String
    let items: [ResultsPage.Item]
    /// Whether the indicators were chosen by the body's strategies (else: all of them).
    let scoped: Bool
    let previous: MeetingModel?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("dataWalk.title", ["meeting": meeting.title]), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.meeting(slug: access.slug, id: meeting.id!).path), .text(meeting.title))),
            .h1(.text(t("dataWalk.heading"))),
            .p(.class("lead"), .text("\(meeting.title) · \(bodyName) · \(meeting.time.display(t))")),
            .p(.class("meta"), .text(scoped
                ? t("dataWalk.scoped", ["body": bodyName]) : t("dataWalk.all"))),
            .p(.class("meta"), .text(previous.map { t("dataWalk.lastTimeExplained", ["day": t.day($0.startsAt, in: $0.time.timeZone)]) }
                ?? t("dataWalk.firstMeeting", ["body": bodyName]))),
            .if(items.isEmpty, .div(.class("panel empty"), .p(.text(t("dataWalk.noIndicators"))))),
            .div(.class("packet"), .forEach(items) { card($0, t) }))
    }

    private func card(_ item: ResultsPage.Item, _ t: Texts) -> Node<HTML.BodyContext> {
        let unit = item.listing.current.definition.unit
        let suffix = unit == .percent ? "%" : ""
        let format: (Double) -> String = { t.number($0) + suffix }
        let name = item.listing.indicator.shownName
        let recent = item.series.suffix(12)
        let before = previous.flatMap { meeting in
            item.series.last { row in row.value != nil && (row.period?.end).map { $0 < meeting.startsAt } == true }
        }
        let change: String? = {
            guard let now = item.latest?.value, let then = before?.value, item.latest?.periodKey != before?.periodKey else { return nil }
            let delta = now - then
            let amount = t.number(abs(delta))
            if delta == 0 { return t("dataWalk.noChange") }
            if unit == .percent { return t(delta > 0 ? "dataWalk.upPoints" : "dataWalk.downPoints", ["amount": amount]) }
            return t(delta > 0 ? "dataWalk.up" : "dataWalk.down", ["amount": amount])
        }()
        return .section(.class("panel packet-card"), .attribute(named: "aria-label", value: escapedAttribute(name)),
            .h2(.a(.href(SiteURL.indicator(slug: access.slug, id: item.listing.indicator.id!).path), .text(name))),
            .dl(.class("charter"),
                .dt(.text(t("dataWalk.latest"))), .dd(.unwrap(item.latest, { latest in
                    .group(.strong(.text(latest.value.map(format) ?? t("targetStatus.no_data"))), .text(" · " + (latest.period.map(t.period) ?? latest.periodKey)))
                }, else: .text(t("dataWalk.noDataYet")))),
                .dt(.text(t("dataWalk.trend"))), .dd(.raw(Sparkline(label: t("dataWalk.trendOf", ["name": name]) + " " + recent.map { "\($0.period.map(t.period) ?? $0.periodKey) \($0.value.map(format) ?? t("dataWalk.noDataShort"))" }.joined(separator: ", "),
                                                        values: recent.map(\.value)).svg())),
                .dt(.text(t("dataWalk.target"))), .dd(.unwrap(item.target, { target in
                    .text(t("dataWalk.targetBy", ["value": format(target.targetValue), "day": t.day(target.targetDate, in: .gmt)]))
                }, else: .text(t("dataWalk.noneSet"))), .text(" "), targetStatusBadge(item.status, t)),
                .dt(.text(t("dataWalk.lastTime"))), .dd(.text(before.map { row in
                    "\(row.value.map(format) ?? t("targetStatus.no_data")) · \(row.period.map(t.period) ?? row.periodKey)" + "; " + (change.map { t("dataWalk.sinceThen", ["change": $0]) } ?? t("dataWalk.noNewer"))
                } ?? t("dataWalk.nothingToCompare")))))
    }
}
