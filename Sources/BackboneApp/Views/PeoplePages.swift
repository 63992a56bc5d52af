import BackboneDomain
import BackbonePersistence
import Plot

/// Everyone in the initiative, with their organization and role; administrators also invite,
/// change roles and remove people here.
struct PeoplePage {
    let access: InitiativeAccess
    let members: [MemberListing]
    let notice: Notice?
    let error: String?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let canManage = access.can(.manageMemberships)
        return Layout.page(t("nav.people"), chrome,
            .div(.class("page-head"),
                .h1(.text(t("nav.people"))),
                .div(.class("actions"),
                    .if(access.can(.manageWebhooks), .a(.class("button secondary"), .href(SiteURL.webhooks(slug: access.slug).path), .text(t("webhooks.title")))),
                    .if(canManage, .a(.class("button primary"), .href(SiteURL.peopleInvite(slug: access.slug).path), .text(t("people.invite")))))),
            noticeBanner(notice, chrome.t),
            .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            tableFrame(
                .table(.class("table"),
                    .caption(.text(t("people.caption", ["count": t.count(members.count), "initiative": access.initiative.name]))),
                    .thead(.tr(.th(.text(t("dimensions.name"))), .th(.text(t("partners.organization"))), .th(.text(t("login.role"))),
                               .if(canManage, .th(.text(t("people.manage")))))),
                    .tbody(.forEach(members) { member in row(member, canManage: canManage, chrome: chrome) }))),
            .section(.class("panel"),
                .h2(.text(t("people.roles"))),
                .ul(.class("plain-list"), .forEach(Role.allCases) { role in
                    .li(.strong(.text(role.title)), .text(": \(role.summary)"))
                })))
    }

    private func row(_ member: MemberListing, canManage: Bool, chrome: Chrome) -> Node<HTML.TableContext> {
        let t = chrome.t
        let id = member.membership.id!
        return .tr(
            .td(.text(member.user.displayName), .br(), .span(.class("meta"), .text(member.user.email)),
                .if(member.user.isDisabled, .span(.class("badge badge-muted"), .text(t("admin.disabled"))))),
            .td(.text(member.organization.name)),
            .td(.text(member.membership.parsedRole.title)),
            .if(canManage, .td(
                .form(.class("inline-form"), .method(.post), .action(SiteURL.membershipRole(slug: access.slug, id: id).path),
                    csrfField(chrome.csrfToken),
                    .label(.for(escapedAttribute("role-\(id)")), .class("visually-hidden"), .text(t("people.roleOf", ["name": member.user.displayName]))),
                    .element(named: "select", nodes: [
                        Node<HTML.SelectContext>.attribute(named: "id", value: escapedAttribute("role-\(id)")),
                        .attribute(named: "name", value: "role"),
                    ] + Role.allCases.map { role in
                        .element(named: "option", nodes: [
                            .attribute(named: "value", value: escapedAttribute(role.rawValue)),
                            .if(role == member.membership.parsedRole, .attribute(named: "selected")),
                            .text(role.title),
                        ])
                    }),
                    .button(.type(.submit), .class("button small"), .text(t("people.changeRole")))),
                .form(.class("inline-form"), .method(.post), .action(SiteURL.membershipRemove(slug: access.slug, id: id).path),
                    csrfField(chrome.csrfToken),
                    .button(.type(.submit), .class("button small danger"),
                            .attribute(named: "aria-label", value: escapedAttribute(t("people.removeNamed", ["name": member.user.displayName]))),
                            .text(t("people.remove"))))
            ))
        )
    }
}

/// Invite a person: create their account (or reuse an existing one) and their membership.
struct InvitePage {
    let access: InitiativeAccess
    let organizations: [OrganizationModel]
    var draft = InvitationDraft(email: "", displayName: "", role: "", organizationID: "")
    var errors: [String: String] = [:]
    /// After a successful invitation of a new person: the one-time link to hand them.
    var setupLink: String?
    var invitedName: String?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("people.invite"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.people(slug: access.slug).path), .text(t("nav.people")))),
            .unwrap(setupLink) { link in
                .section(.class("panel alert-success"), .attribute(named: "role", value: "status"),
                    .h2(.text(t("people.canJoin", ["name": invitedName ?? t("people.thePerson")]))),
                    .p(.text(t("people.linkHint"))),
                    .p(.code(.class("secret"), .text(link))))
            },
            .section(.class("panel narrow"),
                .h1(.text(t("people.invite"))),
                .p(.text(t("people.existing"))),
                errorSummary(errors),
                .form(.method(.post), .action(SiteURL.peopleInvite(slug: access.slug).path),
                    csrfField(chrome.csrfToken),
                    Field.text("displayName", t("dimensions.name"), value: draft.displayName, error: errors["displayName"], .init(autocomplete: "off")),
                    Field.text("email", t("field.email"), value: draft.email, error: errors["email"], .init(type: .email, autocomplete: "off")),
                    Field.select("organizationID", t("partners.organization"), options: organizations.map { ($0.id!.uuidString, $0.name) },
                                 selected: draft.organizationID, error: errors["organizationID"]),
                    Field.select("role", t("login.role"), options: Role.allCases.map { ($0.rawValue, $0.title) },
                                 selected: draft.role, error: errors["role"]),
                    .div(.class("actions"),
                        .button(.type(.submit), .class("button primary"), .text(t("people.inviteSubmit"))),
                        .a(.class("button"), .href(SiteURL.people(slug: access.slug).path), .text(t("people.back")))))))
    }
}

import Foundation
