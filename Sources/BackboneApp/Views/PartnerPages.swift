import BackboneDomain
import BackbonePersistence
import Plot

/// The partner directory of an initiative.
struct PartnersPage {
    /// What the list is narrowed to: a sector, and words in the name (case and accents ignored).
    struct Filter {
        var sector: Sector?
        var name = ""
        var isActive: Bool { sector != nil || !name.isEmpty }

        func keeps(_ org: OrganizationModel) -> Bool {
            (sector == nil || org.parsedSector == sector) && (name.isEmpty || org.name.range(of: name, options: [.caseInsensitive, .diacriticInsensitive]) != nil)
        }
    }

    let access: InitiativeAccess
    let organizations: [OrganizationModel]
    var filter = Filter()
    let memberCounts: [UUID: Int]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let shown = organizations.filter(filter.keeps)
        return Layout.page(t("nav.partners"), chrome,
            .div(.class("page-head"),
                .h1(.text(t("nav.partners"))),
                .if(access.can(.createPartner), .a(.class("button primary"), .href(SiteURL.partnerNew(slug: access.slug).path), .text(t("partners.add"))))),
            noticeBanner(notice, chrome.t),
            filterForm(t),
            .if(shown.isEmpty, .div(.class("panel empty"), .p(.text(t("partners.noneMatch"))))),
            .if(!shown.isEmpty, tableFrame(
                .table(.class("table"),
                    .caption(.text(filter.isActive
                        ? t("partners.captionFiltered", ["shown": t.count(shown.count), "count": t.count(organizations.count)])
                        : t("partners.caption", ["count": t.count(organizations.count), "initiative": access.initiative.name]))),
                    .thead(.tr(.th(.text(t("partners.organization"))), .th(.text(t("partners.sector"))), .th(.class("num"), .text(t("partners.members"))))),
                    .tbody(.forEach(shown) { org in
                        .tr(.td(.a(.href(SiteURL.partner(slug: access.slug, id: org.id!).path), .text(org.name)),
                                .if(org.isBackbone, .span(.class("badge"), .text(t("partners.backboneBadge"))))),
                            .td(.text(org.parsedSector.title)),
                            .td(.class("num"), .text(t.count(memberCounts[org.id!] ?? 0))))
                    }))))
        )
    }

    /// Works without JavaScript: a GET form whose answer is the same page, narrowed.
    private func filterForm(_ t: Texts) -> Node<HTML.BodyContext> {
        .form(.class("filter-form"), .method(.get), .action(SiteURL.partners(slug: access.slug).path),
            .div(.class("field"),
                .label(.for("filter-name"), .text(t("partners.filterName"))),
                .input(.type(.search), .id("filter-name"), .name("name"), .value(escapedAttribute(filter.name)), .attribute(named: "maxlength", value: "100"))),
            filterSelect(id: "filter-sector", name: "sector", label: t("partners.sector"), all: t("partners.allSectors"),
                         options: Sector.allCases.map { ($0.rawValue, $0.title(t)) }, selected: filter.sector?.rawValue ?? ""),
            .div(.class("filter-actions"),
                .button(.type(.submit), .class("button small"), .text(t("filter.apply"))),
                .if(filter.isActive, .a(.href(SiteURL.partners(slug: access.slug).path), .text(t("filter.clear"))))))
    }
}

