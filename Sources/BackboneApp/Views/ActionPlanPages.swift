import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

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

    func render(_ chrome: Chrome) -> HTML {
        let names = plan.structure.organizationNames
        return Layout.page("Action plan", chrome,
            .div(.class("page-head"), .h1(.text("Action plan")),
                 .a(.class("button"), .href(SiteURL.activitiesTimeline(slug: access.slug).path), .text("Timeline"))),
            .p(.class("lead"), .text("Mutually reinforcing activities: what each partner commits to under the strategies of the theory of change.")),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .if(plan.strategies.isEmpty, .div(.class("panel empty"), .p(.text("The theory of change has no strategies yet. Activities are commitments to a strategy, so add strategies first.")))),
            .if(!plan.strategies.isEmpty, .group(matrix(names), gaps(), overlaps(names), list(names))),
            .if(rights.canAddActivities && !plan.strategies.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "add-title"),
                .h2(.id("add-title"), .text("Add an activity")),
                .form(.method(.post), .action(SiteURL.activities(slug: access.slug).path),
                    activityFields(form: form, errors: errors, plan: plan, organizations: rights.organizationsForActivities(plan.organizations), csrf: chrome.csrfToken),
                    .button(.type(.submit), .class("button primary"), .text("Add activity"))))))
    }

    /// Strategies across, partners down: a row per partner with any activity.
    private func matrix(_ names: [UUID: String]) -> Node<HTML.BodyContext> {
        let coverage = plan.coverage
        let partners = Set(plan.activities.map(\.organizationID)).sorted { (names[$0] ?? "") < (names[$1] ?? "") }
        let owners = owners()
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "coverage-title"),
            .h2(.id("coverage-title"), .text("Coverage: who does what")),
            .p(.class("meta"), .text("Each cell counts a partner's planned and under-way activities under a strategy. A strategy with none is a gap; a ⚑ marks possible duplication.")),
            tableFrame(.table(.class("coverage"), .id("coverage-matrix"),
                .caption(.class("visually-hidden"), .text("Active activities by partner and strategy")),
                .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Partner")),
                    .forEach(plan.strategies) { strategy in
                        let gap = coverage.gaps.contains(strategy.id!)
                        return .th(.attribute(named: "scope", value: "col"), .class(gap ? "gap" : ""),
                                   .text(strategy.title),
                                   .unwrap(owners[strategy.id!]) { .span(.class("meta owner"), .text($0)) },
                                   .if(gap, .span(.class("status status-bad"), .text("Gap"))))
                    })),
                .tbody(.forEach(partners) { partner in
                    .tr(.th(.attribute(named: "scope", value: "row"), .a(.href(SiteURL.partner(slug: access.slug, id: partner).path), .text(names[partner] ?? ""))),
                        .forEach(plan.strategies) { strategy in
                            let all = coverage.activities(strategy: strategy.id!, partner: partner)
                            let active = coverage.activeCount(strategy: strategy.id!, partner: partner)
                            let flagged = all.contains { coverage.overlaps(activity: $0.id) }
                            return .td(.class(active > 0 ? "covered" : ""),
                                .if(all.isEmpty, .span(.class("meta"), .ariaHidden(true), .text("·"))),
                                .if(all.isEmpty, .span(.class("visually-hidden"), .text("none"))),
                                .if(!all.isEmpty, .text(active > 0 ? "\(active) active" : "\(all.count) inactive")),
                                .if(flagged, .span(.class("overlap-mark"), .attribute(named: "title", value: "Possible duplication"), .text(" ⚑"),
                                                   .span(.class("visually-hidden"), .text(" possible duplication")))))
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
            .h2(.id("gaps-title"), .text("Gaps")),
            .if(plan.coverage.gaps.isEmpty, .p(.text("Every strategy has at least one planned or under-way activity."))),
            .if(!plan.coverage.gaps.isEmpty, .group(
                .p(.text("No partner is working on these strategies now (nothing planned or under way):")),
                .ul(.forEach(plan.coverage.gaps) { strategy in
                    .li(.strong(.text(titles[strategy] ?? "")),
                        .if(rights.canAddActivities, .group(.text(" · "), .a(.href(escapedAttribute(SiteURL.activities(slug: access.slug).path + "?strategy=\(strategy.uuidString)#add-title")),
                                                                           .text("Add an activity")))))
                }))))
    }

    private func overlaps(_ names: [UUID: String]) -> Node<HTML.BodyContext> {
        let titles = plan.structure.partTitles
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "overlaps-title"),
            .h2(.id("overlaps-title"), .text("Possible duplication")),
            .if(plan.coverage.overlaps.isEmpty, .p(.text("No two partners do the same kind of activity for the same people in the same place."))),
            .if(!plan.coverage.overlaps.isEmpty, .group(
                .p(.text("Several partners do the same kind of activity for the same people in the same place. That may be deliberate; it is worth a conversation in the working group.")),
                .ul(.forEach(plan.coverage.overlaps) { overlap in
                    .li(.strong(.text("\(overlap.kind), for \(overlap.population), in \(overlap.geography)")),
                        .text(" (\(titles[overlap.strategyID] ?? "")): "),
                        .text(overlap.partnerIDs.compactMap { names[$0] }.sorted().joined(separator: ", ")))
                }))))
    }

    private func list(_ names: [UUID: String]) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "list-title"),
            .h2(.id("list-title"), .text("All activities by strategy")),
            .forEach(plan.strategies) { strategy in
                let rows = plan.activities.filter { $0.strategyID == strategy.id }
                return .group(
                    .h3(.text(strategy.title)),
                    .if(rows.isEmpty, .p(.class("meta"), .text("None."))),
                    .if(!rows.isEmpty, tableFrame(.table(.class("table"),
                        .thead(.tr(.th(.text("Activity")), .th(.text("Partner")), .th(.text("Who it serves")), .th(.text("Where")), .th(.text("When")), .th(.text("Status")))),
                        .tbody(.forEach(rows) { activity in
                            .tr(.td(.a(.href(SiteURL.activity(slug: access.slug, id: activity.id!).path), .text(activity.kind))),
                                .td(.text(names[activity.organizationID] ?? "")), .td(.text(activity.population)), .td(.text(activity.geography)),
                                .td(.text("\(activity.startsOn) to \(activity.endsOn ?? "open")")), .td(activityStatusBadge(activity.parsedStatus)))
                        })))))
            })
    }
}

