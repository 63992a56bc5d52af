import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// One body: charter, members with their terms, owned strategies, quarterly cycle, the
/// activities under its strategies and its status history; with the forms of who may change them.
struct BodyPage {
    let access: InitiativeAccess
    let rights: GovernanceRights
    let body: GovernanceBodyModel
    let structure: GovernanceStructure
    let events: [BodyStatusEventModel]
    let cycle: [CycleEntryModel]
    let people: [MemberListing]
    let activities: [ActivityModel]
    let today: CalendarDay
    var notice: Notice?
    /// The form that was refused, so its errors and typed values show there only.
    var failed: SiteURL.BodyAction?
    var errors: [String: String] = [:]
    var posted: [String: String] = [:]

    private var id: UUID { body.id! }
    private var isGroup: Bool { body.parsedKind == .workingGroup }
    private var isOpen: Bool { body.parsedStatus != .closed }

    private func error(_ action: SiteURL.BodyAction, _ field: String) -> String? { failed == action ? errors[field] : nil }
    private func value(_ action: SiteURL.BodyAction, _ field: String, _ fallback: String = "") -> String {
        failed == action ? posted[field] ?? fallback : fallback
    }
    private func action(_ action: SiteURL.BodyAction) -> String { SiteURL.bodyAction(slug: access.slug, id: id, action: action).path }

    func render(_ chrome: Chrome) -> HTML {
        Layout.page(body.name, chrome,
            .div(.class("page-head"),
                 .div(.p(.class("eyebrow"), .text(body.parsedKind.title)), .h1(.text(body.name), .text(" "), bodyStatusBadge(body.parsedStatus))),
                 .a(.class("button"), .href(SiteURL.governance(slug: access.slug).path), .text("All bodies"))),
            .unwrap(structure.bodies.first { $0.id == body.mergedIntoID }) { target in
                .div(.class("alert alert-info"), .p(.text("This group was merged into "), .a(.href(SiteURL.body(slug: access.slug, id: target.id!).path), .text(target.name)),
                                                     .text(". Its record is kept as it was.")))
            },
            noticeBanner(notice, chrome.t),
            errorSummary(errors, listing: true),
            charter(chrome.csrfToken),
            members(chrome.csrfToken),
            .if(isGroup, strategies(chrome.csrfToken)),
            .if(isGroup, cycleSection(chrome.csrfToken)),
            .if(isGroup, activityList()),
            history(chrome.csrfToken))
    }

