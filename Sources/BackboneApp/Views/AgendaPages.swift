import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The common agenda as published: one version's text, who endorses it, the other versions.
struct AgendaPage {
    let access: InitiativeAccess
    let versions: [AgendaVersionModel]
    /// The version on screen (the latest unless one was asked for); nil before the first.
    let shown: AgendaVersionModel?
    let organizations: [OrganizationModel]
    let endorsements: [AgendaRepository.Endorsement]
    var notice: Notice?
    var error: String?

    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        Layout.page(t("toc.commonAgenda"), chrome,
            .div(.class("page-head"),
                .h1(.text(t("toc.commonAgenda"))),
                .div(.class("actions"),
                    .a(.class("button"), .href(SiteURL.theoryOfChange(slug: access.slug).path), .text(t("toc.title"))),
                    .if(access.can(.editAgenda), .a(.class("button"), .href(SiteURL.agendaEdit(slug: access.slug).path), .text(t("agenda.editDraft")))))),
            noticeBanner(notice, chrome.t),
            .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .unwrap(shown, { version in .group(document(version, chrome.zone), endorsementPanel(version, csrfToken: chrome.csrfToken, zone: chrome.zone), versionList(chrome.zone)) },
                    else: .div(.class("panel empty"),
                               .p(.text(t("agenda.none"))),
                               .if(access.can(.editAgenda), .p(.text(t("agenda.noneHint")))))))
    }

    private var latest: AgendaVersionModel? { versions.last }

    private func document(_ version: AgendaVersionModel, _ zone: TimeZone) -> Node<HTML.BodyContext> {
        let content = version.content
        return .article(.class("panel agenda-document"), .attribute(named: "aria-labelledby", value: "agenda-version-title"),
            .h2(.id("agenda-version-title"), .text(t("indicatorResults.version", ["number": t.count(version.number)]))),
            .p(.class("meta"), .text(t("agenda.published", ["day": t.day(version.publishedAt, in: zone)])),
               .if(!version.note.isEmpty, .text(" " + t("agenda.whatChanged", ["note": version.note])))),
            .if(version.number != latest?.number,
                .p(.class("alert alert-warning"), .text(t("agenda.older")),
                   .a(.href(SiteURL.agenda(slug: access.slug).path), .text(t("agenda.readCurrent", ["number": t.count(latest?.number ?? 0)]))))),
            .forEach(AgendaContent.sections) { section in
                let lines = content.lines(of: section)
                return .section(.class("agenda-section"),
                    .h3(.text(section.title)),
                    lines.isEmpty ? .p(.class("muted"), .text(t("agenda.notStated")))
                        : section.isList ? .ul(.forEach(lines) { .li(.text($0)) })
                        : .group(lines.map { .p(.text($0)) }))
            })
    }

    private func endorsementPanel(_ version: AgendaVersionModel, csrfToken: String, zone: TimeZone) -> Node<HTML.BodyContext> {
        let own = access.membership?.organizationID
        let ownEndorses = endorsements.contains { $0.organizationID == own && $0.versionNumber == version.number }
        let standings = AgendaRepository.standings(endorsements, currentVersion: latest?.number)
        let partners = organizations.sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
        let current = partners.filter { standings[$0.id!] == .current }.count
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "endorsements-title"),
            .h2(.id("endorsements-title"), .text(t("agenda.endorsements"))),
            .p(.text(t("agenda.endorseCount", ["count": t.count(current), "total": t.count(partners.count), "number": t.count(latest?.number ?? 0)]))),
            .if(access.can(.endorseAgenda) && own != nil,
                .form(.method(.post), .action(escapedAttribute((ownEndorses ? SiteURL.agendaWithdraw(slug: access.slug) : SiteURL.agendaEndorse(slug: access.slug)).path)),
                    csrfField(csrfToken),
                    .input(.type(.hidden), .name("version"), .value(escapedAttribute("\(version.number)"))),
                    .button(.type(.submit), .class(ownEndorses ? "button" : "button primary"),
                            .text(t(ownEndorses ? "agenda.withdraw" : "agenda.endorse", ["number": t.count(version.number)]))))),
            tableFrame(.table(.class("table"),
                .caption(.text(t("agenda.standingCaption"))),
                .thead(.tr(.th(.text(t("partners.organization"))), .th(.text(t("agenda.standing"))), .th(.text(t("agenda.endorsed"))))),
                .tbody(.forEach(partners) { organization in
                    let standing = standings[organization.id!] ?? EndorsementStanding.none
                    let newest = endorsements.last { $0.organizationID == organization.id }
                    return .tr(
                        .td(.a(.href(SiteURL.partner(slug: access.slug, id: organization.id!).path), .text(organization.name))),
                        .td(standingBadge(standing)),
                        .td(.text(newest.map { t("agenda.versionOn", ["number": t.count($0.versionNumber), "day": t.day($0.endorsedAt, in: zone)]) } ?? "—")))
                }))))
    }

    private func standingBadge(_ standing: EndorsementStanding) -> Node<HTML.BodyContext> {
        switch standing {
        case .current: return .span(.class("badge badge-good"), .text(t("agenda.endorsesCurrent")))
        case .olderOnly(let version): return .span(.class("badge badge-warn"), .text(t("agenda.olderOnly", ["number": t.count(version)])))
        case .none: return .span(.class("badge"), .text(t("agenda.notEndorsed")))
        }
    }

    private func versionList(_ zone: TimeZone) -> Node<HTML.BodyContext> {
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "versions-title"),
            .h2(.id("versions-title"), .text(t("agenda.versions"))),
            .ul(.class("version-list"), .forEach(versions.reversed()) { version in
                .li(.a(.href(SiteURL.agendaVersion(slug: access.slug, number: version.number).path), .text(t("indicatorResults.version", ["number": t.count(version.number)]))),
                    .text(", " + t("agenda.publishedLower", ["day": t.day(version.publishedAt, in: zone)])), .if(!version.note.isEmpty, .text(": \(version.note)")))
            }),
            .if(versions.count >= 2, AgendaComparisonPage.chooser(access: access, versions: versions,
                                                                   from: versions[versions.count - 2].number, to: versions[versions.count - 1].number)))
    }
}

