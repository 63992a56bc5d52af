import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// What the timeline's colours mean, and the dashed end of an activity with no end day.
func timelineLegend(_ t: Texts) -> Node<HTML.BodyContext> {
    .ul(.class("legend"), .attribute(named: "aria-label", value: escapedAttribute(t("plan.legend"))),
        .forEach(ActivityStatus.allCases) { status in
            .li(.span(.class(escapedAttribute("swatch tone-\(status.rawValue)")), .attribute(named: "aria-hidden", value: "true")), .text(status.title(t)))
        },
        .li(.span(.class("swatch open-ended"), .attribute(named: "aria-hidden", value: "true")), .text(t("plan.legendOpen"))),
        .li(.span(.class("swatch today"), .attribute(named: "aria-hidden", value: "true")), .text(t("chart.today"))))
}

func activityStatusBadge(_ status: ActivityStatus) -> Node<HTML.BodyContext> {
    let tone = switch status {
    case .underWay: "status-ok"
    case .planned: "status-info"
    case .done: "status-muted"
    case .stalled: "status-warn"
    case .dropped: "status-bad"
    }
    return .span(.class(escapedAttribute("status \(tone)")), .text(status.title))
}

/// /i/{slug}/activities: the coverage matrix, its gaps and possible duplication, every activity
/// by strategy, and the form to add one.
struct ActionPlanPage {
    let access: InitiativeAccess
    let rights: GovernanceRights
    let plan: ActivityController.Plan
    var notice: Notice?
    var errors: [String: String] = [:]
    var form: ActivityController.ActivityForm
    /// What the list of every activity is narrowed to.
    var filter = Filter()

