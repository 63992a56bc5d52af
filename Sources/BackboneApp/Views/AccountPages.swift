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
    /// What was typed in the profile form when it comes back with problems.
    var profile: ProfileDraft?
    var profileErrors: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("account.title"), chrome,
            .h1(.text(t("account.title"))),
            .p(.class("meta"), .text("\(user.displayName) · \(user.email)")),
            noticeBanner(notice, chrome.t),
            .div(.class("two-columns"),
                .section(.class("panel"),
                    .h2(.text(t("account.details"))),
                    errorSummary(profileErrors),
                    .form(.method(.post), .action(SiteURL.accountProfile.path),
                        csrfField(chrome.csrfToken),
                        Field.text("displayName", t("account.name"), value: profile?.displayName ?? user.displayName, error: profileErrors["displayName"],
                                   .init(autocomplete: "name")),
                        Field.select("language", t("account.language"), options: SiteLanguage.allCases.map { ($0.rawValue, $0.nativeName) },
                                     selected: profile?.language ?? chrome.language.rawValue, error: profileErrors["language"], hint: t("account.languageHint")),
                        timeZoneField(selected: profile?.timeZone ?? user.timeZone ?? "", error: profileErrors["timeZone"],
                                      hint: t("account.timeZoneHint", ["zone": chrome.zone.identifier]), emptyLabel: t("account.initiativeZone")),
                        .button(.type(.submit), .class("button primary"), .text(t("account.saveDetails"))))),
                .section(.class("panel"),
                    .h2(.text(t("account.changePassword"))),
                    errorSummary(passwordErrors),
                    .form(.method(.post), .action(SiteURL.accountPassword.path),
                        csrfField(chrome.csrfToken),
                        Field.text("currentPassword", t("account.currentPassword"), value: "", error: passwordErrors["currentPassword"],
                                   .init(type: .password, autocomplete: "current-password")),
                        Field.text("newPassword", t("field.newPassword"), value: "", error: passwordErrors["newPassword"],
                                   .init(type: .password, autocomplete: "new-password", hint: t("field.passwordHintShort", ["count": t.count(PasswordPolicy.minimumLength)]))),
                        Field.text("newPasswordConfirmation", t("account.repeatNewPassword"), value: "", error: passwordErrors["newPasswordConfirmation"],
                                   .init(type: .password, autocomplete: "new-password")),
                        .div(.class("check"),
                            .input(.type(.checkbox), .id("revokeAccess"), .name("revokeAccess"), .checked(true)),
                            .label(.for("revokeAccess"), .text(t("account.revokeToo")))),
                        .button(.type(.submit), .class("button primary"), .text(t("account.changePassword"))))),
                // Tokens are for people who connect other tools: folded away under "Advanced",
                // open when one was just made or the form needs correcting.
                .element(named: "details", nodes: [
                    .class("panel advanced"), .if(newToken != nil || tokenError != nil, .attribute(named: "open")),
                    .element(named: "summary", nodes: [.h2(.text(t("account.tokens")))]),
                    .p(.text(t("account.tokensIntro")), .code(.text("Authorization: Bearer <token>")), .text(t("account.tokensIntroEnd"))),
                    .unwrap(newToken) { token in
                        .div(.class("alert alert-success"), .attribute(named: "role", value: "status"),
                             .p(.strong(.text(t("account.copyToken")))),
                             .p(.code(.class("secret"), .id("new-token"), .text(token))))
                    },
                    .form(.method(.post), .action(SiteURL.accountTokens.path),
                        csrfField(chrome.csrfToken),
                        Field.text("name", t("account.tokenName"), value: tokenName, error: tokenError,
                                   .init(autocomplete: "off", hint: t("account.tokenNameHint"))),
                        .button(.type(.submit), .class("button"), .text(t("account.createToken")))),
                    tokenTable(chrome),
                ])))
    }

    private func tokenTable(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        guard !tokens.isEmpty else { return .p(.class("meta"), .text(t("account.noTokens"))) }
        return tableFrame(.table(.class("table"),
            .caption(.text(t("account.yourTokens"))),
            .thead(.tr(.th(.text(t("account.name"))), .th(.text(t("account.startsWith"))), .th(.text(t("account.lastUsed"))), .th(.text(t("account.status"))))),
            .tbody(.forEach(tokens) { token in
                .tr(.td(.text(token.name)), .td(.code(.text(token.prefix + "…"))),
                    .td(.text(token.lastUsedAt.map { t.dayAndTime($0, in: chrome.zone) } ?? t("account.never"))),
                    .td(token.revokedAt != nil ? .text(t("account.revoked")) :
                        .form(.class("inline-form"), .method(.post), .action(SiteURL.revokeToken(id: token.id!).path),
                              csrfField(chrome.csrfToken),
                              .button(.type(.submit), .class("button small danger"),
                                      .attribute(named: "aria-label", value: escapedAttribute(t("account.revokeNamed", ["name": token.name]))), .text(t("account.revoke"))))))
            })))
    }
}

/// Platform administrators: every account, with disable and enable.
struct AdminUsersPage {
    let users: [UserModel]
    let currentUserID: UUID?
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("layout.users"), chrome,
            .h1(.text(t("admin.allUsers"))),
            .p(.text(t("admin.disableExplained"))),
            noticeBanner(notice, chrome.t),
            tableFrame(.table(.class("table"),
                .caption(.text(t("admin.accounts", ["count": t.count(users.count)]))),
                .thead(.tr(.th(.text(t("account.name"))), .th(.text(t("field.email"))), .th(.text(t("account.status"))), .th(.text(t("admin.action"))))),
                .tbody(.forEach(users) { user in
                    .tr(.td(.text(user.displayName), .if(user.isPlatformAdmin, .span(.class("badge"), .text(t("login.platformAdmin"))))),
                        .td(.text(user.email)),
                        .td(.text(t(user.isDisabled ? "admin.disabled" : (user.passwordHash == nil ? "admin.invited" : "admin.active")))),
                        .td(user.id == currentUserID ? .text(t("admin.you")) :
                            .form(.class("inline-form"), .method(.post),
                                  .action(escapedAttribute(user.isDisabled ? SiteURL.adminUserEnable(id: user.id!).path : SiteURL.adminUserDisable(id: user.id!).path)),
                                  csrfField(chrome.csrfToken),
                                  .button(.type(.submit), .class(user.isDisabled ? "button small" : "button small danger"),
                                          .attribute(named: "aria-label", value: escapedAttribute(t(user.isDisabled ? "admin.enableNamed" : "admin.disableNamed", ["name": user.displayName]))),
                                          .text(t(user.isDisabled ? "admin.enable" : "admin.disable"))))))
                }))))
    }
}

import Foundation