/// Two versions side by side, section by section, with removed and added lines marked.
struct AgendaComparisonPage {
    let access: InitiativeAccess
    let versions: [AgendaVersionModel]
    let old: AgendaVersionModel
    let new: AgendaVersionModel

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let before = old.content, after = new.content
        let changed = AgendaContent.sections.filter { before.lines(of: $0) != after.lines(of: $0) }
        return Layout.page(t("agenda.compareTitle"), chrome,
            .h1(.text(t("agenda.comparedTitle", ["old": t.count(old.number), "new": t.count(new.number)]))),
            .p(.class("lead"), .text(changed.isEmpty ? t("agenda.same")
                : t("agenda.sectionsChanged", ["count": t.count(changed.count), "total": t.count(AgendaContent.sections.count), "names": changed.map(\.title).joined(separator: ", ")]))),
            .p(.class("meta"), .text(t("agenda.compareHint"))),
            Self.chooser(access: access, versions: versions, from: old.number, to: new.number),
            .div(.class("comparison"),
                .div(.class("comparison-head"), .attribute(named: "aria-hidden", value: "true"),
                     .p(.strong(.text(t("indicatorResults.version", ["number": t.count(old.number)])))), .p(.strong(.text(t("indicatorResults.version", ["number": t.count(new.number)]))))),
                .forEach(AgendaContent.sections) { section in
                    let changes = TextComparison.lines(from: before.lines(of: section), to: after.lines(of: section))
                    return .section(.class(changed.contains { $0.field == section.field } ? "comparison-section changed" : "comparison-section"),
                        .h2(.text(section.title), .if(!changed.contains { $0.field == section.field }, .span(.class("muted"), .text(t("agenda.unchanged"))))),
                        .div(.class("comparison-columns"),
                            .div(.class("comparison-old"), .h3(.class("visually-hidden"), .text(t("indicatorResults.version", ["number": t.count(old.number)]))),
                                 .group(changes.compactMap { change -> Node<HTML.BodyContext>? in
                                     switch change {
                                     case .kept(let line): return .p(.text(line))
                                     case .removed(let line): return .p(.element(named: "del", nodes: [.span(.class("change-label"), .text(t("agenda.removed") + " ")), .text(line)]))
                                     case .added: return nil
                                     }
                                 })),
                            .div(.class("comparison-new"), .h3(.class("visually-hidden"), .text(t("indicatorResults.version", ["number": t.count(new.number)]))),
                                 .group(changes.compactMap { change -> Node<HTML.BodyContext>? in
                                     switch change {
                                     case .kept(let line): return .p(.text(line))
                                     case .added(let line): return .p(.element(named: "ins", nodes: [.span(.class("change-label"), .text(t("agenda.added") + " ")), .text(line)]))
                                     case .removed: return nil
                                     }
                                 }))))
                }),
            .p(.a(.href(SiteURL.agenda(slug: access.slug).path), .text(t("agenda.back")))))
    }

    /// A plain GET form choosing the two versions to compare.
    static func chooser(access: InitiativeAccess, versions: [AgendaVersionModel], from: Int, to: Int) -> Node<HTML.BodyContext> {
        let t = Texts.current
        func picker(_ name: String, _ label: String, _ selected: Int) -> Node<HTML.FormContext> {
            .div(.class("field inline-field"),
                 .label(.for(escapedAttribute("compare-\(name)")), .text(label)),
                 .element(named: "select", nodes: [.attribute(named: "id", value: escapedAttribute("compare-\(name)")), .attribute(named: "name", value: escapedAttribute(name))]
                          + versions.map { version in
                              .element(named: "option", nodes: [.attribute(named: "value", value: escapedAttribute("\(version.number)")),
                                                                .if(version.number == selected, .attribute(named: "selected")),
                                                                .text(t("indicatorResults.version", ["number": t.count(version.number)]))])
                          }))
        }
        return .form(.class("compare-form"), .method(.get), .action(SiteURL.agendaCompare(slug: access.slug).path),
                     picker("from", t("agenda.compare"), from), picker("to", t("agenda.with"), to),
                     .button(.type(.submit), .class("button"), .text(t("agenda.compareSubmit"))))
    }
}