    struct Filter {
        var organizationID: UUID?
        var status: ActivityStatus?
        var isActive: Bool { organizationID != nil || status != nil }
        func keeps(_ activity: ActivityModel) -> Bool {
            (organizationID == nil || activity.organizationID == organizationID) && (status == nil || activity.parsedStatus == status)
        }
    }

    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        let names = plan.structure.organizationNames
        return Layout.page(t("nav.actionPlan"), chrome,
            .div(.class("page-head"), .h1(.text(t("nav.actionPlan"))),
                 .a(.class("button"), .href(SiteURL.activitiesTimeline(slug: access.slug).path), .text(t("plan.timeline")))),
            .p(.class("lead"), .text(t("plan.lead"))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .if(plan.strategies.isEmpty, .div(.class("panel empty"), .p(.text(t("plan.noStrategies"))))),
            .if(!plan.strategies.isEmpty, .group(matrix(names), gaps(), overlaps(names), list(names))),
            .if(rights.canAddActivities && !plan.strategies.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "add-title"),
                .h2(.id("add-title"), .text(t("plan.add"))),
                .form(.method(.post), .action(SiteURL.activities(slug: access.slug).path),
                    activityFields(form: form, errors: errors, plan: plan, organizations: rights.organizationsForActivities(plan.organizations), csrf: chrome.csrfToken),
                    .button(.type(.submit), .class("button primary"), .text(t("plan.addSubmit")))))))
    }

    /// Strategies across, partners down: a row per partner with any activity.
    private func matrix(_ names: [UUID: String]) -> Node<HTML.BodyContext> {
        let coverage = plan.coverage
        let partners = Set(plan.activities.map(\.organizationID)).sorted { (names[$0] ?? "") < (names[$1] ?? "") }
        let owners = owners()
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "coverage-title"),
            .h2(.id("coverage-title"), .text(t("plan.coverage"))),
            .p(.class("meta"), .text(t("plan.coverageHint"))),
            tableFrame(.table(.class("coverage"), .id("coverage-matrix"),
                .caption(.class("visually-hidden"), .text(t("plan.coverageCaption"))),
                .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(t("reporting.partner"))),
                    .forEach(plan.strategies) { strategy in
                        let gap = coverage.gaps.contains(strategy.id!)
                        return .th(.attribute(named: "scope", value: "col"), .class(gap ? "gap" : ""),
                                   .text(strategy.title),
                                   .unwrap(owners[strategy.id!]) { .span(.class("meta owner"), .text($0)) },
                                   .if(gap, .span(.class("status status-bad"), .text(t("plan.gap")))))
                    })),
                .tbody(.forEach(partners) { partner in
                    .tr(.th(.attribute(named: "scope", value: "row"), .a(.href(SiteURL.partner(slug: access.slug, id: partner).path), .text(names[partner] ?? ""))),
                        .forEach(plan.strategies) { strategy in
                            let all = coverage.activities(strategy: strategy.id!, partner: partner)
                            let active = coverage.activeCount(strategy: strategy.id!, partner: partner)
                            let flagged = all.contains { coverage.overlaps(activity: $0.id) }
                            return .td(.class(active > 0 ? "covered" : ""),
                                .if(all.isEmpty, .span(.class("meta"), .ariaHidden(true), .text("·"))),
                                .if(all.isEmpty, .span(.class("visually-hidden"), .text(t("plan.none")))),
                                .if(!all.isEmpty, .text(active > 0 ? t("plan.active", ["count": t.count(active)]) : t("plan.inactive", ["count": t.count(all.count)]))),
                                .if(flagged, .span(.class("overlap-mark"), .attribute(named: "title", value: escapedAttribute(t("plan.possibleDuplication"))), .text(" ⚑"),
                                                   .span(.class("visually-hidden"), .text(" " + t("plan.possibleDuplicationLower"))))))
                        })
                }))))
    }

    /// The group that owns each strategy, by strategy id.
    private func owners() -> [UUID: String] {
        var owners: [UUID: String] = [:]
        for body in plan.structure.open { for strategy in plan.structure.strategies[body.id!] ?? [] { owners[strategy] = body.name } }
        return owners
    }

    private func gaps() -> Node<HTML.BodyContext> {
        let titles = plan.structure.partTitles
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "gaps-title"),
            .h2(.id("gaps-title"), .text(t("plan.gaps"))),
            .if(plan.coverage.gaps.isEmpty, .p(.text(t("plan.noGaps")))),
            .if(!plan.coverage.gaps.isEmpty, .group(
                .p(.text(t("plan.gapsLead"))),
                .ul(.forEach(plan.coverage.gaps) { strategy in
                    .li(.strong(.text(titles[strategy] ?? "")),
                        .if(rights.canAddActivities, .group(.text(" · "), .a(.href(escapedAttribute(SiteURL.activities(slug: access.slug).path + "?strategy=\(strategy.uuidString)#add-title")),
                                                                           .text(t("plan.add"))))))
                }))))
    }

    private func overlaps(_ names: [UUID: String]) -> Node<HTML.BodyContext> {
        let titles = plan.structure.partTitles
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "overlaps-title"),
            .h2(.id("overlaps-title"), .text(t("plan.possibleDuplication"))),
            .if(plan.coverage.overlaps.isEmpty, .p(.text(t("plan.noOverlaps")))),
            .if(!plan.coverage.overlaps.isEmpty, .group(
                .p(.text(t("plan.overlapsLead"))),
                .ul(.forEach(plan.coverage.overlaps) { overlap in
                    .li(.strong(.text(t("plan.overlap", ["kind": overlap.kind, "population": overlap.population, "geography": overlap.geography]))),
                        .text(" (\(titles[overlap.strategyID] ?? "")): "),
                        .text(overlap.partnerIDs.compactMap { names[$0] }.sorted().joined(separator: ", ")))
                }))))
    }

    private func list(_ names: [UUID: String]) -> Node<HTML.BodyContext> {
        let kept = plan.activities.filter(filter.keeps)
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "list-title"),
            .h2(.id("list-title"), .text(t("plan.all"))),
            filterForm(names),
            .if(filter.isActive && kept.isEmpty, .p(.text(t("plan.noneMatch")))),
            .forEach(plan.strategies.filter { strategy in !filter.isActive || kept.contains { $0.strategyID == strategy.id } }) { strategy in
                let rows = kept.filter { $0.strategyID == strategy.id }
                return .group(
                    .h3(.text(strategy.title)),
                    .if(rows.isEmpty, .p(.class("meta"), .text(t("plan.noneShort")))),
                    .if(!rows.isEmpty, tableFrame(.table(.class("table"),
                        .thead(.tr(.th(.text(t("body.activity"))), .th(.text(t("reporting.partner"))), .th(.text(t("plan.serves"))), .th(.text(t("meetings.where"))), .th(.text(t("home.when"))), .th(.text(t("results.status"))))),
                        .tbody(.forEach(rows) { activity in
                            .tr(.td(.a(.href(SiteURL.activity(slug: access.slug, id: activity.id!).path), .text(activity.kind))),
                                .td(.text(names[activity.organizationID] ?? "")), .td(.text(activity.population)), .td(.text(activity.geography)),
                                .td(.span(.class("nowrap"), .text(t.day(key: activity.startsOn))), .text(" – "), .span(.class("nowrap"), .text(activity.endsOn.map { t.day(key: $0) } ?? t("body.open")))), .td(activityStatusBadge(activity.parsedStatus)))
                        })))))
            })
    }
}

