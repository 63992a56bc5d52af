import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The initiative's bodies with their members and strategies, read once for a page.
struct GovernanceStructure {
    let bodies: [GovernanceBodyModel]
    let members: [BodyMemberModel]
    /// Strategy ids by body id.
    let strategies: [UUID: [UUID]]
    let organizations: [OrganizationModel]
    let changeParts: [ChangeNodeModel]

    var organizationNames: [UUID: String] { Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) }) }
    var partTitles: [UUID: String] { Dictionary(uniqueKeysWithValues: changeParts.map { ($0.id!, $0.title) }) }
    var open: [GovernanceBodyModel] { bodies.filter { $0.parsedStatus != .closed } }
    var closed: [GovernanceBodyModel] { bodies.filter { $0.parsedStatus == .closed } }

    func serving(_ body: UUID, on day: CalendarDay) -> [BodyMemberModel] {
        members.filter { $0.bodyID == body && $0.serves(on: day) }
    }

    func name(of body: UUID?) -> String? { bodies.first { $0.id == body }?.name }

    /// The cascade: steering committee → working groups → the partner organizations whose people
    /// serve in them today. Partners are ordered by the groups they serve in, so arrows cross less.
    /// The most partners the diagram names one by one.
    static let partnersDrawn = 30

    func diagram(initiative: String, slug: String, today: CalendarDay, _ t: Texts) -> ChangeDiagram {
        let committees = open.filter { $0.parsedKind == .steeringCommittee }
        let groups = open.filter { $0.parsedKind == .workingGroup }
        var links: [(from: String, to: String)] = []
        for committee in committees { for group in groups { links.append((committee.id!.uuidString, group.id!.uuidString)) } }
        var positions: [UUID: [Int]] = [:]
        for (index, group) in groups.enumerated() {
            for organization in Set(serving(group.id!, on: today).map(\.organizationID)) {
                positions[organization, default: []].append(index)
                links.append((group.id!.uuidString, organization.uuidString))
            }
        }
        let names = organizationNames
        let partners = positions.keys.sorted {
            let a = Double(positions[$0]!.reduce(0, +)) / Double(positions[$0]!.count), b = Double(positions[$1]!.reduce(0, +)) / Double(positions[$1]!.count)
            return (a, names[$0] ?? "") < (b, names[$1] ?? "")
        }
        func node(_ body: GovernanceBodyModel) -> ChangeDiagram.Node {
            ChangeDiagram.Node(id: body.id!.uuidString, title: body.name, href: SiteURL.body(slug: slug, id: body.id!).path)
        }
        // Past a few dozen partners a column of names is unreadable: each group then says how
        // many partners sit in it, and the partners are named in the text below the diagram.
        guard partners.count <= Self.partnersDrawn else {
            let counts = Dictionary(grouping: positions.flatMap { organization, indexes in indexes.map { ($0, organization) } }, by: \.0).mapValues(\.count)
            return ChangeDiagram(
                title: t("governance.diagramTitle", ["initiative": initiative]),
                columnTitles: [t("bodyKind.steering_committee"), t("governance.workingGroups")],
                columns: [committees.map(node), groups.enumerated().map { index, group in
                    ChangeDiagram.Node(id: group.id!.uuidString, title: t("governance.groupWithPartners", ["name": group.name, "count": t.count(counts[index] ?? 0)]),
                                       href: SiteURL.body(slug: slug, id: group.id!).path)
                }],
                links: links.filter { link in groups.contains { $0.id!.uuidString == link.to } },
                summary: t("governance.diagramSummary", ["committees": t.count(committees.count), "groups": t.count(groups.count), "partners": t.count(partners.count)]))
        }
        return ChangeDiagram(
            title: t("governance.diagramTitle", ["initiative": initiative]),
            columnTitles: [t("bodyKind.steering_committee"), t("governance.workingGroups"), t("governance.partnerOrganizations")],
            columns: [committees.map(node), groups.map(node),
                      partners.map { ChangeDiagram.Node(id: $0.uuidString, title: names[$0] ?? "", href: SiteURL.partner(slug: slug, id: $0).path) }],
            links: links,
            summary: t("governance.diagramSummary", ["committees": t.count(committees.count), "groups": t.count(groups.count), "partners": t.count(partners.count)]))
    }
}