/// The fields of an activity, for adding and for editing.
func activityFields(form: ActivityController.ActivityForm, errors: [String: String], plan: ActivityController.Plan,
                    organizations: [OrganizationModel], csrf: String) -> Node<HTML.FormContext> {
    .group(
        csrfField(csrf),
        .unwrap(form.revision) { .input(.type(.hidden), .name("revision"), .value(escapedAttribute($0))) },
        .unwrap(errors["revision"]) { .p(.class("field-error"), .text($0)) },
        .div(.class("edit-grid"),
            .div(
                Field.select("organization", "Partner", options: organizations.map { ($0.id!.uuidString, $0.name) }, selected: form.organization ?? "",
                             error: errors["organization"]),
                Field.select("strategy", "Strategy", options: plan.strategies.map { ($0.id!.uuidString, $0.title) }, selected: form.strategy ?? "", error: errors["strategy"]),
                Field.select("outcome", "Intermediate outcome", options: plan.outcomes.map { ($0.id!.uuidString, $0.title) }, selected: form.outcome ?? "",
                             error: errors["outcome"], hint: "Optional: the outcome it works toward.", required: false),
                Field.text("kind", "Kind of activity", value: form.kind ?? "", error: errors["kind"],
                           Field.Options(hint: "A few words, the same words partners use for the same thing: they are how possible duplication is found.")),
                Field.text("population", "Who it serves", value: form.population ?? "", error: errors["population"]),
                Field.text("geography", "Where", value: form.geography ?? "", error: errors["geography"])),
            .div(
                Field.select("status", "Status", options: ActivityStatus.allCases.map { ($0.rawValue, $0.title) }, selected: form.status ?? ActivityStatus.planned.rawValue,
                             error: errors["status"]),
                .div(.class("field-row"),
                    Field.text("startsOn", "Starts", value: form.startsOn ?? "", error: errors["startsOn"], Field.Options(type: .date)),
                    Field.text("endsOn", "Ends", value: form.endsOn ?? "", error: errors["endsOn"], Field.Options(type: .date, hint: "Optional.", required: false))),
                Field.textArea("description", "Description", value: form.description ?? "", error: errors["description"], hint: "Optional."),
                Field.textArea("expectedOutputs", "Expected outputs", value: form.expectedOutputs ?? "", error: errors["expectedOutputs"],
                               hint: "Optional: what it will produce, for example “120 children tutored twice a week”."))),
        .if(!plan.indicators.isEmpty, .fieldset(
            .element(named: "legend", text: "Performance measures it reports against"),
            .unwrap(errors["indicators"]) { .p(.class("field-error"), .text($0)) },
            .div(.class("cell-grid"), .forEach(plan.indicators) { indicator in
                .div(.class("check"),
                     .input(.type(.checkbox), .id(escapedAttribute("indicator-\(indicator.id!.uuidString)")), .name("indicators[]"), .value(escapedAttribute(indicator.id!.uuidString)),
                            .attribute(named: "checked", value: (form.indicators ?? []).contains(indicator.id!.uuidString) ? "checked" : nil)),
                     .label(.for(escapedAttribute("indicator-\(indicator.id!.uuidString)")), .text(indicator.name)))
            }))))
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
        return Layout.page(activity.kind, chrome,
            .div(.class("page-head"), .div(.p(.class("eyebrow"), .text("Activity")), .h1(.text(activity.kind), .text(" "), activityStatusBadge(activity.parsedStatus))),
                 .a(.class("button"), .href(SiteURL.activities(slug: access.slug).path), .text("Action plan"))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .section(.class("panel"),
                .dl(.class("charter"),
                    .dt(.text("Partner")), .dd(.a(.href(SiteURL.partner(slug: access.slug, id: activity.organizationID).path), .text(names[activity.organizationID] ?? ""))),
                    .dt(.text("Strategy")), .dd(.a(.href(escapedAttribute(SiteURL.theoryOfChange(slug: access.slug).path + "#part-\(activity.strategyID.uuidString)")), .text(titles[activity.strategyID] ?? ""))),
                    .unwrap(activity.outcomeID.flatMap { titles[$0] }) { .group(.dt(.text("Outcome")), .dd(.text($0))) },
                    .dt(.text("Who it serves")), .dd(.text(activity.population)),
                    .dt(.text("Where")), .dd(.text(activity.geography)),
                    .dt(.text("When")), .dd(.text("\(activity.startsOn) to \(activity.endsOn ?? "no end set")")),
                    .if(!activity.description.isEmpty, .group(.dt(.text("Description")), .dd(.text(activity.description)))),
                    .if(!activity.expectedOutputs.isEmpty, .group(.dt(.text("Expected outputs")), .dd(.text(activity.expectedOutputs)))),
                    .if(!measures.isEmpty, .group(.dt(.text("Performance measures")), .dd(.group(measures.enumerated().map { index, indicator in
                        .group(.if(index > 0, .text(", ")), .a(.href(SiteURL.indicator(slug: access.slug, id: indicator.id!).path), .text(indicator.name)))
                    })))),
                    .dt(.text("Last changed")), .dd(.text(Format.day(activity.updatedAt)))),
                .if(plan.coverage.overlaps(activity: activity.id!), .p(.class("alert alert-info"),
                    .text("Another partner does the same kind of activity for the same people in the same place: see “Possible duplication” in the action plan.")))),
            .if(editable, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "edit-title"),
                .h2(.id("edit-title"), .text("Change the activity")),
                .form(.method(.post), .action(SiteURL.activity(slug: access.slug, id: activity.id!).path),
                    activityFields(form: form, errors: errors, plan: plan, organizations: rights.organizationsForActivities(plan.organizations), csrf: chrome.csrfToken),
                    .button(.type(.submit), .class("button primary"), .text("Save"))))),
            .unwrap(comments) { $0.render(chrome.csrfToken) })
    }
}