extension ActionPlanPage {
    /// A GET form (no script needed) that narrows the list to one partner and one status.
    private func filterForm(_ names: [UUID: String]) -> Node<HTML.BodyContext> {
        let partners = Set(plan.activities.map(\.organizationID)).sorted { (names[$0] ?? "") < (names[$1] ?? "") }
        return .form(.class("filter-form"), .method(.get), .action(SiteURL.activities(slug: access.slug).path + "#list-title"),
            filterSelect(id: "filter-of", name: "of", label: t("plan.filterPartner"), all: t("plan.allPartners"),
                         options: partners.map { ($0.uuidString, names[$0] ?? "") }, selected: filter.organizationID?.uuidString ?? ""),
            filterSelect(id: "filter-status", name: "status", label: t("plan.filterStatus"), all: t("plan.allStatuses"),
                         options: ActivityStatus.allCases.map { ($0.rawValue, $0.title(t)) }, selected: filter.status?.rawValue ?? ""),
            .div(.class("filter-actions"),
                .button(.type(.submit), .class("button small"), .text(t("filter.apply"))),
                .if(filter.isActive, .a(.href(SiteURL.activities(slug: access.slug).path + "#list-title"), .text(t("filter.clear"))))))
    }
}

/// The fields of an activity, for adding and for editing.
func activityFields(form: ActivityController.ActivityForm, errors: [String: String], plan: ActivityController.Plan,
                    organizations: [OrganizationModel], csrf: String) -> Node<HTML.FormContext> {
    let t = Texts.current
    return .group(
        csrfField(csrf),
        .unwrap(form.revision) { .input(.type(.hidden), .name("revision"), .value(escapedAttribute($0))) },
        .unwrap(errors["revision"]) { .p(.class("field-error"), .text($0)) },
        .div(.class("edit-grid"),
            .div(
                Field.select("organization", t("reporting.partner"), options: organizations.map { ($0.id!.uuidString, $0.name) }, selected: form.organization ?? "",
                             error: errors["organization"]),
                Field.select("strategy", t("changeKind.strategy"), options: plan.strategies.map { ($0.id!.uuidString, $0.title) }, selected: form.strategy ?? "", error: errors["strategy"]),
                Field.select("outcome", t("changeKind.outcome"), options: plan.outcomes.map { ($0.id!.uuidString, $0.title) }, selected: form.outcome ?? "",
                             error: errors["outcome"], hint: t("plan.outcomeHint"), required: false),
                Field.text("kind", t("plan.kind"), value: form.kind ?? "", error: errors["kind"],
                           Field.Options(hint: t("plan.kindHint"))),
                Field.text("population", t("plan.serves"), value: form.population ?? "", error: errors["population"]),
                Field.text("geography", t("meetings.where"), value: form.geography ?? "", error: errors["geography"])),
            .div(
                Field.select("status", t("results.status"), options: ActivityStatus.allCases.map { ($0.rawValue, $0.title) }, selected: form.status ?? ActivityStatus.planned.rawValue,
                             error: errors["status"]),
                .div(.class("field-row"),
                    Field.text("startsOn", t("meetings.starts"), value: form.startsOn ?? "", error: errors["startsOn"], Field.Options(type: .date)),
                    Field.text("endsOn", t("meetings.ends"), value: form.endsOn ?? "", error: errors["endsOn"], Field.Options(type: .date, hint: t("toc.optional"), required: false))),
                Field.textArea("description", t("toc.description"), value: form.description ?? "", error: errors["description"], hint: t("toc.optional")),
                Field.textArea("expectedOutputs", t("plan.outputs"), value: form.expectedOutputs ?? "", error: errors["expectedOutputs"],
                               hint: t("plan.outputsHint")))),
        .if(!plan.indicators.isEmpty, Field.checkboxes("indicators", legend: t("plan.measuresLegend"),
                                                       options: plan.indicators.map { ($0.id!.uuidString, $0.shownName) },
                                                       chosen: form.indicators ?? [], error: errors["indicators"])))
}

