import Foundation
import BackboneDomain
import BackbonePersistence
import Plot

/// The list of initiatives the viewer can enter.
struct InitiativesPage {
    let initiatives: [InitiativeModel]
    let canCreate: Bool
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Initiatives", chrome,
            .div(.class("page-head"),
                 .h1(.text("Your initiatives")),
                 .if(canCreate, .a(.class("button primary"), .href(SiteURL.initiativeNew.path), .text("New initiative")))),
            noticeBanner(notice, chrome.t),
            .if(initiatives.isEmpty,
                .div(.class("panel empty"),
                     .p(.text(canCreate ? "There are no initiatives yet. Create the first one to invite partners."
                                        : "You are not a member of any initiative yet. Ask a backbone administrator to invite you.")))),
            .ul(.class("card-grid"),
                .forEach(initiatives) { initiative in
                    .li(.class("card"),
                        .h2(.a(.href(SiteURL.initiative(slug: initiative.slug).path), .text(initiative.name))),
                        .p(.class("meta"), .text(initiative.place)),
                        .p(.text(initiative.problemStatement)))
                })
        )
    }
}

/// The form a platform administrator uses to create an initiative.
struct InitiativeFormPage {
    var draft = InitiativeDraft(name: "", slug: "", place: "", problemStatement: "")
    var errors: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("New initiative", chrome,
            .section(.class("panel narrow"),
                .h1(.text("New initiative")),
                .p(.text("One initiative is one collective effort on one problem in one place.")),
                errorSummary(errors),
                .form(.method(.post), .action(SiteURL.initiatives.path),
                    csrfField(chrome.csrfToken),
                    Field.text("name", "Name", value: draft.name, error: errors["name"], .init(hint: "For example: Harbor County Cradle to Career.")),
                    Field.text("slug", "Web address", value: draft.slug, error: errors["slug"],
                               .init(hint: "Lower-case letters, digits and hyphens; it appears in links as /i/your-address.")),
                    Field.text("place", "Place", value: draft.place, error: errors["place"], .init(hint: "The city, county or region the effort covers.")),
                    Field.textArea("problemStatement", "Problem in one line", value: draft.problemStatement,
                                   error: errors["problemStatement"], hint: "What the partners are coming together to change.", required: true),
                    .div(.class("actions"),
                         .button(.type(.submit), .class("button primary"), .text("Create initiative")),
                         .a(.class("button"), .href(SiteURL.initiatives.path), .text("Cancel"))))))
    }
}

/// The home page of one initiative.
struct InitiativeHomePage {
    private func nextMeeting() -> Node<HTML.BodyContext> {
        let upcoming = meetings.values.filter { $0.endsAt >= now }.sorted { $0.startsAt < $1.startsAt }
        guard let next = upcoming.first else { return .empty }
        return .section(.class("panel"),
            .h2(.text("Next meeting")),
            .p(.a(.href(SiteURL.meeting(slug: access.slug, id: next.id!).path), .text(next.title)), .text(" · " + next.time.display)))
    }

    private func yourActionItems(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "my-actions-title"),
            .h2(.id("my-actions-title"), .text("Your action items")),
            .div(.class("table-wrap"), .table(.class("table"),
                .thead(.tr(.th(.text("What")), .th(.text("Due")), .th(.text("From")), .th(.span(.class("visually-hidden"), .text("Change"))))),
                .tbody(.forEach(actionItems) { item in
                    let overdue = CalendarDay(key: item.dueOn).map { $0 < today } ?? false
                    return .tr(.td(.text(item.text)),
                        .td(.text(item.dueOn), .if(overdue, .span(.class("status status-bad"), .text("Overdue")))),
                        .td(.unwrap(meetings[item.meetingID]) { .a(.href(SiteURL.meeting(slug: access.slug, id: $0.id!).path), .text($0.title)) }),
                        .td(.form(.class("inline"), .method(.post), .action(SiteURL.meetingAction(slug: access.slug, id: item.meetingID, action: .actionStatus).path),
                            csrfField(csrf),
                            .input(.type(.hidden), .name("item"), .value(escapedAttribute(item.id!.uuidString))),
                            .input(.type(.hidden), .name("back"), .value("home")),
                            .button(.type(.submit), .class("button small"), .name("status"), .value("done"),
                                    .attribute(named: "aria-label", value: escapedAttribute("Mark “\(item.text)” done")), .text("Done")))))
                }))))
    }

    let access: InitiativeAccess
    let organizations: [OrganizationModel]
    let memberCount: Int
    /// The signed-in person's open action items, soonest due first.
    var actionItems: [ActionItemModel] = []
    var meetings: [UUID: MeetingModel] = [:]
    var updates: [UpdateModel] = []
    var today = CalendarDay(containing: Date())
    var now = Date()
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let initiative = access.initiative
        let bySector = Dictionary(grouping: organizations.filter { !$0.isBackbone }, by: \.parsedSector)
        let backbone = organizations.first { $0.isBackbone }
        return Layout.page(initiative.name, chrome,
            noticeBanner(notice, chrome.t),
            .section(.class("hero"),
                .p(.class("eyebrow"), .text(initiative.place)),
                .h1(.text(initiative.name)),
                .p(.class("lead"), .text(initiative.problemStatement)),
                .p(.class("meta"), .text("You take part as "), .strong(.text(access.role.title)), .text("."))),
            .section(.class("stats"), .attribute(named: "aria-label", value: "At a glance"),
                stat("\(organizations.filter { !$0.isBackbone }.count)", "partner organizations"),
                stat("\(bySector.count)", "sectors"),
                stat("\(memberCount)", memberCount == 1 ? "member" : "members")),
            .if(!actionItems.isEmpty, yourActionItems(chrome.csrfToken)),
            nextMeeting(),
            .if(!updates.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "latest-updates"),
                .div(.class("page-head"), .h2(.id("latest-updates"), .text("Latest updates")), .a(.href(SiteURL.updates(slug: access.slug).path), .text("All updates"))),
                .ul(.class("plain-list"), .forEach(updates) { update in
                    .li(.a(.href(escapedAttribute(update.path)), .text(update.title)), .span(.class("meta"), .text(" · " + Format.day(update.createdAt))))
                }))),
            .unwrap(backbone) { org in
                .section(.class("panel"),
                    .h2(.text("Backbone organization")),
                    .p(.a(.href(SiteURL.partner(slug: access.slug, id: org.id!).path), .text(org.name)), .text(": "), .text(org.description)))
            },
            .section(.class("panel"),
                .h2(.text("Partners by sector")),
                .if(bySector.isEmpty, .p(.text("No partners yet."))),
                .div(.class("sector-grid"),
                    .forEach(Sector.allCases.filter { bySector[$0] != nil }) { sector in
                        .div(.class("sector"),
                            .h3(.text(sector.title), .span(.class("count"), .text(" (\(bySector[sector]!.count))"))),
                            .ul(.forEach(bySector[sector]!.sorted { $0.name < $1.name }) { org in
                                .li(.a(.href(SiteURL.partner(slug: access.slug, id: org.id!).path), .text(org.name)))
                            }))
                    })))
    }

    private func stat(_ value: String, _ label: String) -> Node<HTML.BodyContext> {
        .div(.class("stat"), .span(.class("stat-value"), .text(value)), .span(.class("stat-label"), .text(label)))
    }
}
