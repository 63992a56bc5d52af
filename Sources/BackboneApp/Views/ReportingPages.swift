import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// A partner's periods: what is due, overdue, open or done.
struct ReportingOverviewPage {
    struct Row {
        let period: ReportingPeriod
        let indicatorCount: Int
        let state: ReportingCalendar.State
        let dueDate: Date
        let status: SubmissionStatus?
    }

    let access: InitiativeAccess
    let organization: OrganizationModel
    let organizations: [OrganizationModel]
    let rows: [Row]

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Reporting", chrome,
            .div(.class("page-head"),
                .h1(.text("Reporting for \(organization.name)")),
                .if(access.can(.reportForAnyPartner) || access.can(.reportForOwnOrganization),
                    .a(.class("button"), .href(SiteURL.reporting(slug: access.slug).path + "/import"), .text("Import a CSV file")))),
            .if(access.can(.reportForAnyPartner) || access.can(.reviewReports),
                .form(.class("inline-form picker"), .method(.get), .action(SiteURL.reporting(slug: access.slug).path),
                    .label(.for("organization"), .text("Partner")),
                    .element(named: "select", nodes: [Node<HTML.SelectContext>.attribute(named: "id", value: "organization"),
                                                      .attribute(named: "name", value: "organization")]
                             + organizations.map { org in
                                 .element(named: "option", nodes: [.attribute(named: "value", value: escapedAttribute(org.id!.uuidString)),
                                                                   .if(org.id == organization.id, .attribute(named: "selected")),
                                                                   .text(org.name)])
                             }),
                    .button(.type(.submit), .class("button small"), .text("Show")))),
            .if(rows.isEmpty, .div(.class("panel empty"), .p(.text("\(organization.name) has no indicators to report yet.")))),
            .if(!rows.isEmpty, .div(.class("table-wrap"), .table(.class("table"),
                .caption(.text("Recent periods, the most urgent first")),
                .thead(.tr(.th(.text("Period")), .th(.class("num"), .text("Indicators")), .th(.text("Due")), .th(.text("Status")))),
                .tbody(.forEach(rows) { row in
                    .tr(.td(.a(.href(SiteURL.report(slug: access.slug, organization: organization.id!, period: row.period.key).path),
                               .text(row.period.description))),
                        .td(.class("num"), .text("\(row.indicatorCount)")),
                        .td(.text(row.dueDate.formatted(.iso8601.year().month().day()))),
                        .td(statusBadge(row.status, state: row.state)))
                })))))
    }
}

/// Status in words and colour (never colour alone).
func statusBadge<C: HTMLContext>(_ status: SubmissionStatus?, state: ReportingCalendar.State) -> Node<C> {
    let (text, style): (String, String) = switch (status, state) {
    case (.approved?, _): ("Approved", "ok")
    case (.submitted?, _): ("Submitted", "info")
    case (.returned?, _): ("Returned for changes", "warn")
    case (_, .overdue): (status == .draft ? "Draft, overdue" : "Overdue", "bad")
    case (_, .locked): ("Locked", "muted")
    case (_, .notYetOpen): ("Not yet open", "muted")
    case (.draft?, _): ("Draft", "info")
    default: ("Not started", "muted")
    }
    return .element(named: "span", nodes: [.class(escapedAttribute("status status-\(style)")), .text(text)])
}

/// The form for one partner, one period: every assigned indicator with its breakdowns.
struct ReportFormPage {
    let access: InitiativeAccess
    let organization: OrganizationModel
    let period: ReportingPeriod
    let assigned: [AssignedIndicator]
    let stored: [UUID: IndicatorReport]
    let previous: [UUID: Double]
    let submission: SubmissionModel?
    let periodState: ReportingCalendar.State
    let editable: Bool
    /// What the person typed, when the form comes back with problems.
    let typed: [String: String]?
    let errors: [String: String]
    let warnings: [String: String]
    let notice: Notice?
    /// Shown below the figures: the backbone's review panel and the history of changes.
    var after: Node<HTML.BodyContext> = .empty

