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
        let latest: RollupModel?
        let target: TargetModel?
        let status: TargetStatus

        init(listing: IndicatorListing, totals: [RollupModel], target: TargetModel?) {
            self.listing = listing
            let native = listing.indicator.parsedFrequency.rawValue
            // One figure per period: the newest definition version reported in it.
            let byPeriod = Dictionary(grouping: totals.filter { $0.frequency == native }, by: \.periodKey)
                .compactMapValues { $0.max { $0.version < $1.version } }
            series = byPeriod.values.sorted { $0.periodKey < $1.periodKey }
            latest = series.last { $0.value != nil }
            self.target = target
            let point = latest.flatMap { row in row.value.flatMap { value in row.period.map { Trajectory.Point(date: $0.end, value: value) } } }
            status = target?.trajectory(listing.indicator.parsedPolarity).status(of: point) ?? .noData
        }
    }

    let access: InitiativeAccess
    let items: [Item]
    let provisional: Bool

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Results", chrome,
            .h1(.text("Results")),
            .p(.class("lead"), .text("Where the initiative stands on each shared measure: the latest figure across partners, its trend, and the target.")),
            .p(.class("meta"), .text(provisional
                ? "Figures include reports submitted but not yet approved; those are marked provisional."
                : "Figures count approved reports only.")),
            .if(items.isEmpty, .div(.class("panel empty"), .p(.text("No indicators yet. The backbone adds them under Indicators.")))),
            .if(!items.isEmpty, .div(.class("table-wrap"), .table(.class("table results-table"),
                .caption(.text("\(items.count) indicators")),
                .thead(.tr(.th(.text("Indicator")), .th(.class("num"), .text("Latest")), .th(.text("Trend")),
                           .th(.text("Target")), .th(.text("Status")), .th(.class("num"), .text("Partners counted")))),
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
                       .span(.class("meta"), .text((latest.period?.description ?? latest.periodKey) + (latest.provisionalSources > 0 ? " · provisional" : ""))))
            }, else: .text("No data yet"))),
            .td(.raw(Sparkline(label: "Trend of \(name): " + recent.map { "\($0.period?.shortLabel ?? $0.periodKey) \($0.value.map(format) ?? "no data")" }.joined(separator: ", "),
                               values: recent.map(\.value)).svg())),
            .td(.unwrap(item.target, { target in
                .group(.text("\(format(target.targetValue)) by \(target.targetDate.formatted(.iso8601.year().month().day()))"),
                       .raw(ProgressBar(label: "Progress from the baseline \(format(target.baselineValue)) towards the target",
                                        baseline: target.baselineValue, target: target.targetValue, latest: item.latest?.value).svg()))
            }, else: .span(.class("meta"), .text("None set")))),
            .td(.span(.class("status status-\(style)"), .text(item.status.title))),
            .td(.class("num"), .text(item.latest.map { "\($0.sources) of \(item.listing.assignmentCount)" } ?? "—")))
    }
}
