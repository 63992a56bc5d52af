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

    let access: InitiativeAccess
    let waiting: [SubmissionModel]
    let organizations: [OrganizationModel]
    let matrix: [Matrix]
    let members: [MemberListing]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let names = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        let overdue = Set(matrix.flatMap { $0.rows }.filter { row in
            row.cells.contains { $0.2 == .overdue && ($0.1 == nil || $0.1 == .draft || $0.1 == .returned) }
        }.map { $0.organization.id! })
        return Layout.page("Review", chrome,
            .h1(.text("Review")),
            noticeBanner(notice, chrome.t),
            .section(.class("panel"),
                .h2(.text("Waiting for review (\(waiting.count))")),
                .if(waiting.isEmpty, .p(.text("Nothing is waiting. Submitted reports appear here."))),
                .ul(.class("plain-list"), .forEach(waiting) { submission in
                    .li(.a(.href(SiteURL.reviewSubmission(slug: access.slug, id: submission.id!).path),
                           .text("\(names[submission.organizationID] ?? "Unknown partner"): \(submission.period?.description ?? submission.periodKey)")),
                        .span(.class("meta"), .text(" · submitted \(submission.submittedAt.map(Format.dateTime) ?? "")")))
                })),
            .forEach(matrix) { table in
                .section(.class("panel"),
                    .h2(.text("\(MeasurementText.frequency(table.frequency)) reports")),
                    .div(.class("table-wrap"), .table(.class("table matrix"),
                        .caption(.text("Each partner's status for recent \(table.frequency.rawValue) periods")),
                        .thead(.tr(.th(.text("Partner")), .forEach(table.periods) { .th(.text($0.description)) })),
                        .tbody(.forEach(table.rows) { row in
                            .tr(.th(.attribute(named: "scope", value: "row"), .text(row.organization.name)),
                                .forEach(row.cells) { period, status, state in
                                    .td(.a(.href(SiteURL.report(slug: access.slug, organization: row.organization.id!, period: period.key).path),
                                           .attribute(named: "aria-label", value: escapedAttribute("\(row.organization.name), \(period.description)")),
                                           statusBadge(status, state: state)))
                                })
                        }))))
            },
            settingsForm(chrome),
            .section(.class("panel"),
                .h2(.text("Overdue partners and their contacts")),
                .if(overdue.isEmpty, .p(.text("No partner is overdue."))),
                .ul(.class("plain-list"), .forEach(organizations.filter { overdue.contains($0.id!) }) { org in
                    let contacts = members.filter { $0.organization.id == org.id && ($0.membership.parsedRole == .partnerDataSteward || $0.membership.parsedRole.isBackbone) }
                    return .li(.strong(.text(org.name)), .text(": "),
                               .text(contacts.isEmpty ? "no data steward yet" : contacts.map { "\($0.user.displayName) <\($0.user.email)>" }.joined(separator: ", ")))
                })))
    }
}

