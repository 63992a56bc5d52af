import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The theory of change: the diagram, the same graph as an outline, and the backbone's forms.
struct TheoryOfChangePage {
    let access: InitiativeAccess
    let snapshot: TheoryOfChangeRepository.Snapshot
    let indicators: [IndicatorModel]
    var notice: Notice?
    var errors: [String: String] = [:]
    var partForm: TheoryOfChangeController.PartForm?

    private let byID: [UUID: ChangeNodeModel]
    /// Each column's parts in diagram order, computed once: the outline lists them the same way.
    private let columns: [[UUID]]

    init(access: InitiativeAccess, snapshot: TheoryOfChangeRepository.Snapshot, indicators: [IndicatorModel], notice: Notice? = nil,
         errors: [String: String] = [:], partForm: TheoryOfChangeController.PartForm? = nil) {
        self.access = access
        self.snapshot = snapshot
        self.indicators = indicators
        self.notice = notice
        self.errors = errors
        self.partForm = partForm
        byID = Dictionary(uniqueKeysWithValues: snapshot.nodes.map { ($0.id!, $0) })
        columns = snapshot.graph.columns(order: snapshot.nodes.map { $0.id! })
    }

    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        Layout.page(t("toc.title"), chrome,
            .div(.class("page-head"), .h1(.text(t("toc.title"))),
                 .a(.class("button"), .href(SiteURL.agenda(slug: access.slug).path), .text(t("toc.commonAgenda")))),
            .p(.class("lead"), .text(t("toc.lead"))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .if(snapshot.nodes.isEmpty, .div(.class("panel empty"), .p(.text(t("toc.none"))),
                .if(access.can(.editAgenda), .p(.text(t("toc.noneHint")))))),
            .if(!snapshot.nodes.isEmpty, .group(
                .div(.class("panel diagram-wrap"), .attribute(named: "tabindex", value: "0"), .raw(diagram().svg(id: "theory-of-change"))),
                outline())),
            .if(access.can(.editAgenda), editing(chrome.csrfToken)))
    }

    private func diagram() -> ChangeDiagram {
        ChangeDiagram(
            title: t("toc.diagramTitle", ["initiative": access.initiative.name]),
            columnTitles: ChangeNodeKind.allCases.map(\.pluralTitle),
            columns: columns.map { column in column.compactMap { id in byID[id].map { ChangeDiagram.Node(id: id.uuidString, title: $0.title, href: "#part-\(id.uuidString)") } } },
            links: snapshot.graph.links.sorted { ($0.from.uuidString, $0.to.uuidString) < ($1.from.uuidString, $1.to.uuidString) }
                .map { (from: $0.from.uuidString, to: $0.to.uuidString) },
            summary: t("toc.diagramSummary", ["parts": t.count(snapshot.nodes.count), "links": t.count(snapshot.graph.links.count)]))
    }