/// One activity: what it is, and its form for those who may change it.
struct ActivityPage {
    let access: InitiativeAccess
    let rights: GovernanceRights
    let plan: ActivityController.Plan
    let activity: ActivityModel
    let indicatorIDs: [UUID]
    var notice: Notice?
    var errors: [String: String] = [:]
    var form: ActivityController.ActivityForm
    var comments: CommentThread? = nil

    func render(_ chrome: Chrome) -> HTML {
        let names = plan.structure.organizationNames, titles = plan.structure.partTitles
        let measures = plan.indicators.filter { indicatorIDs.contains($0.id!) }
        let editable = rights.canEditActivity(organization: activity.organizationID, strategy: activity.strategyID)
        let t = chrome.t
        return Layout.page(activity.kind, chrome,
            .div(.class("page-head"), .div(.p(.class("eyebrow"), .text(t("body.activity"))), .h1(.text(activity.kind), .text(" "), activityStatusBadge(activity.parsedStatus))),
                 .a(.class("button"), .href(SiteURL.activities(slug: access.slug).path), .text(t("nav.actionPlan")))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .section(.class("panel"),
                .dl(.class("charter"),
                    .dt(.text(t("reporting.partner"))), .dd(.a(.href(SiteURL.partner(slug: access.slug, id: activity.organizationID).path), .text(names[activity.organizationID] ?? ""))),
                    .dt(.text(t("changeKind.strategy"))), .dd(.a(.href(escapedAttribute(SiteURL.theoryOfChange(slug: access.slug).path + "#part-\(activity.strategyID.uuidString)")), .text(titles[activity.strategyID] ?? ""))),
                    .unwrap(activity.outcomeID.flatMap { titles[$0] }) { .group(.dt(.text(t("plan.outcome"))), .dd(.text($0))) },
                    .dt(.text(t("plan.serves"))), .dd(.text(activity.population)),
                    .dt(.text(t("meetings.where"))), .dd(.text(activity.geography)),
                    .dt(.text(t("home.when"))), .dd(.text(t.day(key: activity.startsOn) + " – " + (activity.endsOn.map { t.day(key: $0) } ?? t("plan.noEnd")))),
                    .if(!activity.description.isEmpty, .group(.dt(.text(t("toc.description"))), .dd(.text(activity.description)))),
                    .if(!activity.expectedOutputs.isEmpty, .group(.dt(.text(t("plan.outputs"))), .dd(.text(activity.expectedOutputs)))),
                    .if(!measures.isEmpty, .group(.dt(.text(t("plan.measures"))), .dd(.group(measures.enumerated().map { index, indicator in
                        .group(.if(index > 0, .text(", ")), .a(.href(SiteURL.indicator(slug: access.slug, id: indicator.id!).path), .text(indicator.shownName)))
                    })))),
                    .dt(.text(t("plan.lastChanged"))), .dd(.text(t.day(activity.updatedAt, in: chrome.zone)))),
                .if(plan.coverage.overlaps(activity: activity.id!), .p(.class("alert alert-info"),
                    .text(t("plan.overlapAlert"))))),
            .if(editable, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "edit-title"),
                .h2(.id("edit-title"), .text(t("plan.edit"))),
                .form(.method(.post), .action(SiteURL.activity(slug: access.slug, id: activity.id!).path),
                    activityFields(form: form, errors: errors, plan: plan, organizations: rights.organizationsForActivities(plan.organizations), csrf: chrome.csrfToken),
                    .button(.type(.submit), .class("button primary"), .text(t("comments.save")))))),
            .unwrap(comments) { $0.render(chrome) })
    }
}