func bodyStatusBadge(_ status: BodyStatus) -> Node<HTML.BodyContext> {
    let tone = switch status {
    case .active: "status-ok"
    case .forming: "status-info"
    case .paused: "status-warn"
    case .closed: "status-muted"
    }
    return .span(.class(escapedAttribute("status \(tone)")), .text(status.title))
}

/// /i/{slug}/governance: the structure diagram, the bodies in words, and setting up a body.
struct GovernancePage {
    let access: InitiativeAccess
    let structure: GovernanceStructure
    var notice: Notice?
    var errors: [String: String] = [:]
    var posted: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let today = CalendarDay(containing: Date(), in: access.initiative.zone)
        let names = structure.organizationNames, parts = structure.partTitles
        return Layout.page(t("nav.governance"), chrome,
            .div(.class("page-head"), .h1(.text(t("nav.governance"))),
                 .a(.class("button"), .href(SiteURL.governanceCycles(slug: access.slug).path), .text(t("governance.cycles")))),
            .p(.class("lead"), .text(t("governance.lead"))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .if(structure.bodies.isEmpty, .div(.class("panel empty"), .p(.text(t("governance.none"))))),
            .if(!structure.open.isEmpty, .div(.class("panel diagram-wrap"), .attribute(named: "tabindex", value: "0"), .raw(structure.diagram(initiative: access.initiative.name, slug: access.slug, today: today, t).svg(id: "governance-structure")))),
            .if(!structure.open.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "bodies-title"),
                .h2(.id("bodies-title"), .text(t("governance.inWords"))),
                .ul(.class("change-outline"), .forEach(structure.open) { body in
                    let serving = structure.serving(body.id!, on: today)
                    let chairs = serving.filter(\.parsedRole.leads).map { "\($0.name) (\($0.parsedRole.title(t).lowercased()))" }
                    let organizations = Set(serving.map(\.organizationID)).compactMap { names[$0] }.sorted()
                    let strategies = (structure.strategies[body.id!] ?? []).compactMap { parts[$0] }.sorted()
                    return .li(
                        .a(.href(SiteURL.body(slug: access.slug, id: body.id!).path), .strong(.text(body.name))),
                        .text(" · \(body.parsedKind.title(t)) "), bodyStatusBadge(body.parsedStatus),
                        .p(.text(body.purpose)),
                        .if(!chairs.isEmpty, .p(.text(t("governance.ledBy", ["names": chairs.joined(separator: "; ")])))),
                        .p(.text(organizations.isEmpty ? t("governance.noMembers") : t("governance.membersFrom", ["count": t.count(serving.count), "organizations": organizations.joined(separator: "; ")]))),
                        .if(!strategies.isEmpty, .p(.text(t("governance.strategies", ["names": strategies.joined(separator: "; ")])))))
                }))),
            .if(!structure.closed.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "closed-title"),
                .h2(.id("closed-title"), .text(t("governance.closed"))),
                .p(.class("meta"), .text(t("governance.closedLead"))),
                .ul(.class("plain-list"), .forEach(structure.closed) { body in
                    .li(.a(.href(SiteURL.body(slug: access.slug, id: body.id!).path), .text(body.name)),
                        .unwrap(structure.name(of: body.mergedIntoID)) { .text(" · " + t("governance.mergedInto", ["name": $0])) })
                }))),
            .if(access.can(.editGovernance), createForm(chrome.csrfToken)))
    }

    private func createForm(_ csrfToken: String) -> Node<HTML.BodyContext> {
        let t = Texts.current
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "new-body-title"),
            .h2(.id("new-body-title"), .text(t("governance.setUp"))),
            .form(.method(.post), .action(SiteURL.governance(slug: access.slug).path),
                csrfField(csrfToken),
                Field.select("kind", t("governance.kind"), options: BodyKind.allCases.map { ($0.rawValue, $0.title) }, selected: posted["kind"] ?? "", error: errors["kind"]),
                Field.text("name", t("dimensions.name"), value: posted["name"] ?? "", error: errors["name"]),
                Field.textArea("purpose", t("governance.purpose"), value: posted["purpose"] ?? "", error: errors["purpose"], hint: t("governance.purposeHint"), required: true),
                Field.textArea("scope", t("governance.scope"), value: posted["scope"] ?? "", error: errors["scope"], hint: t("governance.scopeHint")),
                Field.textArea("decisionRights", t("governance.decisionRights"), value: posted["decisionRights"] ?? "", error: errors["decisionRights"], hint: t("governance.decisionRightsHint")),
                .button(.type(.submit), .class("button primary"), .text(t("governance.setUpSubmit")))))
    }
}

