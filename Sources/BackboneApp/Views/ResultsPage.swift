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
            let input = ForecastInput(rows: all, frequency: listing.indicator.parsedFrequency, definition: listing.current.definition,
                                      partnersRequired: listing.assignmentCount)
            status = target?.status(input, polarity: listing.indicator.parsedPolarity) ?? .noData
        }
    }

    let access: InitiativeAccess
    let items: [Item]
    let provisional: Bool
    /// The viewer's partner organization, when they belong to one.
    var ownName: String? = nil

    /// The page's content, the same for every viewer of one visibility class (role, partner
    /// organization, language): what `AnswerCache` keeps.
    func content(_ t: Texts) -> Node<HTML.BodyContext> {
        .group(
            .div(.class("page-head"), .h1(.text(t("nav.results"))),
                 .div(.class("actions"),
                      .a(.class("button secondary"), .href(SiteURL.impactReports(slug: access.slug).path), .text(t("impact.title"))),
                      .if(access.can(.managePublishing), .a(.class("button secondary"), .href(SiteURL.publishing(slug: access.slug).path), .text(t("publishing.title")))))),
            .p(.class("lead"), .text(t("results.lead"))),
            .p(.class("meta"), .text(provisional ? t("results.provisional") : t("results.approvedOnly")),
               .if(!items.isEmpty, .group(.text(" "), .a(.href(SiteURL.resultsCSV(slug: access.slug).path), .attribute(named: "download", value: ""),
                                                         .text(t("results.downloadCSV")))))),
            .unwrap(ownName) { name in
                .p(.class("meta"), .text(t("results.ownColumn", ["organization": name])))
            },
            .if(items.isEmpty, .div(.class("panel empty"), .p(.text(t("results.none"))))),
            liveHooks(slug: access.slug, indicatorID: nil),
            .if(!items.isEmpty, tableFrame(.data(named: "live-region", value: "results"), .table(.class("table results-table"),
                .caption(.text(t("results.count", ["count": t.count(items.count)]))),
                .thead(.tr(.th(.text(t("history.indicator"))), .th(.class("num"), .text(t("results.latest"))), .th(.text(t("results.trend"))),
                           .th(.text(t("results.target"))), .th(.text(t("results.status"))), .th(.class("num"), .text(t("results.partnersCounted"))),
                           .unwrap(ownName) { .th(.class("num"), .text($0)) })),
                .tbody(.forEach(items) { row($0, t) })))))
    }

    /// The whole page around content rendered earlier (`content(_:)`).
    static func page(content: String, _ chrome: Chrome) -> HTML {
        Layout.page(chrome.t("nav.results"), chrome, .raw(content))
    }

    /// Each cell names its column in `data-label`, so that on a phone a row reads as a card.
    private func row(_ item: Item, _ t: Texts) -> Node<HTML.TableContext> {
        let unit = item.listing.current.definition.unit
        let suffix = unit == .percent ? "%" : ""
        let format: (Double) -> String = { t.number($0) + suffix }
        func label(_ key: String) -> Node<HTML.BodyContext> { .data(named: "label", value: escapedAttribute(t(key))) }
        let recent = item.series.suffix(12)
        let name = item.listing.indicator.shownName
        return .tr(
            .td(.a(.href(SiteURL.indicator(slug: access.slug, id: item.listing.indicator.id!).path), .text(name)),
                .br(), .span(.class("meta"), .text("\(t.frequency(item.listing.indicator.parsedFrequency)) · \(t.unit(unit))"))),
            .td(.class("num"), label("results.latest"), .unwrap(item.latest, { latest in
                .group(.strong(.text(latest.value.map(format) ?? t("targetStatus.no_data"))), .br(),
                       .span(.class("meta"), .text((latest.period.map(t.period) ?? latest.periodKey) + (latest.provisionalSources > 0 ? " · " + t("results.provisionalMark") : ""))),
                       .unwrap(item.partial) { partial in
                           .group(.br(), .span(.class("meta"), .text(t("results.soFar", ["period": partial.period.map(t.period) ?? partial.periodKey, "count": t.count(partial.sources), "total": t.count(item.listing.assignmentCount)]))))
                       })
            }, else: .text(t("dataWalk.noDataYet")))),
            .td(label("results.trend"), .raw(Sparkline(label: t("dataWalk.trendOf", ["name": name]) + " " + recent.map { "\($0.period.map(t.period) ?? $0.periodKey) \($0.value.map(format) ?? t("dataWalk.noDataShort"))" }.joined(separator: ", "),
                               values: recent.map(\.value)).svg())),
            .td(label("results.target"), .unwrap(item.target, { target in
                .group(.text(t("dataWalk.targetBy", ["value": format(target.targetValue), "day": t.day(target.targetDate, in: .gmt)])),
                       .raw(ProgressBar(label: t("results.progress", ["baseline": format(target.baselineValue)]),
                                        baseline: target.baselineValue, target: target.targetValue, latest: item.latest?.value).svg()))
            }, else: .span(.class("meta"), .text(t("dataWalk.noneSet"))))),
            .td(label("results.status"), targetStatusBadge(item.status, t)),
            .td(.class("num"), label("results.partnersCounted"), .text(item.latest.map { t("history.ofDenominator", ["numerator": t.count($0.sources), "denominator": t.count(item.listing.assignmentCount)]) } ?? "—")),
            .unwrap(item.ownByPeriod) { own in
                .td(.class("num"), .data(named: "label", value: escapedAttribute(ownName ?? "")), own.isEmpty ? .span(.class("meta"), .text("—"))
                    : .text(item.latest.flatMap { own[$0.periodKey]?.value }.map(format) ?? t("results.noOwnFigure")))
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
