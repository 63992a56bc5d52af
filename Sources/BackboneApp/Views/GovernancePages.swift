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
    func diagram(initiative: String, slug: String, today: CalendarDay) -> ChangeDiagram {
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
        return ChangeDiagram(
            title: "Governance structure of \(initiative)",
            columnTitles: ["Steering committee", "Working groups", "Partner organizations"],
            columns: [committees.map(node), groups.map(node),
                      partners.map { ChangeDiagram.Node(id: $0.uuidString, title: names[$0] ?? "", href: SiteURL.partner(slug: slug, id: $0).path) }],
            links: links,
            summary: "\(committees.count) steering committee, \(groups.count) working groups and the \(partners.count) partner organizations serving in them; the list below says the same in words.")
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
        let today = CalendarDay(containing: Date())
        let names = structure.organizationNames, parts = structure.partTitles
        return Layout.page("Governance", chrome,
            .div(.class("page-head"), .h1(.text("Governance")),
                 .a(.class("button"), .href(SiteURL.governanceCycles(slug: access.slug).path), .text("Quarterly cycles"))),
            .p(.class("lead"), .text("Who steers the initiative and who does the work: the steering committee, its working groups, and the partner organizations whose people serve in them.")),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .if(structure.bodies.isEmpty, .div(.class("panel empty"), .p(.text("No steering committee or working groups yet.")))),
            .if(!structure.open.isEmpty, .div(.class("panel diagram-wrap"), .raw(structure.diagram(initiative: access.initiative.name, slug: access.slug, today: today).svg(id: "governance-structure")))),
            .if(!structure.open.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "bodies-title"),
                .h2(.id("bodies-title"), .text("In words")),
                .ul(.class("change-outline"), .forEach(structure.open) { body in
                    let serving = structure.serving(body.id!, on: today)
                    let chairs = serving.filter(\.parsedRole.leads).map { "\($0.name) (\($0.parsedRole.title.lowercased()))" }
                    let organizations = Set(serving.map(\.organizationID)).compactMap { names[$0] }.sorted()
                    let strategies = (structure.strategies[body.id!] ?? []).compactMap { parts[$0] }.sorted()
                    return .li(
                        .a(.href(SiteURL.body(slug: access.slug, id: body.id!).path), .strong(.text(body.name))),
                        .text(" · \(body.parsedKind.title) "), bodyStatusBadge(body.parsedStatus),
                        .p(.text(body.purpose)),
                        .if(!chairs.isEmpty, .p(.text("Led by: " + chairs.joined(separator: "; ")))),
                        .p(.text(organizations.isEmpty ? "No members serving yet." : "\(serving.count) members from: " + organizations.joined(separator: "; "))),
                        .if(!strategies.isEmpty, .p(.text("Strategies: " + strategies.joined(separator: "; ")))))
                }))),
            .if(!structure.closed.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "closed-title"),
                .h2(.id("closed-title"), .text("Closed and merged groups")),
                .p(.class("meta"), .text("Kept for the record, with their members, strategies and history.")),
                .ul(.class("plain-list"), .forEach(structure.closed) { body in
                    .li(.a(.href(SiteURL.body(slug: access.slug, id: body.id!).path), .text(body.name)),
                        .unwrap(structure.name(of: body.mergedIntoID)) { .text(" · merged into \($0)") })
                }))),
            .if(access.can(.editGovernance), createForm(chrome.csrfToken)))
    }

    private func createForm(_ csrfToken: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "new-body-title"),
            .h2(.id("new-body-title"), .text("Set up a body")),
            .form(.method(.post), .action(SiteURL.governance(slug: access.slug).path),
                csrfField(csrfToken),
                Field.select("kind", "Kind", options: BodyKind.allCases.map { ($0.rawValue, $0.title) }, selected: posted["kind"] ?? "", error: errors["kind"]),
                Field.text("name", "Name", value: posted["name"] ?? "", error: errors["name"]),
                Field.textArea("purpose", "Purpose", value: posted["purpose"] ?? "", error: errors["purpose"], hint: "What the body is for, in a sentence or two.", required: true),
                Field.textArea("scope", "Scope", value: posted["scope"] ?? "", error: errors["scope"], hint: "What it covers and what it leaves to others. Optional."),
                Field.textArea("decisionRights", "Decision rights", value: posted["decisionRights"] ?? "", error: errors["decisionRights"], hint: "What it may decide on its own, and what it brings to the steering committee. Optional."),
                .button(.type(.submit), .class("button primary"), .text("Set up"))))
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
        let current = today.quarter
        let quarters = (0..<4).map { current.shifted(by: -$0).key }
        let byKey = Dictionary(entries.map { ("\($0.bodyID.uuidString)/\($0.quarter)", $0) }, uniquingKeysWith: { a, _ in a })
        return Layout.page("Quarterly cycles", chrome,
            .div(.class("page-head"), .h1(.text("Quarterly cycles")),
                 .a(.class("button"), .href(SiteURL.governance(slug: access.slug).path), .text("Governance"))),
            .p(.class("lead"), .text("Each quarter a working group plans, does the work, looks at the evidence and adjusts, then tells partners and the community. Where every open group stands:")),
            .if(groups.isEmpty, .div(.class("panel empty"), .p(.text("No open working groups.")))),
            .if(!groups.isEmpty, tableFrame(.table(.class("table matrix cycle-table"),
                .caption(.class("visually-hidden"), .text("Working groups by quarter: the step reached and its note")),
                .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text("Working group")),
                           .forEach(quarters) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(.forEach(groups) { group in
                    .tr(.th(.attribute(named: "scope", value: "row"), .a(.href(SiteURL.body(slug: access.slug, id: group.id!).path), .text(group.name))),
                        .forEach(quarters) { quarter in
                            guard let entry = byKey["\(group.id!.uuidString)/\(quarter)"] else {
                                return .td(.span(.class("meta"), .text("Not recorded")))
                            }
                            let record = entry.record
                            return .td(cycleSteps(record.stage), .p(.class("cycle-note"), .text(record.notes[record.stage] ?? "")))
                        })
                })))))
    }
}

/// The four steps with the reached ones marked, readable without colour ("Step 3 of 4: …").
func cycleSteps(_ stage: CycleStep) -> Node<HTML.BodyContext> {
    .div(.class("cycle-steps"),
         .span(.class("visually-hidden"), .text("Step \(stage.position + 1) of 4: ")),
         .forEach(CycleStep.allCases) { step in
             .span(.class(step.position <= stage.position ? "cycle-step reached" : "cycle-step"), .ariaHidden(step != stage),
                   .text(step == stage ? step.title : String(step.title.prefix(1))))
         })
}
