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
        let bodyNames = Dictionary(uniqueKeysWithValues: bodies.map { ($0.id!, $0.name) })
        let orgNames = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        return Layout.page("Updates", chrome,
            .div(.class("page-head"), .h1(.text("Updates")), .a(.class("button"), .href(SiteURL.stories(slug: access.slug).path), .text("Stories"))),
            .p(.class("lead"), .text("What is happening in the initiative: announcements, and what the partners published, approved and decided.")),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .form(.class("panel filters"), .method(.get), .action(SiteURL.updates(slug: access.slug).path),
                .div(.class("field-row"),
                    Field.select("kind", "Type", options: UpdateKind.allCases.map { ($0.rawValue, $0.title) }, selected: filter.kind?.rawValue ?? "", error: nil, required: false, emptyLabel: "All types"),
                    Field.select("body", "Body", options: bodies.map { ($0.id!.uuidString, $0.name) }, selected: filter.bodyID?.uuidString ?? "", error: nil, required: false, emptyLabel: "All bodies"),
                    Field.select("partner", "Partner", options: organizations.map { ($0.id!.uuidString, $0.name) }, selected: filter.organizationID?.uuidString ?? "",
                                 error: nil, required: false, emptyLabel: "All partners")),
                .button(.type(.submit), .class("button"), .text("Filter"))),
            .p(.attribute(named: "role", value: "status"), .text(updates.isEmpty ? "Nothing to show." : "\(updates.count) updates, newest first.")),
            .ol(.class("feed"), .forEach(updates) { update in
                .li(.class(escapedAttribute("feed-entry feed-\(update.kind)")),
                    .p(.class("meta"), .span(.class("badge badge-muted"), .text(update.parsedKind.title)), .text(" " + Format.day(update.createdAt)),
                       .unwrap(update.bodyID.flatMap { bodyNames[$0] }) { .text(" · \($0)") },
                       .unwrap(update.organizationID.flatMap { orgNames[$0] }) { .text(" · \($0)") },
                       .unwrap(update.authorID.flatMap { authors[$0] }) { .text(" · by \($0)") }),
                    .h2(.class("feed-title"), .a(.href(escapedAttribute(update.path)), .text(update.title))),
                    .if(!update.text.isEmpty, .p(.class("feed-text"), .text(update.text))))
            }),
            .if(access.can(.postUpdates), .section(.class("panel"), .attribute(named: "aria-labelledby", value: "announce-title"),
                .h2(.id("announce-title"), .text("Post an announcement")),
                .form(.method(.post), .action(SiteURL.updates(slug: access.slug).path),
                    csrfField(chrome.csrfToken),
                    Field.text("title", "Title", value: posted["title"] ?? "", error: errors["title"]),
                    Field.textArea("text", "Text", value: posted["text"] ?? "", error: errors["text"]),
                    Field.select("aboutBody", "About a body", options: bodies.map { ($0.id!.uuidString, $0.name) }, selected: posted["aboutBody"] ?? "", error: errors["body"],
                                 hint: "Optional: so people can filter by it.", required: false),
                    .button(.type(.submit), .class("button primary"), .text("Post"))))))
    }
}
