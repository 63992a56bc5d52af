import BackboneDomain
import Plot

/// The sign-in page. In demo mode it lists the demo accounts.
struct LoginPage {
    var email = ""
    var next = ""
    /// The key of a form held when its session ran out (see `HeldForms`).
    var held = ""
    var error: String?
    var notice: Notice?
    var demoPassword: String?
    var setupAvailable = false
    /// Whether a forgotten password can be reset by email; otherwise the page says whom to ask.
    var mailConfigured = false

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("login.title"), chrome,
            .div(.class("auth-layout"),
                 .section(.class("panel auth-panel"),
                    .h1(.text(t("login.heading"))),
                    noticeBanner(notice, chrome.t),
                    .if(!held.isEmpty, .div(.class("alert alert-info"), .attribute(named: "role", value: "status"),
                        .p(.text(t("login.held"))))),
                    .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
                    .if(setupAvailable, .p(.class("alert alert-info"), .text(t("login.noAccounts")),
                                           .a(.href(SiteURL.setup.path), .text(t("login.createFirst"))))),
                    .form(
                        .method(.post), .action(SiteURL.login.path),
                        csrfField(chrome.csrfToken),
                        .input(.type(.hidden), .name("next"), .value(escapedAttribute(next))),
                        .if(!held.isEmpty, .input(.type(.hidden), .name(escapedAttribute(HeldForms.keyField)), .value(escapedAttribute(held)))),
                        Field.text("email", t("field.email"), value: email, error: nil, .init(type: .email, autocomplete: "email")),
                        Field.text("password", t("field.password"), value: "", error: nil, .init(type: .password, autocomplete: "current-password")),
                        .button(.type(.submit), .class("button primary"), .text(t("login.submit")))
                    ),
                    mailConfigured ? .p(.a(.href(SiteURL.forgotPassword.path), .text(t("forgot.title"))))
                                   : .p(.class("meta"), .text(t("login.forgotAsk")))
                 ),
                 .unwrap(demoPassword) { password in demoAccounts(password: password, t) }
            ))
    }

    private func demoAccounts(password: String, _ t: Texts) -> Node<HTML.BodyContext> {
        let accounts = [DemoInitiative.platformAdmin] + DemoInitiative.people
        return .section(.class("panel demo-panel"), .attribute(named: "aria-labelledby", value: "demo-heading"),
            .h2(.id("demo-heading"), .text(t("login.demoHeading"))),
            .p(.text(t("login.demoBefore")), .code(.text(password)), .text(t("login.demoAfter"))),
            .table(.class("table"),
                .thead(.tr(.th(.text(t("field.email"))), .th(.text(t("login.role"))))),
                .tbody(.forEach(accounts) { person in
                    .tr(.td(.code(.text(person.email))),
                        .td(.text(person.email == DemoInitiative.platformAdmin.email ? t("login.platformAdmin") : person.role.title)))
                })
            ))
    }
}

/// First-run page: creates the platform administrator while no account exists.
struct SetupPage {
    var email = ""
    var displayName = ""
    var errors: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("setup.title"), chrome,
            .section(.class("panel narrow"),
                .h1(.text(t("setup.heading"))),
                .p(.text(t("setup.intro"))),
                errorSummary(errors),
                .form(.method(.post), .action(SiteURL.setup.path),
                    csrfField(chrome.csrfToken),
                    Field.text("displayName", t("field.yourName"), value: displayName, error: errors["displayName"], .init(autocomplete: "name")),
                    Field.text("email", t("field.email"), value: email, error: errors["email"], .init(type: .email, autocomplete: "email")),
                    Field.text("password", t("field.password"), value: "", error: errors["password"],
                               .init(type: .password, autocomplete: "new-password", hint: t("field.passwordHint", ["count": t.count(PasswordPolicy.minimumLength)]))),
                    Field.text("passwordConfirmation", t("field.repeatPassword"), value: "", error: errors["passwordConfirmation"],
                               .init(type: .password, autocomplete: "new-password")),
                    .button(.type(.submit), .class("button primary"), .text(t("setup.submit")))
                )))
    }
}

/// The page behind a one-time link, where an invited person chooses a password.
struct SetPasswordPage {
    let token: String
    let email: String?
    var errors: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("password.title"), chrome,
            .section(.class("panel narrow"),
                .h1(.text(t("password.title"))),
                .unwrap(email, { email in
                    .group(
                        .p(.text(t("password.for", ["email": email]))),
                        errorSummary(errors),
                        .form(.method(.post), .action(SiteURL.setPassword(token: token).path),
                            csrfField(chrome.csrfToken),
                            Field.text("password", t("field.newPassword"), value: "", error: errors["password"],
                                       .init(type: .password, autocomplete: "new-password", hint: t("field.passwordHintShort", ["count": t.count(PasswordPolicy.minimumLength)]))),
                            Field.text("passwordConfirmation", t("field.repeatPassword"), value: "", error: errors["passwordConfirmation"],
                                       .init(type: .password, autocomplete: "new-password")),
                            .button(.type(.submit), .class("button primary"), .text(t("password.submit")))))
                }, else: .p(.text(t("password.expired"))))
            ))
    }
}

/// /forgot-password: asks for the account's address, or, without mail, says whom to ask.
struct ForgotPasswordPage {
    let mailConfigured: Bool
    var email = ""
    var error: String?
    /// Set once the form was sent: the same answer whether or not the address has an account.
    var sentTo: String?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("forgot.title"), chrome,
            .section(.class("panel narrow"),
                .h1(.text(t("forgot.title"))),
                .if(!mailConfigured, .p(.text(t("forgot.askBackbone")))),
                .unwrap(sentTo) { address in
                    .div(.class("alert alert-success"), .attribute(named: "role", value: "status"), .p(.text(t("forgot.sent", ["email": address]))))
                },
                .if(mailConfigured && sentTo == nil, .group(
                    .p(.text(t("forgot.lead"))),
                    .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
                    .form(.method(.post), .action(SiteURL.forgotPassword.path),
                        csrfField(chrome.csrfToken),
                        Field.text("email", t("field.email"), value: email, error: error, .init(type: .email, autocomplete: "email")),
                        .button(.type(.submit), .class("button primary"), .text(t("forgot.submit")))))),
                .p(.a(.href(SiteURL.login.path), .text(t("forgot.backToLogin"))))))
    }
}
