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
    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        Layout.page(body.name, chrome,
            .div(.class("page-head"),
                 .div(.p(.class("eyebrow"), .text(body.parsedKind.title)), .h1(.text(body.name), .text(" "), bodyStatusBadge(body.parsedStatus))),
                 .a(.class("button"), .href(SiteURL.governance(slug: access.slug).path), .text(t("body.allBodies")))),
            .unwrap(structure.bodies.first { $0.id == body.mergedIntoID }) { target in
                .div(.class("alert alert-info"), .p(.text(t("body.mergedInto")), .a(.href(SiteURL.body(slug: access.slug, id: target.id!).path), .text(target.name)),
                                                     .text(t("body.mergedIntoAfter"))))
            },
            noticeBanner(notice, chrome.t),
            errorSummary(errors, listing: true),
            charter(chrome.csrfToken),
            members(chrome.csrfToken),
            .if(isGroup, strategies(chrome.csrfToken)),
            .if(isGroup, cycleSection(chrome.csrfToken)),
            .if(isGroup, activityList()),
            history(chrome.csrfToken, chrome.zone))
    }

    private func charter(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "charter-title"),
            .h2(.id("charter-title"), .text(t("body.charter"))),
            .dl(.class("charter"),
                .dt(.text(t("governance.purpose"))), .dd(.text(body.purpose)),
                .dt(.text(t("governance.scope"))), .dd(.text(body.scope.isEmpty ? t("body.notWritten") : body.scope)),
                .dt(.text(t("governance.decisionRights"))), .dd(.text(body.decisionRights.isEmpty ? t("body.notWritten") : body.decisionRights))),
            .if(access.can(.editGovernance), .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .charter ? "open" : nil),
                .element(named: "summary", nodes: [.text(t("body.changeCharter"))]),
                .form(.method(.post), .action(escapedAttribute(action(.charter))),
                    csrfField(csrf),
                    .input(.type(.hidden), .name("revision"), .value(escapedAttribute(failed == .charter ? posted["revision"] ?? "" : String(body.revision)))),
                    .unwrap(error(.charter, "revision")) { .p(.class("field-error"), .text($0)) },
                    Field.text("name", t("dimensions.name"), value: value(.charter, "name", body.name), error: error(.charter, "name")),
                    Field.textArea("purpose", t("governance.purpose"), value: value(.charter, "purpose", body.purpose), error: error(.charter, "purpose"), required: true),
                    Field.textArea("scope", t("governance.scope"), value: value(.charter, "scope", body.scope), error: error(.charter, "scope")),
                    Field.textArea("decisionRights", t("governance.decisionRights"), value: value(.charter, "decisionRights", body.decisionRights), error: error(.charter, "decisionRights")),
                    .button(.type(.submit), .class("button primary"), .text(t("body.saveCharter")))),
            ])))
    }

    private func members(_ csrf: String) -> Node<HTML.BodyContext> {
        let rows = structure.members.filter { $0.bodyID == id }
        let names = structure.organizationNames
        let editable = rights.canEdit(body: id) && isOpen
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "members-title"),
            .h2(.id("members-title"), .text(t("partners.members"))),
            .if(rows.isEmpty, .p(.text(t("body.noMembers")))),
            .if(!rows.isEmpty, tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text(t("dimensions.name"))), .th(.text(t("partners.organization"))), .th(.text(t("login.role"))), .th(.text(t("body.term"))), .if(editable, .th(.span(.class("visually-hidden"), .text(t("body.actions"))))))),
                .tbody(.forEach(rows) { member in
                    let serving = member.serves(on: today)
                    return .tr(
                        .td(.text(member.name)),
                        .td(.text(names[member.organizationID] ?? "")),
                        .td(.text(member.parsedRole.title)),
                        .td(.span(.class("nowrap"), .text(t.day(key: member.termStart))), .text(" – "), .span(.class("nowrap"), .text(member.termEnd.map { t.day(key: $0) } ?? t("body.open"))),
                            .if(!serving, .span(.class("badge badge-muted"), .text(member.termEnd.map { $0 < today.key ? t("body.ended") : t("body.notYet") } ?? t("body.notYet"))))),
                        .if(editable, .td(.if(serving && member.termEnd == nil, .form(.class("inline"), .method(.post), .action(escapedAttribute(action(.endTerm))),
                            csrfField(csrf),
                            .input(.type(.hidden), .name("member"), .value(escapedAttribute(member.id!.uuidString))),
                            .button(.type(.submit), .class("button small"), .attribute(named: "aria-label", value: escapedAttribute(t("body.endTermNamed", ["name": member.name]))), .text(t("body.endTerm"))))))))
                })))),
            .if(editable, .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .members || rows.isEmpty ? "open" : nil),
                .element(named: "summary", nodes: [.text(t("body.addMember"))]),
                .form(.method(.post), .action(escapedAttribute(action(.members))),
                    csrfField(csrf),
                    .if(!people.isEmpty, Field.select("user", t("body.person"), options: people.map { ($0.user.id!.uuidString, "\($0.user.displayName) (\($0.organization.name))") },
                                                      selected: value(.members, "user"), error: error(.members, "user"), hint: t("body.personHint"), required: false)),
                    Field.text("memberName", t("dimensions.name"), value: value(.members, "memberName"), error: error(.members, "name"),
                               Field.Options(hint: t("body.nameHint"), required: false)),
                    Field.select("organization", t("partners.organization"), options: structure.organizations.map { ($0.id!.uuidString, $0.name) },
                                 selected: value(.members, "organization"), error: error(.members, "organization")),
                    Field.select("role", t("body.roleInGroup"), options: BodyRole.allCases.map { ($0.rawValue, $0.title) }, selected: value(.members, "role"), error: error(.members, "role")),
                    .div(.class("field-row"),
                        Field.text("termStart", t("body.termStart"), value: value(.members, "termStart", today.key), error: error(.members, "termStart"), Field.Options(type: .date)),
                        Field.text("termEnd", t("body.termEnd"), value: value(.members, "termEnd"), error: error(.members, "termEnd"), Field.Options(type: .date, hint: t("toc.optional"), required: false))),
                    .button(.type(.submit), .class("button primary"), .text(t("body.addMemberSubmit")))),
            ])))
    }

    private func strategies(_ csrf: String) -> Node<HTML.BodyContext> {
        let owned = structure.strategies[id] ?? []
        let titles = structure.partTitles
        let takenByOpen = Set(structure.open.filter { $0.id != id }.flatMap { structure.strategies[$0.id!] ?? [] })
        let available = structure.changeParts.filter { $0.parsedKind == .strategy && !owned.contains($0.id!) && !takenByOpen.contains($0.id!) }
        let editable = access.can(.editGovernance) && isOpen
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "strategies-title"),
            .h2(.id("strategies-title"), .text(t("body.strategies"))),
            .if(owned.isEmpty, .p(.text(t("body.noStrategies")))),
            .ul(.class("plain-list"), .forEach(owned.sorted { (titles[$0] ?? "") < (titles[$1] ?? "") }) { strategy in
                .li(.a(.href(escapedAttribute(SiteURL.theoryOfChange(slug: access.slug).path + "#part-\(strategy.uuidString)")), .text(titles[strategy] ?? "")),
                    .if(editable, .form(.class("inline"), .method(.post), .action(escapedAttribute(action(.strategiesRemove))),
                        csrfField(csrf), .input(.type(.hidden), .name("strategy"), .value(escapedAttribute(strategy.uuidString))),
                        .text(" "),
                        .button(.type(.submit), .class("button small"), .attribute(named: "aria-label", value: escapedAttribute(t("body.removeStrategyNamed", ["name": titles[strategy] ?? ""]))), .text(t("people.remove"))))))
            }),
            .if(editable && !available.isEmpty, .form(.method(.post), .action(escapedAttribute(action(.strategies))),
                csrfField(csrf),
                Field.select("strategy", t("body.giveStrategy"), options: available.map { ($0.id!.uuidString, $0.title) }, selected: "", error: error(.strategies, "strategy")),
                .button(.type(.submit), .class("button"), .text(t("body.addStrategy"))))))
    }

    private func cycleSection(_ csrf: String) -> Node<HTML.BodyContext> {
        let quarter = today.quarter.key
        let current = cycle.first { $0.quarter == quarter }
        let record = current?.record
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "cycle-title"),
            .h2(.id("cycle-title"), .text(t("body.cycle"))),
            .p(.class("meta"), .text(t("body.cycleLead"))),
            .if(cycle.isEmpty, .p(.text(t("body.noQuarter")))),
            .if(!cycle.isEmpty, tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text(t("body.quarter"))), .th(.text(t("body.stepReached"))), .forEach(CycleStep.allCases) { .th(.text($0.title(t))) })),
                .tbody(.forEach(cycle) { entry in
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(ReportingPeriod(key: entry.quarter).map(t.period) ?? entry.quarter)), .td(cycleSteps(entry.record.stage)),
                        .forEach(CycleStep.allCases) { .td(.text(entry.record.notes[$0] ?? "")) })
                })))),
            .if(rights.canEdit(body: id) && isOpen, .form(.method(.post), .action(escapedAttribute(action(.cycle))),
                .h3(.text(t("body.recordQuarter", ["quarter": ReportingPeriod(key: quarter).map(t.period) ?? quarter]))),
                csrfField(csrf),
                .input(.type(.hidden), .name("quarter"), .value(escapedAttribute(quarter))),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(failed == .cycle ? posted["revision"] ?? "0" : String(current?.revision ?? 0)))),
                .unwrap(error(.cycle, "revision") ?? error(.cycle, "quarter")) { .p(.class("field-error"), .text($0)) },
                Field.select("stage", t("body.stage"), options: CycleStep.allCases.map { ($0.rawValue, $0.title) },
                             selected: value(.cycle, "stage", record?.stage.rawValue ?? CycleStep.plan.rawValue), error: error(.cycle, "stage")),
                .forEach(CycleStep.allCases) { step in
                    Field.textArea("note.\(step.rawValue)", t("body.stepNote", ["step": step.title(t)]), value: value(.cycle, "note.\(step.rawValue)", record?.notes[step] ?? ""),
                                   error: error(.cycle, "note.\(step.rawValue)"))
                },
                .button(.type(.submit), .class("button primary"), .text(t("body.saveQuarter"))))))
    }

    private func activityList() -> Node<HTML.BodyContext> {
        let names = structure.organizationNames, titles = structure.partTitles
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "activities-title"),
            .div(.class("page-head"), .h2(.id("activities-title"), .text(t("body.activities"))),
                 .a(.href(SiteURL.activities(slug: access.slug).path), .text(t("nav.actionPlan")))),
            .if(activities.isEmpty, .p(.text(t("body.noActivities")))),
            .if(!activities.isEmpty, tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text(t("body.activity"))), .th(.text(t("reporting.partner"))), .th(.text(t("changeKind.strategy"))), .th(.text(t("results.status"))))),
                .tbody(.forEach(activities) { activity in
                    .tr(.td(.a(.href(SiteURL.activity(slug: access.slug, id: activity.id!).path), .text(activity.kind))),
                        .td(.text(names[activity.organizationID] ?? "")), .td(.text(titles[activity.strategyID] ?? "")),
                        .td(activityStatusBadge(activity.parsedStatus)))
                })))))
    }

    private func history(_ csrf: String, _ zone: TimeZone) -> Node<HTML.BodyContext> {
        let mergeTargets = structure.open.filter { $0.parsedKind == .workingGroup && $0.id != id }
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "history-title"),
            .h2(.id("history-title"), .text(t("body.history"))),
            .ol(.class("plain-list history"), .forEach(events) { event in
                .li(.text(t.day(event.changedAt, in: zone) + ": "), .strong(.text(BodyStatus(rawValue: event.status)?.title ?? event.status)),
                    .if(!event.note.isEmpty, .text(". " + event.note)))
            }),
            .if(access.can(.editGovernance) && body.mergedIntoID == nil, .div(.class("edit-grid"),
                .form(.method(.post), .action(escapedAttribute(action(.status))),
                    .h3(.text(t("body.changeStatus"))),
                    csrfField(csrf),
                    Field.select("status", t("body.newStatus"), options: BodyStatus.allCases.filter { $0 != body.parsedStatus }.map { ($0.rawValue, $0.title) },
                                 selected: value(.status, "status"), error: error(.status, "status")),
                    Field.text("note", t("body.reason"), value: value(.status, "note"), error: error(.status, "note"), Field.Options(hint: t("body.reasonHint"), required: false)),
                    .button(.type(.submit), .class("button"), .text(t("body.changeStatusSubmit")))),
                .if(isGroup && isOpen && !mergeTargets.isEmpty, .form(.method(.post), .action(escapedAttribute(action(.merge))),
                    .h3(.text(t("body.merge"))),
                    csrfField(csrf),
                    Field.select("into", t("body.mergeInto"), options: mergeTargets.map { ($0.id!.uuidString, $0.name) }, selected: "", error: error(.merge, "into"),
                                 hint: t("body.mergeHint")),
                    .button(.type(.submit), .class("button"), .text(t("body.mergeSubmit"))))))))
    }
}
