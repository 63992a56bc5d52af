import BackboneDomain
import BackbonePersistence
import Plot
import Vapor

/// What the shared layout needs to know about the viewer: who they are, which initiatives they
/// can switch between, and where they are.
struct Chrome {
    var user: UserModel?
    var initiatives: [InitiativeModel] = []
    var access: InitiativeAccess?
    var section: Section?
    var csrfToken = ""
    /// The viewer's unread notifications.
    var unread = 0
    /// How long a session lasts without activity, for the warning before it ends.
    var sessionIdleSeconds: Int?

    enum Section { case initiatives, home, updates, notifications, agenda, governance, actionPlan, meetings, partners, people, account, admin, results, indicators, reporting, review }

    static let anonymous = Chrome()
}

extension Request {
    /// Builds the layout context for a page: small queries for the initiative switcher and the
    /// unread notifications.
    func chrome(_ section: Chrome.Section?, access: InitiativeAccess? = nil) async throws -> Chrome {
        guard let user = signedIn?.user else { return Chrome(section: section, csrfToken: csrfToken) }
        let initiatives = try await InitiativeRepository(db: db).visible(to: user)
        return Chrome(user: user, initiatives: initiatives, access: access, section: section, csrfToken: csrfToken,
                      unread: try await NotificationRepository(db: db).unreadCount(userID: user.requireID()),
                      sessionIdleSeconds: signedIn?.session == nil ? nil : Int(application.backbone.sessions.idleTimeout))
    }
}

/// The one layout every page uses.
enum Layout {
    static func page(_ title: String, _ chrome: Chrome, _ content: Node<HTML.BodyContext>...) -> HTML {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Not Plot's `.title`: it also writes the title into unescaped meta attributes.
                .element(named: "title", text: "\(title) · Backbone"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.path))
            ),
            .body(
                .unwrap(chrome.sessionIdleSeconds) { .group(.data(named: "session-idle", value: escapedAttribute(String($0))), .data(named: "session-url", value: SiteURL.accountSession.path)) },
                .a(.class("skip-link"), .href("#main"), .text("Skip to main content")),
                header(chrome),
                .main(.id("main"), .class("page"), .group(content)),
                .footer(.class("site-footer"),
                        .p(.text("Backbone: one shared home for a collective impact initiative's agenda, partners and results."))),
                .if(chrome.sessionIdleSeconds != nil, .script(.src(SiteURL.sessionScript.path), .attribute(named: "defer")))
            )
        )
    }

    private static func header(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .header(
            .class("site-header"),
            .div(
                .class("bar"),
                .a(.class("brand"), .href(SiteURL.home.path), .span(.class("brand-mark"), .ariaHidden(true), .text("◆")), .text("Backbone")),
                .unwrap(chrome.user) { user in
                    .group(
                        switcher(chrome),
                        .nav(
                            .class("account-nav"), .ariaLabel("Account"),
                            .if(user.isPlatformAdmin, .a(.href(SiteURL.adminUsers.path), current(chrome, .admin), .text("Users"))),
                            .a(.href(SiteURL.notifications.path), current(chrome, .notifications), .text("Notifications"),
                               .if(chrome.unread > 0, .span(.class("count"), .span(.class("visually-hidden"), .text(": ")), .text("\(chrome.unread)"),
                                                              .span(.class("visually-hidden"), .text(" unread"))))),
                            .a(.href(SiteURL.account.path), current(chrome, .account), .text(user.displayName)),
                            .form(
                                .class("inline"), .method(.post), .action(SiteURL.logout.path),
                                csrfField(chrome.csrfToken),
                                .button(.type(.submit), .class("link-button"), .text("Sign out"))
                            )
                        )
                    )
                }
            ),
            .unwrap(chrome.access) { access in
                .nav(
                    .class("initiative-nav"), .ariaLabel(escapedAttribute(access.initiative.name)),
                    .a(.href(SiteURL.initiative(slug: access.slug).path), current(chrome, .home), .text("Overview")),
                    .a(.href(SiteURL.agenda(slug: access.slug).path), current(chrome, .agenda), .text("Agenda")),
                    .a(.href(SiteURL.governance(slug: access.slug).path), current(chrome, .governance), .text("Governance")),
                    .a(.href(SiteURL.activities(slug: access.slug).path), current(chrome, .actionPlan), .text("Action plan")),
                    .a(.href(SiteURL.updates(slug: access.slug).path), current(chrome, .updates), .text("Updates")),
                    .a(.href(SiteURL.meetings(slug: access.slug).path), current(chrome, .meetings), .text("Meetings")),
                    .a(.href(SiteURL.partners(slug: access.slug).path), current(chrome, .partners), .text("Partners")),
                    .a(.href(SiteURL.results(slug: access.slug).path), current(chrome, .results), .text("Results")),
                    .a(.href(SiteURL.indicators(slug: access.slug).path), current(chrome, .indicators), .text("Indicators")),
                    .if(access.membership != nil || access.can(.reportForAnyPartner),
                        .a(.href(SiteURL.reporting(slug: access.slug).path), current(chrome, .reporting), .text("Reporting"))),
                    .if(access.can(.reviewReports),
                        .a(.href(SiteURL.review(slug: access.slug).path), current(chrome, .review), .text("Review"))),
                    .if(access.can(.viewPeople),
                        .a(.href(SiteURL.people(slug: access.slug).path), current(chrome, .people), .text("People")))
                )
            }
        )
    }

    /// A disclosure list of the viewer's initiatives; works without JavaScript.
    private static func switcher(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .class("switcher"),
            .element(named: "summary", nodes: [
                .span(.class("visually-hidden"), .text("Current initiative: ")),
                .text(chrome.access?.initiative.name ?? "Your initiatives"),
            ]),
            .ul(
                .forEach(chrome.initiatives) { initiative in
                    .li(.a(.href(SiteURL.initiative(slug: initiative.slug).path),
                           .if(initiative.id == chrome.access?.initiative.id, .attribute(named: "aria-current", value: "page")),
                           .text(initiative.name)))
                },
                .li(.class("switcher-all"), .a(.href(SiteURL.initiatives.path), .text("All initiatives")))
            ),
        ])
    }

    private static func current<C>(_ chrome: Chrome, _ section: Chrome.Section) -> Node<C> {
        chrome.section == section ? .attribute(named: "aria-current", value: "page") : .empty
    }
}

/// Turns a rendered page into a response.
extension HTML {
    func response(status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: render()))
    }
}
