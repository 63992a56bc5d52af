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
        let t = chrome.t
        return Layout.page(t("initiatives.title"), chrome,
            .div(.class("page-head"),
                 .h1(.text(t("layout.yourInitiatives"))),
                 .if(canCreate, .a(.class("button primary"), .href(SiteURL.initiativeNew.path), .text(t("initiatives.new"))))),
            noticeBanner(notice, chrome.t),
            .if(initiatives.isEmpty,
                .div(.class("panel empty"),
                     .p(.text(t(canCreate ? "initiatives.noneYet" : "initiatives.notMember"))))),
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
    var draft = InitiativeDraft(name: "", slug: "", place: "", problemStatement: "", timeZone: TimeZone.current.identifier)
    var errors: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("initiatives.new"), chrome,
            .section(.class("panel narrow"),
                .h1(.text(t("initiatives.new"))),
                .p(.text(t("initiatives.oneEffort"))),
                errorSummary(errors),
                .form(.method(.post), .action(SiteURL.initiatives.path),
                    csrfField(chrome.csrfToken),
                    Field.text("name", t("account.name"), value: draft.name, error: errors["name"], .init(hint: t("initiatives.nameHint"))),
                    Field.text("slug", t("initiatives.slug"), value: draft.slug, error: errors["slug"], .init(hint: t("initiatives.slugHint"))),
                    Field.text("place", t("initiatives.place"), value: draft.place, error: errors["place"], .init(hint: t("initiatives.placeHint"))),
                    Field.textArea("problemStatement", t("initiatives.problem"), value: draft.problemStatement,
                                   error: errors["problemStatement"], hint: t("initiatives.problemHint"), required: true),
                    timeZoneField(selected: draft.timeZone, error: errors["timeZone"], hint: t("initiatives.timeZoneHint")),
                    .div(.class("actions"),
                         .button(.type(.submit), .class("button primary"), .text(t("initiatives.create"))),
                         .a(.class("button"), .href(SiteURL.initiatives.path), .text(t("initiatives.cancel")))))))
    }
}

/// The home page of one initiative.
struct InitiativeHomePage {
    private func nextMeeting() -> Node<HTML.BodyContext> {
        let upcoming = meetings.values.filter { $0.endsAt >= now }.sorted { $0.startsAt < $1.startsAt }
        guard let next = upcoming.first else { return .empty }
        return .section(.class("panel"),
            .h2(.text(Texts.current("home.nextMeeting"))),
            .p(.a(.href(SiteURL.meeting(slug: access.slug, id: next.id!).path), .text(next.title)), .text(" · " + next.time.display)))
    }