/// /i/{slug}/governance/cycles: every open working group's last four quarters, for the backbone
/// to see at a glance who is planning, doing, learning from evidence or reporting back.
struct CyclesPage {
    let access: InitiativeAccess
    let groups: [GovernanceBodyModel]
    let entries: [CycleEntryModel]
    let today: CalendarDay

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let current = today.quarter
        let quarters = (0..<4).map { current.shifted(by: -$0).key }
        let byKey = Dictionary(entries.map { ("\($0.bodyID.uuidString)/\($0.quarter)", $0) }, uniquingKeysWith: { a, _ in a })
        return Layout.page(t("governance.cycles"), chrome,
            .div(.class("page-head"), .h1(.text(t("governance.cycles"))),
                 .a(.class("button"), .href(SiteURL.governance(slug: access.slug).path), .text(t("nav.governance")))),
            .p(.class("lead"), .text(t("governance.cyclesLead"))),
            .if(groups.isEmpty, .div(.class("panel empty"), .p(.text(t("governance.noGroups"))))),
            .if(!groups.isEmpty, tableFrame(.table(.class("table matrix cycle-table"),
                .caption(.class("visually-hidden"), .text(t("governance.cyclesCaption"))),
                .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(t("bodyKind.working_group"))),
                           .forEach(quarters) { key in .th(.attribute(named: "scope", value: "col"), .text(ReportingPeriod(key: key).map(t.period) ?? key)) })),
                .tbody(.forEach(groups) { group in
                    .tr(.th(.attribute(named: "scope", value: "row"), .a(.href(SiteURL.body(slug: access.slug, id: group.id!).path), .text(group.name))),
                        .forEach(quarters) { quarter in
                            guard let entry = byKey["\(group.id!.uuidString)/\(quarter)"] else {
                                return .td(.span(.class("meta"), .text(t("governance.notRecorded"))))
                            }
                            let record = entry.record
                            return .td(cycleSteps(record.stage), .p(.class("cycle-note"), .text(record.notes[record.stage] ?? "")))
                        })
                })))))
    }
}

/// The four steps with the reached ones marked, readable without colour ("Step 3 of 4: …").
func cycleSteps(_ stage: CycleStep) -> Node<HTML.BodyContext> {
    let t = Texts.current
    return .div(.class("cycle-steps"),
         .span(.class("visually-hidden"), .text(t("governance.stepOf", ["step": t.count(stage.position + 1), "total": t.count(CycleStep.allCases.count)]) + " ")),
         .forEach(CycleStep.allCases) { step in
             .span(.class(step.position <= stage.position ? "cycle-step reached" : "cycle-step"), .ariaHidden(step != stage),
                   .text(step == stage ? step.title : String(step.title.prefix(1))))
         })
}