/// /i/{slug}/activities/timeline: activities by strategy over time, with the same as a table.
struct TimelinePage {
    let access: InitiativeAccess
    let plan: ActivityController.Plan
    let today: Date

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let names = plan.structure.organizationNames
        let dated = plan.activities.compactMap { activity in activity.span.map { (activity, $0) } }
        let lanes = plan.strategies.compactMap { strategy -> Timeline.Lane? in
            let bars = dated.filter { $0.0.strategyID == strategy.id }.map { activity, span in
                // The status is in the words too: the bar's colour is never the only sign of it.
                Timeline.Bar(label: [activity.kind, activity.parsedStatus.title(t).lowercased(), names[activity.organizationID] ?? ""].joined(separator: " · "), start: span.start.start, end: span.end?.start.addingTimeInterval(86_400),
                             tone: "tone-" + activity.status, href: SiteURL.activity(slug: access.slug, id: activity.id!).path)
            }
            return bars.isEmpty ? nil : Timeline.Lane(title: strategy.title, bars: bars)
        }
        let starts = dated.map { $0.1.start.start }, ends = dated.compactMap { $0.1.end?.start }
        let from = ([starts.min() ?? today, today].min()!).addingTimeInterval(-15 * 86_400)
        let to = ([ends.max() ?? today, today.addingTimeInterval(180 * 86_400)].max()!).addingTimeInterval(15 * 86_400)
        return Layout.page(t("plan.timelineTitle"), chrome,
            .div(.class("page-head"), .h1(.text(t("plan.timelineTitle"))),
                 .a(.class("button"), .href(SiteURL.activities(slug: access.slug).path), .text(t("plan.coverageShort")))),
            .p(.class("lead"), .text(t("plan.timelineLead"))),
            .if(lanes.isEmpty, .div(.class("panel empty"), .p(.text(t("body.noActivities"))))),
            .if(!lanes.isEmpty, .group(
                .div(.class("panel diagram-wrap"), .attribute(named: "tabindex", value: "0"), .raw(Timeline(title: t("plan.timelineChart", ["initiative": access.initiative.name]),
                                                                     summary: t("plan.timelineSummary", ["count": t.count(dated.count), "strategies": t.count(lanes.count),
                                                                                                         "from": t.day(from, in: .gmt), "to": t.day(to, in: .gmt)]),
                                                                     lanes: lanes, from: from, to: to, today: today, words: chartWords(t))
                    .svg(id: "activity-timeline")),
                    timelineLegend(t)),
                .section(.class("panel"), .attribute(named: "aria-labelledby", value: "table-title"),
                    .h2(.id("table-title"), .text(t("plan.asTable"))),
                    tableFrame(.table(.class("table"),
                        .thead(.tr(.th(.text(t("changeKind.strategy"))), .th(.text(t("body.activity"))), .th(.text(t("reporting.partner"))), .th(.text(t("meetings.starts"))), .th(.text(t("meetings.ends"))), .th(.text(t("results.status"))))),
                        .tbody(.forEach(plan.strategies) { strategy in
                            .forEach(dated.filter { $0.0.strategyID == strategy.id }) { activity, _ in
                                .tr(.td(.text(strategy.title)), .td(.a(.href(SiteURL.activity(slug: access.slug, id: activity.id!).path), .text(activity.kind))),
                                    .td(.text(names[activity.organizationID] ?? "")), .td(.class("nowrap"), .text(t.day(key: activity.startsOn))), .td(.class("nowrap"), .text(activity.endsOn.map { t.day(key: $0) } ?? t("plan.notSet"))),
                                    .td(activityStatusBadge(activity.parsedStatus)))
                            }
                        })))))))
    }
}
