import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The backbone's review queue and the completeness of every partner's reporting.
struct ReviewQueuePage {
    struct Matrix {
        struct Row {
            let organization: OrganizationModel
            let cells: [(ReportingPeriod, SubmissionStatus?, ReportingCalendar.State)]
        }
        let frequency: Frequency
        let periods: [ReportingPeriod]
        let rows: [Row]
    }

    struct FilterOptions {
        var periods: [ReportingPeriod] = []
        var partners: [UUID] = []
        var indicators: [(value: String, label: String)] = []
    }

    let access: InitiativeAccess
    /// The reports waiting, as filtered, and how many wait in all.
    let waiting: [SubmissionModel]
    let allWaiting: Int
    var filter = ReviewFilter()
    var filterOptions = FilterOptions()
    var bulkResult: ReviewBulkResult?
    var bulkError: String?
    var exceptionsNotice: String?
    var exceptionErrors: [String: String] = [:]
    var typedExceptions: [String: String] = [:]
    let organizations: [OrganizationModel]
    let matrix: [Matrix]
    let members: [MemberListing]
    /// Partners someone reminded today: a second reminder waits until tomorrow.
    var remindedToday: Set<UUID> = []
    let notice: Notice?

    /// Each partner's periods that are overdue and not yet submitted, oldest first.
    static func overduePeriods(in matrix: [Matrix]) -> [UUID: [ReportingPeriod]] {
        var periods: [UUID: [ReportingPeriod]] = [:]
        for row in matrix.flatMap(\.rows) {
            for (period, status, state) in row.cells where state == .overdue && (status == nil || status == .draft || status == .returned) {
                periods[row.organization.id!, default: []].append(period)
            }
        }
        return periods.mapValues { $0.sorted { $0.start < $1.start } }
    }

    func render(_ chrome: Chrome) -> HTML {
        let names = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        let overdue = Self.overduePeriods(in: matrix)
        let t = chrome.t
        return Layout.page(t("nav.review"), chrome,
            .h1(.text(t("nav.review"))),
            noticeBanner(notice, chrome.t),
            waitingSection(chrome, names: names),
            .forEach(matrix) { table in
                .section(.class("panel"),
                    .h2(.text(t("review.reportsOf.\(table.frequency.rawValue)"))),
                    tableFrame(.table(.class("table matrix"),
                        .caption(.text(t("review.matrixCaption.\(table.frequency.rawValue)"))),
                        .thead(.tr(.th(.text(t("reporting.partner"))), .forEach(table.periods) { .th(.text(t.period($0))) })),
                        .tbody(.forEach(table.rows) { row in
                            .tr(.th(.attribute(named: "scope", value: "row"), .text(row.organization.name)),
                                .forEach(row.cells) { period, status, state in
                                    .td(.a(.href(SiteURL.report(slug: access.slug, organization: row.organization.id!, period: period.key).path),
                                           .attribute(named: "aria-label", value: escapedAttribute("\(row.organization.name), \(t.period(period))")),
                                           statusBadge(status, state: state)))
                                })
                        }))))
            },
            settingsForm(chrome),
            exceptionsSection(chrome),
            overdueSection(overdue, chrome))
    }

    /// Who is late, whom to contact, and a button that reminds their data stewards.
    private func overdueSection(_ overdue: [UUID: [ReportingPeriod]], _ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        return .section(.class("panel"), .id("overdue"),
            .h2(.text(t("review.overdueHeading"))),
            .if(overdue.isEmpty, .p(.text(t("review.noneOverdue")))),
            .ul(.class("plain-list overdue-list"), .forEach(organizations.filter { overdue[$0.id!] != nil }) { org in
                let contacts = members.filter { $0.organization.id == org.id && ($0.membership.parsedRole == .partnerDataSteward || $0.membership.parsedRole.isBackbone) }
                let periods = (overdue[org.id!] ?? []).map(t.period).joined(separator: ", ")
                let hasSteward = contacts.contains { $0.membership.parsedRole == .partnerDataSteward }
                return .li(
                    .div(.strong(.text(org.name)), .span(.class("meta"), .text(" · " + t("review.overduePeriods", ["periods": periods])))),
                    .div(.class("meta"), .text(contacts.isEmpty ? t("review.noSteward") : contacts.map { "\($0.user.displayName) <\($0.user.email)>" }.joined(separator: ", "))),
                    !hasSteward ? .empty
                    : remindedToday.contains(org.id!) ? .p(.class("meta"), .text(t("review.remindedToday")))
                    : .form(.method(.post), .action(SiteURL.review(slug: access.slug).path + "/remind"),
                                csrfField(chrome.csrfToken),
                                .input(.type(.hidden), .name("organization"), .value(escapedAttribute(org.id!.uuidString))),
                                .button(.type(.submit), .class("button small"),
                                        .attribute(named: "aria-label", value: escapedAttribute(t("review.remindLabel", ["organization": org.name]))),
                                        .text(t("review.remind")))))
            }))
    }
}

