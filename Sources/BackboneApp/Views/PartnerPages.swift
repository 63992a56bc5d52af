import BackboneDomain
import BackbonePersistence
import Plot

/// The partner directory of an initiative.
struct PartnersPage {
    let access: InitiativeAccess
    let organizations: [OrganizationModel]
    let memberCounts: [UUID: Int]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Partners", chrome,
            .div(.class("page-head"),
                .h1(.text("Partners")),
                .if(access.can(.createPartner), .a(.class("button primary"), .href(SiteURL.partnerNew(slug: access.slug).path), .text("Add a partner")))),
            noticeBanner(notice, chrome.t),
            tableFrame(
                .table(.class("table"),
                    .caption(.text("\(organizations.count) organizations take part in \(access.initiative.name).")),
                    .thead(.tr(.th(.text("Organization")), .th(.text("Sector")), .th(.class("num"), .text("Members")))),
                    .tbody(.forEach(organizations) { org in
                        .tr(.td(.a(.href(SiteURL.partner(slug: access.slug, id: org.id!).path), .text(org.name)),
                                .if(org.isBackbone, .span(.class("badge"), .text("Backbone")))),
                            .td(.text(org.parsedSector.title)),
                            .td(.class("num"), .text("\(memberCounts[org.id!] ?? 0)")))
                    })))
        )
    }
}

/// One partner organization.
struct PartnerPage {
    let access: InitiativeAccess
    let organization: OrganizationModel
    let members: [MemberListing]
    /// The partner's commitments in the action plan, with each strategy's title.
    var activities: [(activity: ActivityModel, strategy: String)] = []
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let org = organization
        return Layout.page(org.name, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.partners(slug: access.slug).path), .text("Partners"))),
            .div(.class("page-head"),
                .h1(.text(org.name)),
                .if(access.canEdit(organizationID: org.id!),
                    .a(.class("button"), .href(SiteURL.partnerEdit(slug: access.slug, id: org.id!).path), .text("Edit profile")))),
            noticeBanner(notice, chrome.t),
            .section(.class("panel"),
                .dl(.class("facts"),
                    .dt(.text("Sector")), .dd(.text(org.parsedSector.title)),
                    .dt(.text("Role in the initiative")), .dd(.text(org.isBackbone ? "Backbone organization" : "Partner")),
                    .dt(.text("Website")), .dd(org.website.isEmpty ? .text("Not given") : .a(.href(escapedAttribute(org.website)), .attribute(named: "rel", value: "noopener noreferrer"), .text(org.website)))),
                .if(!org.description.isEmpty, .p(.text(org.description)))),
            .if(access.can(.viewPeople),
                .section(.class("panel"),
                    .h2(.text("People")),
                    .if(members.isEmpty, .p(.text("No one from this organization has an account yet."))),
                    .ul(.class("plain-list"), .forEach(members) { member in
                        .li(.text(member.user.displayName), .span(.class("meta"), .text(" · \(member.membership.parsedRole.title)")))
                    }))),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "activities-title"),
                .h2(.id("activities-title"), .text("Activities in the action plan")),
                .if(activities.isEmpty, .p(.text("None yet."))),
                .ul(.class("plain-list"), .forEach(activities) { row in
                    .li(.a(.href(SiteURL.activity(slug: access.slug, id: row.activity.id!).path), .text(row.activity.kind)),
                        .span(.class("meta"), .text(" · \(row.strategy) · ")), activityStatusBadge(row.activity.parsedStatus))
                }))
        )
    }
}

/// Add or edit a partner organization.
struct PartnerFormPage {
    let access: InitiativeAccess
    /// Nil when adding a new partner.
    let organizationID: UUID?
    var draft: OrganizationDraft
    var errors: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        let title = organizationID == nil ? "Add a partner" : "Edit \(draft.name)"
        let action = organizationID.map { SiteURL.partner(slug: access.slug, id: $0).path } ?? SiteURL.partners(slug: access.slug).path
        let cancel = organizationID.map { SiteURL.partner(slug: access.slug, id: $0).path } ?? SiteURL.partners(slug: access.slug).path
        return Layout.page(title, chrome,
            .section(.class("panel narrow"),
                .h1(.text(title)),
                errorSummary(errors),
                .form(.method(.post), .action(escapedAttribute(action)),
                    csrfField(chrome.csrfToken),
                    Field.text("name", "Name", value: draft.name, error: errors["name"], .init(autocomplete: "organization")),
                    Field.select("sector", "Sector", options: Sector.allCases.map { ($0.rawValue, $0.title) },
                                 selected: draft.sector, error: errors["sector"]),
                    Field.text("website", "Website", value: draft.website, error: errors["website"],
                               .init(type: .url, autocomplete: "url", hint: "Optional. A full address such as https://example.org.", required: false)),
                    Field.textArea("description", "What the organization does", value: draft.description,
                                   error: errors["description"], hint: "Optional. One or two sentences."),
                    .div(.class("actions"),
                        .button(.type(.submit), .class("button primary"), .text(organizationID == nil ? "Add partner" : "Save changes")),
                        .a(.class("button"), .href(escapedAttribute(cancel)), .text("Cancel"))))))
    }
}

import Foundation
