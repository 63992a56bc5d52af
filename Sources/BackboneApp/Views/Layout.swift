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
    /// The language of the page, and its texts and formats.
    var t = Texts.current
    /// The time zone moments (a submission, a comment, a publication) are shown in: the person's,
    /// else the initiative's. Calendar days (due days, target dates) need none.
    var zone = TimeZone.gmt
    /// The page's own path, for the language switch to come back to.
    var path = SiteURL.home.path
    /// Pages reached by a private link: search engines must not list them.
    var noindex = false
    /// A page's own print rules, beside the shared stylesheet.
    var printStylesheet: String?

    var language: SiteLanguage { t.language }

    enum Section { case initiatives, home, updates, notifications, agenda, governance, actionPlan, meetings, assessments, funding, outreach, partners, people, account, admin, results, impactReports, indicators, reporting, review }

    static var anonymous: Chrome { Chrome() }
}

extension Request {
    /// Builds the layout context for a page: small queries for the initiative switcher and the
    /// unread notifications.
    func chrome(_ section: Chrome.Section?, access: InitiativeAccess? = nil) async throws -> Chrome {
        guard let user = signedIn?.user else {
            return Chrome(section: section, csrfToken: csrfToken, t: Texts(language), zone: access?.initiative.zone ?? .gmt, path: url.path)
        }
        let initiatives = try await InitiativeRepository(db: db).visible(to: user)
        // The person's own zone, else the initiative's they are in (or their first one's).
        let zone = user.timeZone.flatMap(TimeZone.init(identifier:)) ?? (access?.initiative ?? initiatives.first)?.zone ?? .gmt
        return Chrome(user: user, initiatives: initiatives, access: access, section: section, csrfToken: csrfToken,
                      unread: try await NotificationRepository(db: db).unreadCount(userID: user.requireID()),
                      sessionIdleSeconds: signedIn?.session == nil ? nil : Int(application.backbone.sessions.idleTimeout),
                      t: Texts(language), zone: zone, path: url.path)
    }
}

/// The one layout every page uses.
enum Layout {
    /// The product's name: the same in every language.
    static let productName = "Backbone"

    static func page(_ title: String, _ chrome: Chrome, _ content: Node<HTML.BodyContext>...) -> HTML {
        let t = chrome.t
        return HTML(
            .lang(chrome.language == .es ? .spanish : .english),
            head("\(title) · \(productName)", chrome),
            .body(
                .unwrap(chrome.sessionIdleSeconds) { .group(.data(named: "session-idle", value: escapedAttribute(String($0))), .data(named: "session-url", value: SiteURL.accountSession.path)) },
                .a(.class("skip-link"), .href("#main"), .text(t("layout.skip"))),
                header(chrome),
                .main(.id("main"), .class("page"), .group(content)),
                .footer(.class("site-footer"), .p(.text(t("layout.footer")), .text(" "), .a(.href(SiteURL.help.path), .text(t("help.title")))),
                        languageSwitch(chrome)),
                .if(chrome.sessionIdleSeconds != nil, .script(.src(SiteURL.sessionScript.path), .attribute(named: "defer")))
            )
        )
    }

    /// The document head every page shares; `title` is the whole window title.
    static func head(_ title: String, _ chrome: Chrome) -> Node<HTML.DocumentContext> {
        .head(
            .meta(.charset(.utf8)),
            .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
            // Not Plot's `.title`: it also writes the title into unescaped meta attributes.
            .element(named: "title", text: title),
            .link(.rel(.stylesheet), .href(SiteURL.stylesheet.path)),
            .if(chrome.noindex, .meta(.name("robots"), .content("noindex, nofollow"))),
            .unwrap(chrome.printStylesheet) { .link(.rel(.stylesheet), .href(escapedAttribute($0)), .attribute(named: "media", value: "print")) }
        )
    }

    private static func header(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        return .header(
            .class("site-header"),
            .div(
                .class("bar"),
                .a(.class("brand"), .href(SiteURL.home.path), .span(.class("brand-mark"), .ariaHidden(true), .text("◆")), .text(productName)),
                .unwrap(chrome.user) { user in
                    .group(
                        switcher(chrome),
                        .nav(
                            .class("account-nav"), .ariaLabel(escapedAttribute(t("layout.accountNav"))),
                            .if(user.isPlatformAdmin, .a(.href(SiteURL.adminUsers.path), current(chrome, .admin), .text(t("layout.users")))),
                            helpLink(chrome),
                            .a(.href(SiteURL.notifications.path), current(chrome, .notifications), .text(t("layout.notifications")),
                               .if(chrome.unread > 0, .span(.class("count"), .span(.class("visually-hidden"), .text(": ")), .text(t.count(chrome.unread)),
                                                              .span(.class("visually-hidden"), .text(t("layout.unread")))))),
                            .a(.href(SiteURL.account.path), current(chrome, .account), .text(user.displayName)),
                            .form(
                                .class("inline"), .method(.post), .action(SiteURL.logout.path),
                                csrfField(chrome.csrfToken),
                                .button(.type(.submit), .class("link-button"), .text(t("layout.signOut")))
                            )
                        )
                    )
                }
            ),
            .unwrap(chrome.access) { access in
                .group(
                    .nav(.class("initiative-nav"), .ariaLabel(escapedAttribute(access.initiative.name)), .group(initiativeLinks(chrome, access))),
                    // On a phone the strip does not fit: the same links behind a menu button
                    // (a disclosure, so it works without JavaScript). CSS shows one or the other.
                    .element(named: "details", nodes: [
                        .class("nav-menu"),
                        .element(named: "summary", nodes: [.text(t("layout.menu"))]),
                        .nav(.ariaLabel(escapedAttribute(access.initiative.name)), .group(initiativeLinks(chrome, access))),
                        .div(.class("menu-search"), searchForm(access, chrome, id: "menu-search-q")),
                    ]),
                    .div(.class("header-search"), searchForm(access, chrome, id: "search-q"))
                )
            }
        )
    }