extension ReviewQueuePage {
    func settingsForm(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let initiative = access.initiative
        return .section(.class("panel"),
            .h2(.text("Reporting calendar")),
            .form(.method(.post), .action(SiteURL.review(slug: access.slug).path + "/settings"),
                csrfField(chrome.csrfToken),
                .div(.class("cell-grid"),
                    Field.text("dueAfterDays", "Due, days after a period ends", value: String(initiative.dueAfterDays), error: nil,
                               .init(type: .number, autocomplete: "off")),
                    Field.text("lockAfterDays", "Locked, days after a period ends", value: String(initiative.lockAfterDays), error: nil,
                               .init(type: .number, autocomplete: "off"))),
                .div(.class("check"),
                    .input(.type(.checkbox), .id("includeSubmitted"), .name("includeSubmitted"), .checked(initiative.dashboardsIncludeSubmitted)),
                    .label(.for("includeSubmitted"), .text("Count submitted reports in totals before approval (shown as provisional)"))),
                .button(.type(.submit), .class("button"), .text("Save settings"))))
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
        let indicatorNames = Dictionary(uniqueKeysWithValues: assigned.map { ($0.id, $0.indicator.name) })
        return .group(
            .section(.class("panel"),
                .h2(.text("Decision")),
                .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
                .if(status == .submitted, .form(.method(.post), .action(SiteURL.reviewSubmission(slug: access.slug, id: submission.id!).path),
                    csrfField(chrome.csrfToken),
                    Field.textArea("comment", "Comment to the partner", value: "", error: nil, hint: "Needed when you return the report."),
                    .div(.class("actions"),
                        .button(.type(.submit), .name("decision"), .value("approve"), .class("button primary"), .text("Approve")),
                        .button(.type(.submit), .name("decision"), .value("return"), .class("button"), .text("Return for changes"))))),
                .if(status == .approved, .form(.method(.post), .action(SiteURL.reviewSubmission(slug: access.slug, id: submission.id!).path),
                    csrfField(chrome.csrfToken),
                    Field.textArea("comment", "Why reopen it?", value: "", error: nil, hint: "The partner sees this reason.", required: true),
                    .button(.type(.submit), .name("decision"), .value("reopen"), .class("button"), .text("Reopen")))),
                .if(status == .draft || status == .returned, .p(.text("The partner is still working on this report.")))),
            historySection(events: events, audit: audit, indicatorNames: indicatorNames, userNames: userNames))
    }

    static func describe(_ json: String?) -> String {
        guard let json, let figure = try? StoredFigure.decode(json) else { return "—" }
        if let numerator = figure.numerator, let denominator = figure.denominator {
            return "\(MeasurementText.number(numerator)) of \(MeasurementText.number(denominator))"
        }
        return MeasurementText.number(figure.value) + (figure.weight.map { " (weight \(MeasurementText.number($0)))" } ?? "")
    }
}

/// A report's workflow steps and every recorded change of its figures, newest first: shown to
/// the backbone and to the partner whose figures they are.
func historySection(events: [SubmissionEventModel], audit: [ValueAuditModel], indicatorNames: [UUID: String], userNames: [UUID: String]) -> Node<HTML.BodyContext> {
    func who(_ id: UUID?) -> String { id.map { userNames[$0] ?? "A former member" } ?? "System" }
    func step(_ action: SubmissionEventModel.Action?) -> String {
        switch action {
        case .draftSaved: "Saved as a draft"
        case .submitted: "Submitted for review"
        case .approved: "Approved"
        case .returned: "Returned for changes"
        case .reopened: "Reopened after approval"
        case nil: "Changed"
        }
    }
    return .section(.class("panel"),
        .h2(.text("History")),
        .if(!events.isEmpty, .div(.class("table-wrap"), .table(.class("table"),
            .caption(.text("Steps")),
            .thead(.tr(.th(.text("When (UTC)")), .th(.text("Who")), .th(.text("Step")), .th(.text("Comment")))),
            .tbody(.forEach(events.reversed()) { event in
                .tr(.td(.text(Format.dateTime(event.recordedAt))), .td(.text(who(event.userID))),
                    .td(.text(step(event.parsedAction))), .td(.text(event.comment)))
            })))),
        .h3(.text("Changes of figures")),
        .if(audit.isEmpty, .p(.text("No figures recorded yet."))),
        .if(!audit.isEmpty, .div(.class("table-wrap"), .table(.class("table"),
            .thead(.tr(.th(.text("When (UTC)")), .th(.text("Who")), .th(.text("Figure")), .th(.text("Before")), .th(.text("After")), .th(.text("Why")))),
            .tbody(.forEach(audit.reversed()) { entry in
                .tr(.td(.text(Format.dateTime(entry.recordedAt))),
                    .td(.text(who(entry.userID))),
                    .td(.text("\(indicatorNames[entry.indicatorID] ?? "Indicator")\(entry.dimensionKey.isEmpty ? "" : " · \(entry.dimensionKey) \(entry.categoryKey)")")),
                    .td(.text(ReviewPanel.describe(entry.oldJSON))),
                    .td(.text(ReviewPanel.describe(entry.newJSON))),
                    .td(.text(entry.reason)))
            })))))
}