    func render(_ chrome: Chrome) -> HTML {
        let status = submission?.parsedStatus
        return Layout.page("\(organization.name): \(period.description)", chrome,
            .p(.class("breadcrumb"), .a(.href(escapedAttribute(SiteURL.reporting(slug: access.slug).path + "?organization=\(organization.id!.uuidString)")), .text("Reporting"))),
            .div(.class("page-head"),
                .h1(.text("\(period.description) report"), .span(.class("meta"), .text(" · \(organization.name)"))),
                statusBadge(status, state: periodState)),
            noticeBanner(notice, chrome.t),
            .p(.a(.href(SiteURL.report(slug: access.slug, organization: organization.id!, period: period.key).path + "/template.csv"),
                  .text("Download this period as a CSV file")), .text(" (fill it in and import it, or keep it as a record).")),
            .if(status == .returned && !(submission?.reviewComment.isEmpty ?? true),
                .div(.class("alert alert-info"), .p(.strong(.text("The backbone returned this report: ")), .text(submission?.reviewComment ?? "")))),
            topMessages(),
            .if(periodState == .locked && access.can(.reviewReports),
                .form(.class("panel inline-form"), .method(.post),
                      .action(SiteURL.report(slug: access.slug, organization: organization.id!, period: period.key).path + "/exception"),
                      csrfField(chrome.csrfToken),
                      .p(.text("This period is locked. To let \(organization.name) change it, allow changes until:")),
                      .label(.for("until"), .class("visually-hidden"), .text("Allow changes until")),
                      .input(.type(.date), .id("until"), .name("until"), .required(true)),
                      .button(.type(.submit), .class("button small"), .text("Allow changes")))),
            .if(assigned.isEmpty, .div(.class("panel empty"), .p(.text("Nothing to report for \(period.description)."))) ),
            .if(!assigned.isEmpty, .form(.method(.post),
                .action(SiteURL.report(slug: access.slug, organization: organization.id!, period: period.key).path),
                csrfField(chrome.csrfToken),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(String(submission?.revision ?? 0)))),
                .forEach(assigned) { indicatorSection($0) },
                .if(editable, .div(.class("actions sticky-actions"),
                    .button(.type(.submit), .name("action"), .value("save"), .class("button"), .text("Save draft")),
                    .button(.type(.submit), .name("action"), .value("submit"), .class("button primary"), .text("Submit for review")))))),
            after)
    }

    private func topMessages() -> Node<HTML.BodyContext> {
        let general = ["period", "revision", "status"].compactMap { errors[$0] }
        let count = errors.count - general.count
        return .group(
            .forEach(general) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .if(count > 0, .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"),
                                .p(.strong(.text(count == 1 ? "One figure needs attention; it is marked below." : "\(count) figures need attention; they are marked below."))))))
    }

    private func value(_ field: String, _ stored: Double?) -> String {
        if let typed { return typed[field] ?? "" }
        return stored.map(MeasurementText.plain) ?? ""
    }

    private func indicatorSection(_ item: AssignedIndicator) -> Node<HTML.FormContext> {
        let id = item.id.uuidString
        let definition = item.version.definition
        let report = stored[item.id] ?? IndicatorReport(total: ValueEntry())
        let comment = typed?["\(id).comment"] ?? report.comment
        return .fieldset(.class("panel indicator-entry"),
            .element(named: "legend", text: "\(item.indicator.name) (\(definition.unit.description))"),
            .p(.class("hint"), .text(definition.definition)),
            .p(.class("meta"), .text("Last period: \(MeasurementText.number(previous[item.id]))")),
            .unwrap(errors["\(id).total"]) { .p(.class("field-error"), .text($0)) },
            entryFields("\(id).total", "Total", report.total, definition),
            .forEach(item.dimensions) { dimension in
                .div(.class("breakdown"),
                    .h2(.class("breakdown-title"), .text("By \(dimension.name.lowercased())")),
                    .unwrap(errors["\(id).cell.\(dimension.key)"]) { .p(.class("field-error"), .id(escapedAttribute("\(id)-\(dimension.key)-error")), .text($0)) },
                    .div(.class("cell-grid"), .forEach(dimension.categories) { category in
                        entryFields("\(id).cell.\(dimension.key).\(category.key)", category.label,
                                    report.cells[dimension.key]?[category.key] ?? ValueEntry(), definition)
                    }))
            },
            .unwrap(warnings["\(id).total.value"]) { .p(.class("alert alert-info"), .text($0)) },
            editable ? Field.textArea("\(id).comment", "Comment", value: comment, error: errors["\(id).comment"],
                                      hint: "Optional. Say what is unusual or how the figure was counted.")
                     : .if(!comment.isEmpty, .p(.strong(.text("Comment: ")), .text(comment))))
    }

    /// The inputs of one figure: a value, numerator and denominator for ratios, a weight for weighted means.
    private func entryFields(_ prefix: String, _ label: String, _ stored: ValueEntry, _ definition: IndicatorDefinition) -> Node<HTML.FormContext> {
        var parts: [(String, String, Double?)] = []
        if definition.isRatio {
            parts = [("numerator", definition.numeratorDefinition ?? "Numerator", stored.numerator),
                     ("denominator", definition.denominatorDefinition ?? "Denominator", stored.denominator)]
        } else {
            parts = [("value", "Value", stored.value)]
            if definition.aggregation == .weightedMean { parts.append(("weight", definition.weightDefinition ?? "Weight", stored.weight)) }
        }
        let single = parts.count == 1
        return .div(.class(single ? "entry" : "entry entry-ratio"),
            .if(!single, .p(.class("entry-label"), .text(label))),
            .forEach(parts) { part, partLabel, storedValue in
                let name = "\(prefix).\(part)"
                let error = errors[name]
                return .div(.class(error == nil ? "field number-field" : "field number-field has-error"),
                    single ? .label(.for(escapedAttribute(name)), .text(label))
                           : .label(.for(escapedAttribute(name)), .span(.class("visually-hidden"), .text("\(label): ")), .text(partLabel.prefix(1).uppercased() + partLabel.dropFirst())),
                    .unwrap(error) { .p(.class("field-error"), .id(escapedAttribute("\(name)-error")), .text($0)) },
                    .input(.type(.text), .id(escapedAttribute(name)), .name(escapedAttribute(name)), .value(escapedAttribute(value(name, storedValue))),
                           .attribute(named: "inputmode", value: "decimal"), .attribute(named: "autocomplete", value: "off"),
                           .readonly(!editable),
                           .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
                           .attribute(named: "aria-describedby", value: escapedAttribute(ifAny: error == nil ? nil : "\(name)-error"))))
            })
    }
}
