import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// Every indicator of the initiative at a glance: latest figure, trend, target, status and how
/// many partners are counted.
struct ResultsPage {
    struct Item {
        let listing: IndicatorListing
        /// The initiative's totals at the indicator's frequency, oldest first, one per period.
        let series: [RollupModel]
        /// The latest period every assigned partner is counted in (or, when there is none, the
        /// latest with any figure): a total from some partners only is not the initiative's.
        let latest: RollupModel?
        /// A newer period that only some partners have reported yet.
        let partial: RollupModel?
        let target: TargetModel?
        let status: TargetStatus
        /// The viewer's own organization's figures by period (nil: not a partner's member; empty:
        /// the organization does not report this indicator).
        var ownByPeriod: [String: RollupModel]? = nil

        /// `totals`: the initiative's totals by frequency, one per period, oldest first.
        init(listing: IndicatorListing, totals: [String: [RollupModel]], target: TargetModel?) {
            self.listing = listing
            let all = totals[listing.indicator.parsedFrequency.rawValue] ?? []
            let counted = all.filter { $0.value != nil }
            let latest = counted.last { $0.sources >= max(1, listing.assignmentCount) } ?? counted.last
            self.latest = latest
            partial = counted.last.flatMap { newest in latest.map { newest.periodKey > $0.periodKey } == true ? newest : nil }
            series = all.filter { row in latest.map { row.periodKey <= $0.periodKey } ?? true }
            self.target = target
            let point = latest.flatMap { row in row.value.flatMap { value in row.period.map { Trajectory.Point(date: $0.end, value: value) } } }
            status = target?.trajectory(listing.indicator.parsedPolarity).status(of: point) ?? .noData
        }
    }

    let access: InitiativeAccess
    let items: [Item]
    let provisional: Bool
    /// The viewer's partner organization, when they belong to one.
    var ownName: String? = nil

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Results", chrome,
            .h1(.text("Results")),
            .p(.class("lead"), .text("Where the initiative stands on each shared measure: the latest figure across partners, its trend, and the target.")),
            .p(.class("meta"), .text(provisional
                ? "Figures include reports submitted but not yet approved; those are marked provisional."
                : "Figures count approved reports only.")),
            .unwrap(ownName) { name in
                .p(.class("meta"), .text("The last column shows \(name)'s own figure for the same period; a dash means it does not report that indicator."))
            },
            .if(items.isEmpty, .div(.class("panel empty"), .p(.text("No indicators yet. The backbone adds them under Indicators.")))),
            liveHooks(slug: access.slug, indicatorID: nil),
            .if(!items.isEmpty, tableFrame(.data(named: "live-region", value: "results"), .table(.class("table results-table"),
                .caption(.text("\(items.count) indicators")),
                .thead(.tr(.th(.text("Indicator")), .th(.class("num"), .text("Latest")), .th(.text("Trend")),
                           .th(.text("Target")), .th(.text("Status")), .th(.class("num"), .text("Partners counted")),
                           .unwrap(ownName) { .th(.class("num"), .text($0)) })),
                .tbody(.forEach(items) { row($0) })))))
    }

    private func row(_ item: Item) -> Node<HTML.TableContext> {
        let unit = item.listing.current.definition.unit
        let suffix = unit == .percent ? "%" : ""
        let format: (Double) -> String = { MeasurementText.number($0) + suffix }
        let recent = item.series.suffix(12)
        let style: String = switch item.status {
        case .onTrack: "ok"
        case .atRisk: "warn"
        case .offTrack: "bad"
        case .noData: "muted"
        }
        let name = item.listing.indicator.name
        return .tr(
            .td(.a(.href(SiteURL.indicator(slug: access.slug, id: item.listing.indicator.id!).path), .text(name)),
                .br(), .span(.class("meta"), .text("\(MeasurementText.frequency(item.listing.indicator.parsedFrequency)) · \(unit.description)"))),
            .td(.class("num"), .unwrap(item.latest, { latest in
                .group(.strong(.text(latest.value.map(format) ?? "No data")), .br(),
                       .span(.class("meta"), .text((latest.period?.description ?? latest.periodKey) + (latest.provisionalSources > 0 ? " · provisional" : ""))),
                       .unwrap(item.partial) { partial in
                           .group(.br(), .span(.class("meta"), .text("\(partial.period?.description ?? partial.periodKey) so far: \(partial.sources) of \(item.listing.assignmentCount)")))
                       })
            }, else: .text("No data yet"))),
            .td(.raw(Sparkline(label: "Trend of \(name): " + recent.map { "\($0.period?.shortLabel ?? $0.periodKey) \($0.value.map(format) ?? "no data")" }.joined(separator: ", "),
                               values: recent.map(\.value)).svg())),
            .td(.unwrap(item.target, { target in
                .group(.text("\(format(target.targetValue)) by \(target.targetDate.formatted(.iso8601.year().month().day()))"),
                       .raw(ProgressBar(label: "Progress from the baseline \(format(target.baselineValue)) towards the target",
                                        baseline: target.baselineValue, target: target.targetValue, latest: item.latest?.value).svg()))
            }, else: .span(.class("meta"), .text("None set")))),
            .td(.span(.class(escapedAttribute("status status-\(style)")), .text(item.status.title))),
            .td(.class("num"), .text(item.latest.map { "\($0.sources) of \(item.listing.assignmentCount)" } ?? "—")),
            .unwrap(item.ownByPeriod) { own in
                .td(.class("num"), own.isEmpty ? .span(.class("meta"), .text("—"))
                    : .text(item.latest.flatMap { own[$0.periodKey]?.value }.map(format) ?? "No figure for this period"))
            })
    }
}

/// What an open results page needs to keep itself current: where to listen (`live.js`), which
/// indicator it shows, and a polite status line announcing each refresh to screen readers.
func liveHooks(slug: String, indicatorID: UUID?) -> Node<HTML.BodyContext> {
    .group(
        .div(.id("live"), .data(named: "live-url", value: SiteURL.live(slug: slug).path),
             .unwrap(indicatorID) { .data(named: "live-indicator", value: escapedAttribute($0.uuidString)) }),
        .p(.id("live-status"), .class("visually-hidden"), .attribute(named: "role", value: "status")),
        .element(named: "script", nodes: [.attribute(named: "src", value: SiteURL.liveScript.path), .attribute(named: "defer")]))
}