/// One partner organization.
struct PartnerPage {
    let access: InitiativeAccess
    let organization: OrganizationModel
    let members: [MemberListing]
    /// The partner's commitments in the action plan, with each strategy's title.
    var activities: [(activity: ActivityModel, strategy: String)] = []
    /// Whether the partner agreed to be named on the public results pages (nil: never recorded).
    var consent: PublicationConsentModel?
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let org = organization
        return Layout.page(org.name, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.partners(slug: access.slug).path), .text(t("nav.partners")))),
            .div(.class("page-head"),
                .h1(.text(org.name)),
                .if(access.canEdit(organizationID: org.id!),
                    .a(.class("button"), .href(SiteURL.partnerEdit(slug: access.slug, id: org.id!).path), .text(t("partners.editProfile"))))),
            noticeBanner(notice, chrome.t),
            .section(.class("panel"),
                .dl(.class("facts"),
                    .dt(.text(t("partners.sector"))), .dd(.text(org.parsedSector.title)),
                    .dt(.text(t("partners.role"))), .dd(.text(org.isBackbone ? t("home.backbone") : t("partners.partner"))),
                    .dt(.text(t("partners.website"))), .dd(org.website.isEmpty ? .text(t("partners.notGiven")) : .a(.href(escapedAttribute(org.website)), .attribute(named: "rel", value: "noopener noreferrer"), .text(org.website)))),
                .if(!org.description.isEmpty, .p(.text(org.description)))),
            .if(access.can(.viewPeople),
                .section(.class("panel"),
                    .h2(.text(t("nav.people"))),
                    .if(members.isEmpty, .p(.text(t("partners.noPeople")))),
                    .ul(.class("plain-list"), .forEach(members) { member in
                        .li(.text(member.user.displayName), .span(.class("meta"), .text(" · \(member.membership.parsedRole.title)")))
                    }))),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "activities-title"),
                .h2(.id("activities-title"), .text(t("partners.activities"))),
                .if(activities.isEmpty, .p(.text(t("partners.noneYet")))),
                .ul(.class("plain-list"), .forEach(activities) { row in
                    .li(.a(.href(SiteURL.activity(slug: access.slug, id: row.activity.id!).path), .text(row.activity.kind)),
                        .span(.class("meta"), .text(" · \(row.strategy) · ")), activityStatusBadge(row.activity.parsedStatus))
                })),
            .if(access.canEdit(organizationID: org.id!), consentSection(chrome))
        )
    }

    /// The partner's say in whether the public results pages name it.
    private func consentSection(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        let given = consent?.given ?? false
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "consent-title"),
            .h2(.id("consent-title"), .text(t("partners.publicTitle"))),
            .p(.text(t(given ? "partners.publicNamed" : "partners.publicNotNamed", ["name": organization.name]))),
            .p(.class("hint"), .text(t("partners.publicHint"))),
            .form(.method(.post), .action(SiteURL.publicationConsent(slug: access.slug, organization: organization.id!).path),
                  csrfField(chrome.csrfToken),
                  .input(.type(.hidden), .name("given"), .value(given ? "no" : "yes")),
                  .button(.type(.submit), .class("button secondary"), .text(t(given ? "partners.publicWithdraw" : "partners.publicAgree")))))
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
        let t = chrome.t
        let title = organizationID == nil ? t("partners.add") : t("partners.editNamed", ["name": draft.name])
        let action = organizationID.map { SiteURL.partner(slug: access.slug, id: $0).path } ?? SiteURL.partners(slug: access.slug).path
        let cancel = organizationID.map { SiteURL.partner(slug: access.slug, id: $0).path } ?? SiteURL.partners(slug: access.slug).path
        return Layout.page(title, chrome,
            .section(.class("panel narrow"),
                .h1(.text(title)),
                errorSummary(errors),
                .form(.method(.post), .action(escapedAttribute(action)),
                    csrfField(chrome.csrfToken),
                    Field.text("name", t("dimensions.name"), value: draft.name, error: errors["name"], .init(autocomplete: "organization")),
                    Field.select("sector", t("partners.sector"), options: Sector.allCases.map { ($0.rawValue, $0.title) },
                                 selected: draft.sector, error: errors["sector"]),
                    Field.text("website", t("partners.website"), value: draft.website, error: errors["website"],
                               .init(type: .url, autocomplete: "url", hint: t("partners.websiteHint"), required: false)),
                    Field.textArea("description", t("partners.description"), value: draft.description,
                                   error: errors["description"], hint: t("partners.descriptionHint")),
                    .div(.class("actions"),
                        .button(.type(.submit), .class("button primary"), .text(organizationID == nil ? t("partners.addSubmit") : t("partners.saveChanges"))),
                        .a(.class("button"), .href(escapedAttribute(cancel)), .text(t("initiatives.cancel")))))))
    }
}

import Foundation
