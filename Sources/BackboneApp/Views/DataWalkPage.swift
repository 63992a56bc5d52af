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
        Layout.page("Data walk: \(meeting.title)", chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.meeting(slug: access.slug, id: meeting.id!).path), .text(meeting.title))),
            .h1(.text("Data walk packet")),
            .p(.class("lead"), .text("\(meeting.title) · \(bodyName) · \(meeting.time.display)")),
            .p(.class("meta"), .text(scoped
                ? "The indicators measuring what \(bodyName)'s strategies contribute to, as the theory of change links them."
                : "Every indicator of the initiative.")),
            .p(.class("meta"), .text(previous.map { "“Last time” is the newest figure for a period that had ended before the previous meeting (\($0.time.fields.day))." }
                ?? "This is the first meeting of \(bodyName): there is nothing to compare with yet.")),
            .if(items.isEmpty, .div(.class("panel empty"), .p(.text("No indicators are linked to this body's strategies yet.")))),
            .div(.class("packet"), .forEach(items) { card($0) }))
    }

    private func card(_ item: ResultsPage.Item) -> Node<HTML.BodyContext> {
        let unit = item.listing.current.definition.unit
        let suffix = unit == .percent ? "%" : ""
        let format: (Double) -> String = { MeasurementText.number($0) + suffix }
        let name = item.listing.indicator.name
        let recent = item.series.suffix(12)
        let before = previous.flatMap { meeting in
            item.series.last { row in row.value != nil && (row.period?.end).map { $0 < meeting.startsAt } == true }
        }
        let change: String? = {
            guard let now = item.latest?.value, let then = before?.value, item.latest?.periodKey != before?.periodKey else { return nil }
            let delta = now - then
            let points = unit == .percent ? " points" : ""
            return delta == 0 ? "no change" : (delta > 0 ? "up " : "down ") + MeasurementText.number(abs(delta)) + points
        }()
        let style: String = switch item.status {
        case .onTrack: "ok"
        case .atRisk: "warn"
        case .offTrack: "bad"
        case .noData: "muted"
        }
        return .section(.class("panel packet-card"), .attribute(named: "aria-label", value: escapedAttribute(name)),
            .h2(.a(.href(SiteURL.indicator(slug: access.slug, id: item.listing.indicator.id!).path), .text(name))),
            .dl(.class("charter"),
                .dt(.text("Latest")), .dd(.unwrap(item.latest, { latest in
                    .group(.strong(.text(latest.value.map(format) ?? "No data")), .text(" · " + (latest.period?.description ?? latest.periodKey)))
                }, else: .text("No data yet"))),
                .dt(.text("Trend")), .dd(.raw(Sparkline(label: "Trend of \(name): " + recent.map { "\($0.period?.shortLabel ?? $0.periodKey) \($0.value.map(format) ?? "no data")" }.joined(separator: ", "),
                                                        values: recent.map(\.value)).svg())),
                .dt(.text("Target")), .dd(.unwrap(item.target, { target in
                    .text("\(format(target.targetValue)) by \(target.targetDate.formatted(.iso8601.year().month().day()))")
                }, else: .text("None set")), .text(" "), .span(.class(escapedAttribute("status status-\(style)")), .text(item.status.title))),
                .dt(.text("Last time")), .dd(.text(before.map { row in
                    "\(row.value.map(format) ?? "No data") · \(row.period?.description ?? row.periodKey)" + (change.map { "; since then \($0)" } ?? "; no newer figure yet")
                } ?? "Nothing to compare with"))))
    }
}