    private func yourActionItems(_ csrf: String) -> Node<HTML.BodyContext> {
        let t = Texts.current
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "my-actions-title"),
            .h2(.id("my-actions-title"), .text(t("home.actionItems"))),
            tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text(t("home.what"))), .th(.text(t("reporting.due"))), .th(.text(t("home.from"))), .th(.span(.class("visually-hidden"), .text(t("home.change")))))),
                .tbody(.forEach(actionItems) { item in
                    let overdue = CalendarDay(key: item.dueOn).map { $0 < today } ?? false
                    return .tr(.td(.text(item.text)),
                        .td(.span(.class("nowrap"), .text(CalendarDay(key: item.dueOn).map { t.day($0.start, in: .gmt) } ?? item.dueOn)),
                            .if(overdue, .span(.class("status status-bad"), .text(t("reportStatus.overdue"))))),
                        .td(.unwrap(meetings[item.meetingID]) { .a(.href(SiteURL.meeting(slug: access.slug, id: $0.id!).path), .text($0.title)) }),
                        .td(.form(.class("inline"), .method(.post), .action(SiteURL.meetingAction(slug: access.slug, id: item.meetingID, action: .actionStatus).path),
                            csrfField(csrf),
                            .input(.type(.hidden), .name("item"), .value(escapedAttribute(item.id!.uuidString))),
                            .input(.type(.hidden), .name("back"), .value("home")),
                            .button(.type(.submit), .class("button small"), .name("status"), .value("done"),
                                    .attribute(named: "aria-label", value: escapedAttribute(t("home.markDone", ["item": item.text]))), .text(t("home.done"))))))
                }))))
    }

    let access: InitiativeAccess
    let organizations: [OrganizationModel]
    let memberCount: Int
    /// The signed-in person's open action items, soonest due first.
    var actionItems: [ActionItemModel] = []
    /// The viewer's own organization's periods still to send, overdue first.
    var reportsToSend: [ReportingOverviewPage.Row] = []
    /// Reports waiting for the backbone's review; nil for those who do not review.
    var waitingForReview: Int?
    /// Partners with an overdue report not yet submitted; nil for those who do not review.
    var partnersLate: Int?
    /// The bodies the viewer chairs or co-chairs today.
    var ledBodies: [LedBodyGlance] = []
    /// Nil for those who may not see indicators.
    var results: ResultsGlance?
    var meetings: [UUID: MeetingModel] = [:]
    var updates: [UpdateModel] = []
    var today = CalendarDay(containing: Date())
    var now = Date()
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let initiative = access.initiative
        let bySector = Dictionary(grouping: organizations.filter { !$0.isBackbone }, by: \.parsedSector)
        let backbone = organizations.first { $0.isBackbone }
        let t = chrome.t
        let partners = organizations.filter { !$0.isBackbone }.count
        return Layout.page(initiative.name, chrome,
            noticeBanner(notice, chrome.t),
            .section(.class("hero"),
                .p(.class("eyebrow"), .text(initiative.place)),
                .h1(.text(initiative.name)),
                .p(.class("lead"), .text(initiative.problemStatement)),
                .p(.class("meta"), .text(t("home.takePartAs") + " "), .strong(.text(access.role.title)), .text("."))),
            .if(!reportsToSend.isEmpty, reportsPanel(t)),
            .unwrap(waitingForReview) { waiting in
                .section(.class("panel"), .h2(.text(t("nav.review"))),
                    .p(.text(waiting == 0 ? t("review.nothingWaiting") : t("review.waiting", ["count": t.count(waiting)])), .text(" "),
                       .a(.href(SiteURL.review(slug: access.slug).path), .text(t("home.openReview")))),
                    .unwrap(partnersLate) { late in
                        .p(.text(late == 0 ? t("review.noneOverdue") : t(late == 1 ? "home.partnersLateOne" : "home.partnersLate", ["count": t.count(late)])),
                           .if(late > 0, .group(.text(" "), .a(.href(SiteURL.review(slug: access.slug).path + "#overdue"), .text(t("home.seeWhoIsLate"))))))
                    })
            },
            .forEach(ledBodies) { $0.render(access.slug, t) },
            .if(!actionItems.isEmpty, yourActionItems(chrome.csrfToken)),
            .unwrap(results) { $0.render(access.slug, t) },
            .section(.class("stats"), .attribute(named: "aria-label", value: escapedAttribute(t("home.atAGlance"))),
                stat(t.count(partners), t(partners == 1 ? "home.partnerOne" : "home.partners")),
                stat(t.count(bySector.count), t(bySector.count == 1 ? "home.sectorOne" : "home.sectors")),
                stat(t.count(memberCount), t(memberCount == 1 ? "home.memberOne" : "home.members"))),
            nextMeeting(),
            .if(!updates.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "latest-updates"),
                .div(.class("page-head"), .h2(.id("latest-updates"), .text(t("home.latestUpdates"))),
                     .a(.href(SiteURL.updates(slug: access.slug).path), .text(t("home.allUpdates")))),
                .ul(.class("plain-list"), .forEach(updates) { update in
                    .li(.a(.href(escapedAttribute(update.path)), writtenIn(update.language, on: chrome), .text(update.title)),
                        .span(.class("meta nowrap"), .text(" · " + t.day(update.createdAt, in: chrome.zone))))
                }))),
            .unwrap(backbone) { org in
                .section(.class("panel"),
                    .h2(.text(t("home.backbone"))),
                    .p(.a(.href(SiteURL.partner(slug: access.slug, id: org.id!).path), .text(org.name)), .text(": "), .text(org.description)))
            },
            .section(.class("panel"),
                .h2(.text(t("home.bySector"))),
                .if(bySector.isEmpty, .p(.text(t("home.noPartners")))),
                .div(.class("sector-grid"),
                    .forEach(Sector.allCases.filter { bySector[$0] != nil }) { sector in
                        .div(.class("sector"),
                            .h3(.text(sector.title), .span(.class("count"), .text(" (\(bySector[sector]!.count))"))),
                            .ul(.forEach(bySector[sector]!.sorted { $0.name < $1.name }) { org in
                                .li(.a(.href(SiteURL.partner(slug: access.slug, id: org.id!).path), .text(org.name)))
                            }))
                    })))
    }

    /// A partner's periods to send, overdue first, each with its due day and a button.
    private func reportsPanel(_ t: Texts) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "my-reports-title"),
            .h2(.id("my-reports-title"), .text(t("home.yourReports"))),
            .ul(.class("plain-list due-list"), .forEach(reportsToSend) { row in
                .li(.strong(.text(t.period(row.period))), .text(" "), statusBadge(row.status, state: row.state),
                    .span(.class("meta"), .text(" · "), .span(.class("nowrap"), .text(t("reporting.ends", ["day": t.day(row.period.end, in: .gmt)]))),
                          .text(" · "), .span(.class("nowrap"), .text(t("home.dueOn", ["day": t.day(row.dueDate, in: .gmt)])))),
                    .text(" "),
                    .a(.class("button small"), .href(SiteURL.report(slug: access.slug, organization: access.membership!.organizationID, period: row.period.key).path),
                       .text(t(row.status == nil ? "home.fillIn" : "home.continue"))))
            }))
    }

    private func stat(_ value: String, _ label: String) -> Node<HTML.BodyContext> {
        .div(.class("stat"), .span(.class("stat-value"), .text(value)), .span(.class("stat-label"), .text(label)))
    }
}