/// /i/{slug}/activities/timeline: activities by strategy over time, with the same as a table.
struct TimelinePage {
    let access: InitiativeAccess
    let plan: ActivityController.Plan
    let today: Date

    func render(_ chrome: Chrome) -> HTML {
        let names = plan.structure.organizationNames
        let dated = plan.activities.compactMap { activity in activity.span.map { (activity, $0) } }
        let lanes = plan.strategies.compactMap { strategy -> Timeline.Lane? in
            let bars = dated.filter { $0.0.strategyID == strategy.id }.map { activity, span in
                Timeline.Bar(label: "\(activity.kind) · \(names[activity.organizationID] ?? "")", start: span.start.start, end: span.end?.start.addingTimeInterval(86_400),
                             tone: "tone-" + activity.status, href: SiteURL.activity(slug: access.slug, id: activity.id!).path)
            }
            return bars.isEmpty ? nil : Timeline.Lane(title: strategy.title, bars: bars)
        }
        let starts = dated.map { $0.1.start.start }, ends = dated.compactMap { $0.1.end?.start }
        let from = ([starts.min() ?? today, today].min()!).addingTimeInterval(-15 * 86_400)
        let to = ([ends.max() ?? today, today.addingTimeInterval(180 * 86_400)].max()!).addingTimeInterval(15 * 86_400)
        return Layout.page("Action plan timeline", chrome,
            .div(.class("page-head"), .h1(.text("Action plan timeline")),
                 .a(.class("button"), .href(SiteURL.activities(slug: access.slug).path), .text("Coverage"))),
            .p(.class("lead"), .text("Activities by strategy over time. A bar without an end runs to the right edge.")),
            .if(lanes.isEmpty, .div(.class("panel empty"), .p(.text("No activities yet.")))),
            .if(!lanes.isEmpty, .group(
                .div(.class("panel diagram-wrap"), .raw(Timeline(title: "Activities of \(access.initiative.name) over time", lanes: lanes, from: from, to: to, today: today)
                    .svg(id: "activity-timeline"))),
                .section(.class("panel"), .attribute(named: "aria-labelledby", value: "table-title"),
                    .h2(.id("table-title"), .text("The same as a table")),
                    tableFrame(.table(.class("table"),
                        .thead(.tr(.th(.text("Strategy")), .th(.text("Activity")), .th(.text("Partner")), .th(.text("Starts")), .th(.text("Ends")), .th(.text("Status")))),
                        .tbody(.forEach(plan.strategies) { strategy in
                            .forEach(dated.filter { $0.0.strategyID == strategy.id }) { activity, _ in
                                .tr(.td(.text(strategy.title)), .td(.a(.href(SiteURL.activity(slug: access.slug, id: activity.id!).path), .text(activity.kind))),
                                    .td(.text(names[activity.organizationID] ?? "")), .td(.text(activity.startsOn)), .td(.text(activity.endsOn ?? "not set")),
                                    .td(activityStatusBadge(activity.parsedStatus)))
                            }
                        })))))))
    }
}
