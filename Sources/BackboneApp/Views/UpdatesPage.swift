import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The initiative's timeline of announcements and events, with filters and the announcement form.
struct UpdatesPage {
    let access: InitiativeAccess
    let filter: UpdateRepository.Filter
    let updates: [UpdateModel]
    let bodies: [GovernanceBodyModel]
    let organizations: [OrganizationModel]
    let authors: [UUID: String]
    var notice: Notice?
    var errors: [String: String] = [:]
    var posted: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let bodyNames = Dictionary(uniqueKeysWithValues: bodies.map { ($0.id!, $0.name) })
        let orgNames = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        return Layout.page(t("nav.updates"), chrome,
            .div(.class("page-head"), .h1(.text(t("nav.updates"))), .a(.class("button"), .href(SiteURL.stories(slug: access.slug).path), .text(t("updates.stories")))),
            .p(.class("lead"), .text(t("updates.lead"))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .form(.class("panel filters"), .method(.get), .action(SiteURL.updates(slug: access.slug).path),
                .div(.class("field-row"),
                    Field.select("kind", t("updates.type"), options: UpdateKind.allCases.map { ($0.rawValue, $0.title) }, selected: filter.kind?.rawValue ?? "", error: nil, required: false, emptyLabel: t("updates.allTypes")),
                    Field.select("body", t("updates.body"), options: bodies.map { ($0.id!.uuidString, $0.name) }, selected: filter.bodyID?.uuidString ?? "", error: nil, required: false, emptyLabel: t("updates.allBodies")),
                    Field.select("partner", t("reporting.partner"), options: organizations.map { ($0.id!.uuidString, $0.name) }, selected: filter.organizationID?.uuidString ?? "",
                                 error: nil, required: false, emptyLabel: t("updates.allPartners"))),
                .button(.type(.submit), .class("button"), .text(t("updates.filter")))),
            .p(.attribute(named: "role", value: "status"), .text(updates.isEmpty ? t("updates.none") : t("updates.count", ["count": t.count(updates.count)]))),
            .ol(.class("feed"), .forEach(updates) { update in
                .li(.class(escapedAttribute("feed-entry feed-\(update.kind)")),
                    .p(.class("meta"), .span(.class("badge badge-muted"), .text(update.parsedKind.title)), .text(" "), .span(.class("nowrap"), .text(t.day(update.createdAt, in: chrome.zone))),
                       .unwrap(update.bodyID.flatMap { bodyNames[$0] }) { .text(" · \($0)") },
                       .unwrap(update.organizationID.flatMap { orgNames[$0] }) { .text(" · \($0)") },
                       .unwrap(update.authorID.flatMap { authors[$0] }) { .text(" · " + t("updates.by", ["name": $0])) }),
                    .h2(.class("feed-title"), writtenIn(update.language, on: chrome), .a(.href(escapedAttribute(update.path)), .text(update.title))),
                    .if(!update.text.isEmpty, .p(.class("feed-text"), writtenIn(update.language, on: chrome), .text(update.text))))
            }),
            .if(access.can(.postUpdates), .section(.class("panel"), .attribute(named: "aria-labelledby", value: "announce-title"),
                .h2(.id("announce-title"), .text(t("updates.postHeading"))),
                .form(.method(.post), .action(SiteURL.updates(slug: access.slug).path),
                    csrfField(chrome.csrfToken),
                    Field.text("title", t("updates.titleField"), value: posted["title"] ?? "", error: errors["title"]),
                    Field.textArea("text", t("updates.text"), value: posted["text"] ?? "", error: errors["text"]),
                    Field.select("aboutBody", t("updates.aboutBody"), options: bodies.map { ($0.id!.uuidString, $0.name) }, selected: posted["aboutBody"] ?? "", error: errors["body"],
                                 hint: t("updates.aboutBodyHint"), required: false),
                    .button(.type(.submit), .class("button primary"), .text(t("updates.post")))))))
    }
}