extension ReviewQueuePage {
    func settingsForm(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let initiative = access.initiative
        let t = chrome.t
        return .section(.class("panel"),
            .h2(.text(t("review.calendar"))),
            .form(.method(.post), .action(SiteURL.review(slug: access.slug).path + "/settings"),
                csrfField(chrome.csrfToken),
                .div(.class("cell-grid"),
                    Field.text("dueAfterDays", t("review.dueAfter"), value: String(initiative.dueAfterDays), error: nil,
                               .init(type: .number, autocomplete: "off")),
                    Field.text("lockAfterDays", t("review.lockAfter"), value: String(initiative.lockAfterDays), error: nil,
                               .init(type: .number, autocomplete: "off"))),
                .div(.class("check"),
                    .input(.type(.checkbox), .id("includeSubmitted"), .name("includeSubmitted"), .checked(initiative.dashboardsIncludeSubmitted)),
                    .label(.for("includeSubmitted"), .text(t("review.includeSubmitted")))),
                timeZoneField(selected: initiative.timeZone, error: nil, hint: t("initiatives.timeZoneHint")),
                .button(.type(.submit), .class("button"), .text(t("notifications.save")))))
    }
}

/// Below a submitted report: the decision form and the history of every change.
struct ReviewPanel {
    let access: InitiativeAccess
    let submission: SubmissionModel
    let assigned: [AssignedIndicator]
    let events: [SubmissionEventModel]
    let audit: [ValueAuditModel]
    let userNames: [UUID: String]
    let error: String?

    func render(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let status = submission.parsedStatus
        let indicatorNames = Dictionary(uniqueKeysWithValues: assigned.map { ($0.id, $0.indicator.shownName) })
        let t = chrome.t
        return .group(
            .section(.class("panel"),
                .h2(.text(t("review.decision"))),
                .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
                .if(status == .submitted, .form(.method(.post), .action(SiteURL.reviewSubmission(slug: access.slug, id: submission.id!).path),
                    csrfField(chrome.csrfToken),
                    Field.textArea("comment", t("review.comment"), value: "", error: nil, hint: t("review.commentHint")),
                    .div(.class("actions"),
                        .button(.type(.submit), .name("decision"), .value("approve"), .class("button primary"), .text(t("review.approve"))),
                        .button(.type(.submit), .name("decision"), .value("return"), .class("button"), .text(t("review.return")))))),
                .if(status == .approved, .form(.method(.post), .action(SiteURL.reviewSubmission(slug: access.slug, id: submission.id!).path),
                    csrfField(chrome.csrfToken),
                    Field.textArea("comment", t("review.whyReopen"), value: "", error: nil, hint: t("review.whyReopenHint"), required: true),
                    .button(.type(.submit), .name("decision"), .value("reopen"), .class("button"), .text(t("review.reopen"))))),
                .if(status == .draft || status == .returned, .p(.text(t("review.stillWorking"))))),
            historySection(events: events, audit: audit, indicatorNames: indicatorNames, userNames: userNames, zone: chrome.zone))
    }

    static func describe(_ json: String?) -> String {
        guard let json, let figure = try? StoredFigure.decode(json) else { return "—" }
        let t = Texts.current
        if let numerator = figure.numerator, let denominator = figure.denominator {
            return t("history.ofDenominator", ["numerator": t.number(numerator), "denominator": t.number(denominator)])
        }
        return (figure.value.map(t.number) ?? "—") + (figure.weight.map { " " + t("history.weight", ["weight": t.number($0)]) } ?? "")
    }
}

/// A report's workflow steps and every recorded change of its figures, newest first: shown to
/// the backbone and to the partner whose figures they are.
func historySection(events: [SubmissionEventModel], audit: [ValueAuditModel], indicatorNames: [UUID: String], userNames: [UUID: String],
                    zone: TimeZone) -> Node<HTML.BodyContext> {
    let t = Texts.current
    func who(_ id: UUID?) -> String { id.map { userNames[$0] ?? t("history.formerMember") } ?? t("history.system") }
    func step(_ action: SubmissionEventModel.Action?) -> String {
        switch action {
        case .draftSaved: t("history.draftSaved")
        case .submitted: t("history.submitted")
        case .approved: t("reportStatus.approved")
        case .returned: t("reportStatus.returned")
        case .reopened: t("history.reopened")
        case nil: t("history.changed")
        }
    }
    return .section(.class("panel"),
        .h2(.text(t("history.title"))),
        .if(!events.isEmpty, tableFrame(.table(.class("table"),
            .caption(.text(t("history.steps"))),
            .thead(.tr(.th(.text(t("history.when"))), .th(.text(t("history.who"))), .th(.text(t("history.step"))), .th(.text(t("report.comment"))))),
            .tbody(.forEach(events.reversed()) { event in
                .tr(.td(.class("nowrap"), .text(t.dayAndTime(event.recordedAt, in: zone))), .td(.text(who(event.userID))),
                    .td(.text(step(event.parsedAction))), .td(.text(event.comment)))
            })))),
        .h3(.text(t("history.changes"))),
        .if(audit.isEmpty, .p(.text(t("history.noFigures")))),
        .if(!audit.isEmpty, tableFrame(.table(.class("table"),
            .thead(.tr(.th(.text(t("history.when"))), .th(.text(t("history.who"))), .th(.text(t("history.figure"))), .th(.text(t("history.before"))),
                       .th(.text(t("history.after"))), .th(.text(t("history.why"))))),
            .tbody(.forEach(audit.reversed()) { entry in
                .tr(.td(.class("nowrap"), .text(t.dayAndTime(entry.recordedAt, in: zone))),
                    .td(.text(who(entry.userID))),
                    .td(.text("\(indicatorNames[entry.indicatorID] ?? t("history.indicator"))\(entry.dimensionKey.isEmpty ? "" : " · \(entry.dimensionKey) \(entry.categoryKey)")")),
                    .td(.text(ReviewPanel.describe(entry.oldJSON))),
                    .td(.text(ReviewPanel.describe(entry.newJSON))),
                    .td(.text(entry.reason)))
            })))))
}