    /// The same graph in words, read top-down from the results: each part with what it
    /// contributes to, what contributes to it, and the indicators that measure it.
    private func outline() -> Node<HTML.BodyContext> {
        let names = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id!, $0) })
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "outline-title"),
            .h2(.id("outline-title"), .text(t("governance.inWords"))),
            .forEach(ChangeNodeKind.allCases.reversed()) { kind in
                let parts = columns[kind.column].compactMap { byID[$0] }
                return .if(!parts.isEmpty, .group(
                    .h3(.text(kind.pluralTitle)),
                    .ul(.class("change-outline"), .forEach(parts) { node in
                        let id = node.id!
                        let into = snapshot.graph.links.filter { $0.from == id }.compactMap { byID[$0.to]?.title }.sorted()
                        let from = snapshot.graph.links.filter { $0.to == id }.compactMap { byID[$0.from]?.title }.sorted()
                        let measured = (snapshot.indicators[id] ?? []).compactMap { names[$0] }
                        return .li(.id(escapedAttribute("part-\(id.uuidString)")),
                            .strong(.text(node.title)),
                            .if(!node.description.isEmpty, .p(.text(node.description))),
                            .if(!into.isEmpty, .p(.text(t("toc.contributesTo", ["names": into.joined(separator: "; ")])))),
                            .if(!from.isEmpty, .p(.text(t("toc.fedBy", ["names": from.joined(separator: "; ")])))),
                            .if(!measured.isEmpty, .p(.text(t("toc.measuredBy") + " "), .group(measured.enumerated().map { index, indicator in
                                .group(.if(index > 0, .text(", ")), .a(.href(SiteURL.indicator(slug: access.slug, id: indicator.id!).path), .text(indicator.shownName)))
                            }))))
                    })))
            })
    }

    private func editing(_ csrfToken: String) -> Node<HTML.BodyContext> {
        let parts = snapshot.nodes.map { (value: $0.id!.uuidString, label: "\($0.title) (\($0.parsedKind.title(t).lowercased()))") }
        let measurable = snapshot.nodes.filter { $0.parsedKind.takesIndicators }.map { (value: $0.id!.uuidString, label: $0.title) }
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "edit-title"),
            .h2(.id("edit-title"), .text(t("toc.edit"))),
            .div(.class("edit-grid"),
                .form(.method(.post), .action(SiteURL.theoryOfChangeParts(slug: access.slug).path),
                    .h3(.text(t("toc.addPart"))),
                    csrfField(csrfToken),
                    Field.select("kind", t("governance.kind"), options: ChangeNodeKind.allCases.map { ($0.rawValue, $0.title) }, selected: partForm?.kind ?? "", error: errors["kind"]),
                    Field.text("title", t("updates.titleField"), value: partForm?.title ?? "", error: errors["title"]),
                    Field.textArea("description", t("toc.description"), value: partForm?.description ?? "", error: errors["description"], hint: t("toc.optional")),
                    .button(.type(.submit), .class("button primary"), .text(t("toc.addPartSubmit")))),
                .if(parts.count >= 2, .form(.method(.post), .action(SiteURL.theoryOfChangeLinks(slug: access.slug).path),
                    .h3(.text(t("toc.link"))),
                    csrfField(csrfToken),
                    Field.select("from", t("toc.thisPart"), options: parts, selected: "", error: nil),
                    Field.select("to", t("toc.contributesToField"), options: parts, selected: "", error: errors["to"]),
                    .button(.type(.submit), .class("button primary"), .text(t("toc.addLink"))))),
                .if(!measurable.isEmpty && !indicators.isEmpty, .form(.method(.post), .action(SiteURL.theoryOfChangeIndicators(slug: access.slug).path),
                    .h3(.text(t("toc.attach"))),
                    csrfField(csrfToken),
                    Field.select("node", t("toc.resultOrOutcome"), options: measurable, selected: "", error: errors["node"]),
                    Field.select("indicator", t("history.indicator"), options: indicators.map { ($0.id!.uuidString, $0.name) }, selected: "", error: errors["indicator"]),
                    .button(.type(.submit), .class("button primary"), .text(t("toc.attachSubmit")))))),
            .if(!snapshot.graph.links.isEmpty, .group(
                .h3(.text(t("toc.links"))),
                .ul(.class("plain-list"), .forEach(snapshot.graph.links.sorted { (byID[$0.from]?.title ?? "", byID[$0.to]?.title ?? "") < (byID[$1.from]?.title ?? "", byID[$1.to]?.title ?? "") }) { link in
                    .li(.form(.class("inline"), .method(.post), .action(SiteURL.theoryOfChangeUnlink(slug: access.slug).path),
                        csrfField(csrfToken),
                        .input(.type(.hidden), .name("from"), .value(escapedAttribute(link.from.uuidString))),
                        .input(.type(.hidden), .name("to"), .value(escapedAttribute(link.to.uuidString))),
                        .text("\(byID[link.from]?.title ?? "") → \(byID[link.to]?.title ?? "") "),
                        .button(.type(.submit), .class("button small"),
                                .attribute(named: "aria-label", value: escapedAttribute(t("toc.unlinkNamed", ["from": byID[link.from]?.title ?? "", "to": byID[link.to]?.title ?? ""]))),
                                .text(t("people.remove")))))
                }))))
    }
}