    private static func initiativeLinks(_ chrome: Chrome, _ access: InitiativeAccess) -> [Node<HTML.BodyContext>] {
        let t = chrome.t
        return [
            .a(.href(SiteURL.initiative(slug: access.slug).path), current(chrome, .home), .text(t("nav.overview"))),
            .a(.href(SiteURL.agenda(slug: access.slug).path), current(chrome, .agenda), .text(t("nav.agenda"))),
            .a(.href(SiteURL.governance(slug: access.slug).path), current(chrome, .governance), .text(t("nav.governance"))),
            .a(.href(SiteURL.activities(slug: access.slug).path), current(chrome, .actionPlan), .text(t("nav.actionPlan"))),
            .a(.href(SiteURL.updates(slug: access.slug).path), current(chrome, .updates), .text(t("nav.updates"))),
            .a(.href(SiteURL.meetings(slug: access.slug).path), current(chrome, .meetings), .text(t("nav.meetings"))),
            .a(.href(SiteURL.assessments(slug: access.slug).path), current(chrome, .assessments), .text(t("nav.assessments"))),
            .a(.href(SiteURL.funding(slug: access.slug).path), current(chrome, .funding), .text(t("nav.funding"))),
            .a(.href(SiteURL.outreach(slug: access.slug).path), current(chrome, .outreach), .text(t("nav.outreach"))),
            .a(.href(SiteURL.partners(slug: access.slug).path), current(chrome, .partners), .text(t("nav.partners"))),
            // Impact reports are where results go out: they live under Results.
            .a(.href(SiteURL.results(slug: access.slug).path), current(chrome, chrome.section == .impactReports ? .impactReports : .results), .text(t("nav.results"))),
            .a(.href(SiteURL.indicators(slug: access.slug).path), current(chrome, .indicators), .text(t("nav.indicators"))),
            .if(access.membership != nil || access.can(.reportForAnyPartner),
                .a(.href(SiteURL.reporting(slug: access.slug).path), current(chrome, .reporting), .text(t("nav.reporting")))),
            .if(access.can(.reviewReports),
                .a(.href(SiteURL.review(slug: access.slug).path), current(chrome, .review), .text(t("nav.review")))),
            .if(access.can(.viewPeople),
                .a(.href(SiteURL.people(slug: access.slug).path), current(chrome, .people), .text(t("nav.people")))),
        ]
    }

    /// The help for the page the person is on: its part's page, else the index.
    private static func helpLink(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let area = HelpArea(chrome.section)
        return .a(.href(escapedAttribute(area.map { SiteURL.helpArea($0).path } ?? SiteURL.help.path)),
                  .attribute(named: "title", value: escapedAttribute(chrome.t(area == nil ? "help.title" : "help.link"))),
                  .text(chrome.t("help.title")))
    }

    /// A form per language, each named in its own language and marked with its `lang`, so that
    /// someone who cannot read the page still finds theirs. Works without JavaScript.
    private static func languageSwitch(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .form(.class("language-switch"), .method(.post), .action(SiteURL.language.path),
              .attribute(named: "aria-label", value: escapedAttribute(chrome.t("layout.language"))),
              csrfField(chrome.csrfToken),
              .input(.type(.hidden), .name("back"), .value(escapedAttribute(chrome.path))),
              .forEach(SiteLanguage.allCases) { language in
                  .button(.type(.submit), .name("language"), .value(escapedAttribute(language.rawValue)), .class("link-button"),
                          .attribute(named: "lang", value: escapedAttribute(language.rawValue)),
                          .if(language == chrome.language, .attribute(named: "aria-current", value: "true")),
                          .text(language.nativeName))
              })
    }

    /// A disclosure list of the viewer's initiatives; works without JavaScript.
    private static func switcher(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .class("switcher"),
            .element(named: "summary", nodes: [
                .span(.class("visually-hidden"), .text(chrome.t("layout.currentInitiative"))),
                .text(chrome.access?.initiative.name ?? chrome.t("layout.yourInitiatives")),
            ]),
            .ul(
                .forEach(chrome.initiatives) { initiative in
                    .li(.a(.href(SiteURL.initiative(slug: initiative.slug).path),
                           .if(initiative.id == chrome.access?.initiative.id, .attribute(named: "aria-current", value: "page")),
                           .text(initiative.name)))
                },
                .li(.class("switcher-all"), .a(.href(SiteURL.initiatives.path), .text(chrome.t("layout.allInitiatives"))))
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
