import BackboneDomain
import BackbonePersistence
import Plot

/// The signed-in person's own settings: password and API tokens.
struct AccountPage {
    let user: UserModel
    let tokens: [APITokenModel]
    var notice: Notice?
    var passwordErrors: [String: String] = [:]
    var tokenName = ""
    var tokenError: String?
    /// A token just created: shown this once.
    var newToken: String?

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Your account", chrome,
            .h1(.text("Your account")),
            .p(.class("meta"), .text("\(user.displayName) · \(user.email)")),
            noticeBanner(notice, chrome.t),
            .div(.class("two-columns"),
                .section(.class("panel"),
                    .h2(.text("Change your password")),
                    errorSummary(passwordErrors),
                    .form(.method(.post), .action(SiteURL.accountPassword.path),
                        csrfField(chrome.csrfToken),
                        Field.text("currentPassword", "Current password", value: "", error: passwordErrors["currentPassword"],
                                   .init(type: .password, autocomplete: "current-password")),
                        Field.text("newPassword", "New password", value: "", error: passwordErrors["newPassword"],
                                   .init(type: .password, autocomplete: "new-password", hint: "At least \(PasswordPolicy.minimumLength) characters.")),
                        Field.text("newPasswordConfirmation", "Repeat the new password", value: "", error: passwordErrors["newPasswordConfirmation"],
                                   .init(type: .password, autocomplete: "new-password")),
                        .div(.class("check"),
                            .input(.type(.checkbox), .id("revokeAccess"), .name("revokeAccess"), .checked(true)),
                            .label(.for("revokeAccess"), .text("Also revoke my API tokens and my private calendar address (do this if someone else may have known your password)"))),
                        .button(.type(.submit), .class("button primary"), .text("Change password")))),
                .section(.class("panel"),
                    .h2(.text("API tokens")),
                    .p(.text("Programs use a token to read and write through the Backbone API, as you. Send it as "),
                       .code(.text("Authorization: Bearer <token>")), .text(".")),
                    .unwrap(newToken) { token in
                        .div(.class("alert alert-success"), .attribute(named: "role", value: "status"),
                             .p(.strong(.text("Copy your new token now. It will not be shown again."))),
                             .p(.code(.class("secret"), .id("new-token"), .text(token))))
                    },
                    .form(.method(.post), .action(SiteURL.accountTokens.path),
                        csrfField(chrome.csrfToken),
                        Field.text("name", "Token name", value: tokenName, error: tokenError,
                                   .init(autocomplete: "off", hint: "What will use it, for example: monthly data import.")),
                        .button(.type(.submit), .class("button"), .text("Create token"))),
                    tokenTable(chrome))))
    }

    private func tokenTable(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        guard !tokens.isEmpty else { return .p(.class("meta"), .text("You have no tokens.")) }
        return .div(.class("table-wrap"), .table(.class("table"),
            .caption(.text("Your tokens")),
            .thead(.tr(.th(.text("Name")), .th(.text("Starts with")), .th(.text("Last used")), .th(.text("Status")))),
            .tbody(.forEach(tokens) { token in
                .tr(.td(.text(token.name)), .td(.code(.text(token.prefix + "…"))),
                    .td(.text(token.lastUsedAt.map(Format.dateTime) ?? "Never")),
                    .td(token.revokedAt != nil ? .text("Revoked") :
                        .form(.class("inline-form"), .method(.post), .action(SiteURL.revokeToken(id: token.id!).path),
                              csrfField(chrome.csrfToken),
                              .button(.type(.submit), .class("button small danger"),
                                      .attribute(named: "aria-label", value: escapedAttribute("Revoke token \(token.name)")), .text("Revoke")))))
            })))
    }
}

/// Platform administrators: every account, with disable and enable.
struct AdminUsersPage {
    let users: [UserModel]
    let currentUserID: UUID?
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Users", chrome,
            .h1(.text("All users")),
            .p(.text("Disabling an account signs the person out everywhere at once and stops their API tokens.")),
            noticeBanner(notice, chrome.t),
            .div(.class("table-wrap"), .table(.class("table"),
                .caption(.text("\(users.count) accounts on this installation.")),
                .thead(.tr(.th(.text("Name")), .th(.text("Email")), .th(.text("Status")), .th(.text("Action")))),
                .tbody(.forEach(users) { user in
                    .tr(.td(.text(user.displayName), .if(user.isPlatformAdmin, .span(.class("badge"), .text("Platform admin")))),
                        .td(.text(user.email)),
                        .td(.text(user.isDisabled ? "Disabled" : (user.passwordHash == nil ? "Invited" : "Active"))),
                        .td(user.id == currentUserID ? .text("This is you") :
                            .form(.class("inline-form"), .method(.post),
                                  .action(escapedAttribute(user.isDisabled ? SiteURL.adminUserEnable(id: user.id!).path : SiteURL.adminUserDisable(id: user.id!).path)),
                                  csrfField(chrome.csrfToken),
                                  .button(.type(.submit), .class(user.isDisabled ? "button small" : "button small danger"),
                                          .attribute(named: "aria-label", value: escapedAttribute("\(user.isDisabled ? "Enable" : "Disable") \(user.displayName)")),
                                          .text(user.isDisabled ? "Enable" : "Disable")))))
                }))))
    }
}

enum Format {
    /// A day, as 2026-03-14 (UTC): for things that happen once and are read later, like a publication.
    static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash))
    }

    static func dateTime(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)) + " UTC"
    }
}

import Foundation
