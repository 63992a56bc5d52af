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

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Sign in", chrome,
            .div(.class("auth-layout"),
                 .section(.class("panel auth-panel"),
                    .h1(.text("Sign in to Backbone")),
                    noticeBanner(notice),
                    .if(!held.isEmpty, .div(.class("alert alert-info"), .attribute(named: "role", value: "status"),
                        .p(.text("You were signed out after two hours without activity, before your changes were saved. Sign in again, and what you typed will be given back to you.")))),
                    .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
                    .if(setupAvailable, .p(.class("alert alert-info"), .text("No one has an account yet. "),
                                           .a(.href(SiteURL.setup.path), .text("Create the first administrator")))),
                    .form(
                        .method(.post), .action(SiteURL.login.path),
                        csrfField(chrome.csrfToken),
                        .input(.type(.hidden), .name("next"), .value(escapedAttribute(next))),
                        .if(!held.isEmpty, .input(.type(.hidden), .name(escapedAttribute(HeldForms.keyField)), .value(escapedAttribute(held)))),
                        Field.text("email", "Email", value: email, error: nil, .init(type: .email, autocomplete: "username")),
                        Field.text("password", "Password", value: "", error: nil, .init(type: .password, autocomplete: "current-password")),
                        .button(.type(.submit), .class("button primary"), .text("Sign in"))
                    )
                 ),
                 .unwrap(demoPassword) { password in demoAccounts(password: password) }
            ))
    }

    private func demoAccounts(password: String) -> Node<HTML.BodyContext> {
        let accounts = [DemoInitiative.platformAdmin] + DemoInitiative.people
        return .section(.class("panel demo-panel"), .attribute(named: "aria-labelledby", value: "demo-heading"),
            .h2(.id("demo-heading"), .text("Demo accounts")),
            .p(.text("This is a demo installation. Every account below uses the password "), .code(.text(password)), .text(".")),
            .table(.class("table"),
                .thead(.tr(.th(.text("Email")), .th(.text("Role")))),
                .tbody(.forEach(accounts) { person in
                    .tr(.td(.code(.text(person.email))),
                        .td(.text(person.email == DemoInitiative.platformAdmin.email ? "Platform administrator" : person.role.title)))
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
        Layout.page("Set up Backbone", chrome,
            .section(.class("panel narrow"),
                .h1(.text("Welcome to Backbone")),
                .p(.text("Create the platform administrator account. This person can create initiatives and invite everyone else. This page disappears once the account exists.")),
                errorSummary(errors),
                .form(.method(.post), .action(SiteURL.setup.path),
                    csrfField(chrome.csrfToken),
                    Field.text("displayName", "Your name", value: displayName, error: errors["displayName"], .init(autocomplete: "name")),
                    Field.text("email", "Email", value: email, error: errors["email"], .init(type: .email, autocomplete: "username")),
                    Field.text("password", "Password", value: "", error: errors["password"],
                               .init(type: .password, autocomplete: "new-password", hint: "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words work well.")),
                    Field.text("passwordConfirmation", "Repeat the password", value: "", error: errors["passwordConfirmation"],
                               .init(type: .password, autocomplete: "new-password")),
                    .button(.type(.submit), .class("button primary"), .text("Create administrator"))
                )))
    }
}

/// The page behind a one-time link, where an invited person chooses a password.
struct SetPasswordPage {
    let token: String
    let email: String?
    var errors: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Choose your password", chrome,
            .section(.class("panel narrow"),
                .h1(.text("Choose your password")),
                .unwrap(email, { email in
                    .group(
                        .p(.text("Set the password for "), .strong(.text(email)), .text(". This link works once.")),
                        errorSummary(errors),
                        .form(.method(.post), .action(SiteURL.setPassword(token: token).path),
                            csrfField(chrome.csrfToken),
                            Field.text("password", "New password", value: "", error: errors["password"],
                                       .init(type: .password, autocomplete: "new-password", hint: "At least \(PasswordPolicy.minimumLength) characters.")),
                            Field.text("passwordConfirmation", "Repeat the password", value: "", error: errors["passwordConfirmation"],
                                       .init(type: .password, autocomplete: "new-password")),
                            .button(.type(.submit), .class("button primary"), .text("Save password"))))
                }, else: .p(.text("This link has expired or was already used. Ask your initiative's administrator for a new one.")))
            ))
    }
}