    private func charter(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "charter-title"),
            .h2(.id("charter-title"), .text("Charter")),
            .dl(.class("charter"),
                .dt(.text("Purpose")), .dd(.text(body.purpose)),
                .dt(.text("Scope")), .dd(.text(body.scope.isEmpty ? "Not written yet." : body.scope)),
                .dt(.text("Decision rights")), .dd(.text(body.decisionRights.isEmpty ? "Not written yet." : body.decisionRights))),
            .if(access.can(.editGovernance), .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .charter ? "open" : nil),
                .element(named: "summary", nodes: [.text("Change the charter")]),
                .form(.method(.post), .action(escapedAttribute(action(.charter))),
                    csrfField(csrf),
                    .input(.type(.hidden), .name("revision"), .value(escapedAttribute(failed == .charter ? posted["revision"] ?? "" : String(body.revision)))),
                    .unwrap(error(.charter, "revision")) { .p(.class("field-error"), .text($0)) },
                    Field.text("name", "Name", value: value(.charter, "name", body.name), error: error(.charter, "name")),
                    Field.textArea("purpose", "Purpose", value: value(.charter, "purpose", body.purpose), error: error(.charter, "purpose"), required: true),
                    Field.textArea("scope", "Scope", value: value(.charter, "scope", body.scope), error: error(.charter, "scope")),
                    Field.textArea("decisionRights", "Decision rights", value: value(.charter, "decisionRights", body.decisionRights), error: error(.charter, "decisionRights")),
                    .button(.type(.submit), .class("button primary"), .text("Save the charter"))),
            ])))
    }

    private func members(_ csrf: String) -> Node<HTML.BodyContext> {
        let rows = structure.members.filter { $0.bodyID == id }
        let names = structure.organizationNames
        let editable = rights.canEdit(body: id) && isOpen
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "members-title"),
            .h2(.id("members-title"), .text("Members")),
            .if(rows.isEmpty, .p(.text("No members yet."))),
            .if(!rows.isEmpty, tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text("Name")), .th(.text("Organization")), .th(.text("Role")), .th(.text("Term")), .if(editable, .th(.span(.class("visually-hidden"), .text("Actions")))))),
                .tbody(.forEach(rows) { member in
                    let serving = member.serves(on: today)
                    return .tr(
                        .td(.text(member.name)),
                        .td(.text(names[member.organizationID] ?? "")),
                        .td(.text(member.parsedRole.title)),
                        .td(.text("\(member.termStart) to \(member.termEnd ?? "open")"), .if(!serving, .span(.class("badge badge-muted"), .text(member.termEnd.map { $0 < today.key ? "ended" : "not yet" } ?? "not yet")))),
                        .if(editable, .td(.if(serving && member.termEnd == nil, .form(.class("inline"), .method(.post), .action(escapedAttribute(action(.endTerm))),
                            csrfField(csrf),
                            .input(.type(.hidden), .name("member"), .value(escapedAttribute(member.id!.uuidString))),
                            .button(.type(.submit), .class("button small"), .attribute(named: "aria-label", value: escapedAttribute("End \(member.name)'s term today")), .text("End term today")))))))
                })))),
            .if(editable, .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .members || rows.isEmpty ? "open" : nil),
                .element(named: "summary", nodes: [.text("Add a member")]),
                .form(.method(.post), .action(escapedAttribute(action(.members))),
                    csrfField(csrf),
                    .if(!people.isEmpty, Field.select("user", "Person with an account", options: people.map { ($0.user.id!.uuidString, "\($0.user.displayName) (\($0.organization.name))") },
                                                      selected: value(.members, "user"), error: error(.members, "user"), hint: "Optional: a chair with an account can then edit this group.", required: false)),
                    Field.text("memberName", "Name", value: value(.members, "memberName"), error: error(.members, "name"),
                               Field.Options(hint: "Leave empty to use the account's name.", required: false)),
                    Field.select("organization", "Organization", options: structure.organizations.map { ($0.id!.uuidString, $0.name) },
                                 selected: value(.members, "organization"), error: error(.members, "organization")),
                    Field.select("role", "Role in the group", options: BodyRole.allCases.map { ($0.rawValue, $0.title) }, selected: value(.members, "role"), error: error(.members, "role")),
                    .div(.class("field-row"),
                        Field.text("termStart", "Term starts", value: value(.members, "termStart", today.key), error: error(.members, "termStart"), Field.Options(type: .date)),
                        Field.text("termEnd", "Term ends", value: value(.members, "termEnd"), error: error(.members, "termEnd"), Field.Options(type: .date, hint: "Optional.", required: false))),
                    .button(.type(.submit), .class("button primary"), .text("Add member"))),
            ])))
    }

    private func strategies(_ csrf: String) -> Node<HTML.BodyContext> {
        let owned = structure.strategies[id] ?? []
        let titles = structure.partTitles
        let takenByOpen = Set(structure.open.filter { $0.id != id }.flatMap { structure.strategies[$0.id!] ?? [] })
        let available = structure.changeParts.filter { $0.parsedKind == .strategy && !owned.contains($0.id!) && !takenByOpen.contains($0.id!) }
        let editable = access.can(.editGovernance) && isOpen
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "strategies-title"),
            .h2(.id("strategies-title"), .text("Strategies it owns")),
            .if(owned.isEmpty, .p(.text("No strategies yet."))),
            .ul(.class("plain-list"), .forEach(owned.sorted { (titles[$0] ?? "") < (titles[$1] ?? "") }) { strategy in
                .li(.a(.href(escapedAttribute(SiteURL.theoryOfChange(slug: access.slug).path + "#part-\(strategy.uuidString)")), .text(titles[strategy] ?? "")),
                    .if(editable, .form(.class("inline"), .method(.post), .action(escapedAttribute(action(.strategiesRemove))),
                        csrfField(csrf), .input(.type(.hidden), .name("strategy"), .value(escapedAttribute(strategy.uuidString))),
                        .text(" "),
                        .button(.type(.submit), .class("button small"), .attribute(named: "aria-label", value: escapedAttribute("Remove \(titles[strategy] ?? "") from this group")), .text("Remove")))))
            }),
            .if(editable && !available.isEmpty, .form(.method(.post), .action(escapedAttribute(action(.strategies))),
                csrfField(csrf),
                Field.select("strategy", "Give a strategy to this group", options: available.map { ($0.id!.uuidString, $0.title) }, selected: "", error: error(.strategies, "strategy")),
                .button(.type(.submit), .class("button"), .text("Add strategy")))))
    }

    private func cycleSection(_ csrf: String) -> Node<HTML.BodyContext> {
        let quarter = today.quarter.key
        let current = cycle.first { $0.quarter == quarter }
        let record = current?.record
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "cycle-title"),
            .h2(.id("cycle-title"), .text("Quarterly cycle")),
            .p(.class("meta"), .text("Plan → do → evidence-based feedback → communicate, each quarter.")),
            .if(cycle.isEmpty, .p(.text("No quarter recorded yet."))),
            .if(!cycle.isEmpty, tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text("Quarter")), .th(.text("Step reached")), .forEach(CycleStep.allCases) { .th(.text($0.title)) })),
                .tbody(.forEach(cycle) { entry in
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(entry.quarter)), .td(cycleSteps(entry.record.stage)),
                        .forEach(CycleStep.allCases) { .td(.text(entry.record.notes[$0] ?? "")) })
                })))),
            .if(rights.canEdit(body: id) && isOpen, .form(.method(.post), .action(escapedAttribute(action(.cycle))),
                .h3(.text("Record \(quarter)")),
                csrfField(csrf),
                .input(.type(.hidden), .name("quarter"), .value(escapedAttribute(quarter))),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(failed == .cycle ? posted["revision"] ?? "0" : String(current?.revision ?? 0)))),
                .unwrap(error(.cycle, "revision") ?? error(.cycle, "quarter")) { .p(.class("field-error"), .text($0)) },
                Field.select("stage", "Where the group stands", options: CycleStep.allCases.map { ($0.rawValue, $0.title) },
                             selected: value(.cycle, "stage", record?.stage.rawValue ?? CycleStep.plan.rawValue), error: error(.cycle, "stage")),
                .forEach(CycleStep.allCases) { step in
                    Field.textArea("note.\(step.rawValue)", "\(step.title): note", value: value(.cycle, "note.\(step.rawValue)", record?.notes[step] ?? ""),
                                   error: error(.cycle, "note.\(step.rawValue)"))
                },
                .button(.type(.submit), .class("button primary"), .text("Save the quarter")))))
    }

    private func activityList() -> Node<HTML.BodyContext> {
        let names = structure.organizationNames, titles = structure.partTitles
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "activities-title"),
            .div(.class("page-head"), .h2(.id("activities-title"), .text("Activities under its strategies")),
                 .a(.href(SiteURL.activities(slug: access.slug).path), .text("Action plan"))),
            .if(activities.isEmpty, .p(.text("No activities yet."))),
            .if(!activities.isEmpty, tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text("Activity")), .th(.text("Partner")), .th(.text("Strategy")), .th(.text("Status")))),
                .tbody(.forEach(activities) { activity in
                    .tr(.td(.a(.href(SiteURL.activity(slug: access.slug, id: activity.id!).path), .text(activity.kind))),
                        .td(.text(names[activity.organizationID] ?? "")), .td(.text(titles[activity.strategyID] ?? "")),
                        .td(activityStatusBadge(activity.parsedStatus)))
                })))))
    }

    private func history(_ csrf: String) -> Node<HTML.BodyContext> {
        let mergeTargets = structure.open.filter { $0.parsedKind == .workingGroup && $0.id != id }
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "history-title"),
            .h2(.id("history-title"), .text("Status and history")),
            .ol(.class("plain-list history"), .forEach(events) { event in
                .li(.text(Format.day(event.changedAt) + ": "), .strong(.text(BodyStatus(rawValue: event.status)?.title ?? event.status)),
                    .if(!event.note.isEmpty, .text(". " + event.note)))
            }),
            .if(access.can(.editGovernance) && body.mergedIntoID == nil, .div(.class("edit-grid"),
                .form(.method(.post), .action(escapedAttribute(action(.status))),
                    .h3(.text("Change the status")),
                    csrfField(csrf),
                    Field.select("status", "New status", options: BodyStatus.allCases.filter { $0 != body.parsedStatus }.map { ($0.rawValue, $0.title) },
                                 selected: value(.status, "status"), error: error(.status, "status")),
                    Field.text("note", "Reason", value: value(.status, "note"), error: error(.status, "note"), Field.Options(hint: "Optional: kept in the history.", required: false)),
                    .button(.type(.submit), .class("button"), .text("Change status"))),
                .if(isGroup && isOpen && !mergeTargets.isEmpty, .form(.method(.post), .action(escapedAttribute(action(.merge))),
                    .h3(.text("Merge into another group")),
                    csrfField(csrf),
                    Field.select("into", "Merge into", options: mergeTargets.map { ($0.id!.uuidString, $0.name) }, selected: "", error: error(.merge, "into"),
                                 hint: "The other group takes over the strategies; this one closes and keeps its record."),
                    .button(.type(.submit), .class("button"), .text("Merge")))))))
    }
}
