import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The initiative's results in a few lines for the home page: how many indicators are on track,
/// at risk or off track, and the few whose latest figure moved most.
struct ResultsGlance {
    struct Mover {
        let indicatorID: UUID
        let name: String
        let previous: Double
        let latest: Double
        let percent: Bool
        let polarity: Polarity

        /// The change relative to the previous figure: what "moved most" ranks by, so that
        /// indicators of different sizes compare.
        var relativeChange: Double { abs(latest - previous) / abs(previous) }
    }

    let counts: [TargetStatus: Int]
    let movers: [Mover]
    /// The learning summary's first statements over the last four quarters (for those who steer).
    var statements: [LearningStatement] = []
    var latestReport: ImpactReportModel?

    init(_ items: [ResultsPage.Item], moversShown: Int = 3) {
        counts = Dictionary(grouping: items, by: \.status).mapValues(\.count)
        movers = items.compactMap { item -> Mover? in
            let counted = item.series.compactMap(\.value)
            guard counted.count >= 2, let latest = counted.last else { return nil }
            let previous = counted[counted.count - 2]
            guard previous != 0, latest != previous, latest.isFinite, previous.isFinite else { return nil }
            return Mover(indicatorID: item.listing.indicator.id!, name: item.listing.indicator.shownName, previous: previous, latest: latest,
                         percent: item.listing.current.definition.unit == .percent, polarity: item.listing.indicator.parsedPolarity)
        }
        .sorted { ($0.relativeChange, $1.name) > ($1.relativeChange, $0.name) }
        .prefix(moversShown).map { $0 }
    }

    func render(_ slug: String, _ t: Texts) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "results-glance"),
            .div(.class("page-head"), .h2(.id("results-glance"), .text(t("home.resultsGlance"))),
                 .a(.href(SiteURL.results(slug: slug).path), .text(t("home.allResults")))),
            .if(counts.isEmpty, .p(.text(t("home.noResultsYet")))),
            .ul(.class("status-counts"), .forEach(TargetStatus.allCases.filter { counts[$0] != nil }) { status in
                .li(targetStatusBadge(status, t), .text(" "),
                    .strong(.text(t.count(counts[status] ?? 0))))
            }),
            .if(!statements.isEmpty, .group(
                .h3(.text(t("home.learning"))),
                .ul(.class("learning-list"), .forEach(statements) { statement in
                    .li(.span(.class(escapedAttribute("status status-\(ImpactSectionView.tone(statement.kind))")), .text(statement.kind.title(t))), .text(" "),
                        .text(statement.sentence(t)), .text(" "),
                        .a(.href(SiteURL.indicator(slug: slug, id: statement.indicatorID).path), .text(t("impact.seeIndicator"))))
                }))),
            .unwrap(latestReport) { report in
                .p(.text(t("home.latestReport") + " "), .a(.href(SiteURL.impactReport(slug: slug, id: report.id!).path), .text(report.title)))
            },
            .if(statements.isEmpty && !movers.isEmpty, .group(
                .h3(.text(t("home.movedMost"))),
                .ul(.class("plain-list"), .forEach(movers) { mover in
                    let format: (Double) -> String = { t.number($0) + (mover.percent ? "%" : "") }
                    let up = mover.latest > mover.previous
                    let better = up == (mover.polarity == .higherIsBetter)
                    let key = "home.moved" + (up ? "Up" : "Down") + (better ? "Better" : "Worse")
                    return .li(.a(.href(SiteURL.indicator(slug: slug, id: mover.indicatorID).path), .text(mover.name)), .text(": "),
                               .text(t(key, ["from": format(mover.previous), "to": format(mover.latest)])))
                }))))
    }
}

/// A body the viewer chairs, as its lead needs it on the home page: where its quarter stands,
/// its activities, and its next meeting.
struct LedBodyGlance {
    let body: GovernanceBodyModel
    let quarter: ReportingPeriod
    let step: CycleStep?
    let activities: [ActivityModel]
    let nextMeeting: MeetingModel?

    func render(_ slug: String, _ t: Texts) -> Node<HTML.BodyContext> {
        let counts = Dictionary(grouping: activities, by: \.parsedStatus).mapValues(\.count)
        let quarterName = t.period(quarter)
        return .section(.class("panel"),
            .h2(.text(t("home.yourGroup", ["name": body.name]))),
            .if(body.parsedKind == .workingGroup, .group(
                .p(.text(step.map { t("home.cycleStep", ["quarter": quarterName, "step": $0.title(t), "number": t.count($0.position + 1)]) }
                         ?? t("home.cycleNotRecorded", ["quarter": quarterName]))),
                .h3(.text(t("home.groupActivities"))),
                .if(activities.isEmpty, .p(.text(t("home.noGroupActivities")))),
                .ul(.class("status-counts"), .forEach(ActivityStatus.allCases.filter { counts[$0] != nil }) { status in
                    .li(.text(status.title(t) + " "), .strong(.text(t.count(counts[status] ?? 0))))
                }))),
            .p(.strong(.text(t("home.nextMeeting") + ": ")),
               .unwrap(nextMeeting, { meeting in
                   .group(.a(.href(SiteURL.meeting(slug: slug, id: meeting.id!).path), .text(meeting.title)), .text(" · " + meeting.time.display))
               }, else: .text(t("home.noMeeting")))),
            .p(.a(.href(SiteURL.body(slug: slug, id: body.id!).path), .text(t("home.openGroup")))))
    }
}