/// The backbone's working draft: every section, saved as often as needed, published as a version.
struct AgendaDraftPage {
    let access: InitiativeAccess
    let content: AgendaContent
    let revision: Int
    let note: String
    let latest: AgendaVersionModel?
    var errors: [String: String] = [:]
    var notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let next = (latest?.number ?? 0) + 1
        return Layout.page(t("agenda.editTitle"), chrome,
            .section(.class("panel"),
                .h1(.text(t("agenda.draftTitle"))),
                .p(.class("lead"), .text(t("agenda.draftLead", ["number": t.count(next)]))),
                noticeBanner(notice, chrome.t),
                errorSummary(errors.filter { $0.key != "revision" }),
                .unwrap(errors["revision"]) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
                .form(.method(.post), .action(SiteURL.agendaEdit(slug: access.slug).path),
                    csrfField(chrome.csrfToken),
                    .input(.type(.hidden), .name("revision"), .value(escapedAttribute("\(revision)"))),
                    .forEach(AgendaContent.sections) { section in
                        Field.textArea(section.field, section.title, value: content[keyPath: section.keyPath], error: errors[section.field], hint: section.hint)
                    },
                    Field.text("note", t("agenda.note"), value: note, error: errors["note"],
                               .init(hint: t("agenda.noteHint"), required: false)),
                    .div(.class("actions"),
                        .button(.type(.submit), .class("button"), .text(t("report.saveDraft"))),
                        .button(.type(.submit), .class("button primary"), .attribute(named: "formaction", value: SiteURL.agendaPublish(slug: access.slug).path),
                                .text(t("agenda.publishAs", ["number": t.count(next)]))),
                        .a(.class("button"), .href(SiteURL.agenda(slug: access.slug).path), .text(t("initiatives.cancel")))))))
    }
}
