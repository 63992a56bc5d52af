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
        let t = chrome.t
        return Layout.page(t("nav.reporting"), chrome,
            .div(.class("page-head"),
                .h1(.text(t("reporting.for", ["organization": organization.name]))),
                .if(access.can(.reportForAnyPartner) || access.can(.reportForOwnOrganization),
                    .a(.class("button"), .href(SiteURL.reporting(slug: access.slug).path + "/import"), .text(t("reporting.importCSV"))))),
            .if(access.can(.reportForAnyPartner) || access.can(.reviewReports),
                .form(.class("inline-form picker"), .method(.get), .action(SiteURL.reporting(slug: access.slug).path),
                    .label(.for("organization"), .text(t("reporting.partner"))),
                    .element(named: "select", nodes: [Node<HTML.SelectContext>.attribute(named: "id", value: "organization"),
                                                      .attribute(named: "name", value: "organization")]
                             + organizations.map { org in
                                 .element(named: "option", nodes: [.attribute(named: "value", value: escapedAttribute(org.id!.uuidString)),
                                                                   .if(org.id == organization.id, .attribute(named: "selected")),
                                                                   .text(org.name)])
                             }),
                    .button(.type(.submit), .class("button small"), .text(t("reporting.show"))))),
            .if(rows.isEmpty, .div(.class("panel empty"), .p(.text(t("reporting.nothingYet", ["organization": organization.name]))))),
            .if(!rows.isEmpty, tableFrame(.table(.class("table"),
                .caption(.text(t("reporting.recent"))),
                .thead(.tr(.th(.text(t("reporting.period"))), .th(.class("num"), .text(t("nav.indicators"))), .th(.text(t("reporting.due"))), .th(.text(t("account.status"))))),
                .tbody(.forEach(rows) { row in
                    .tr(.td(.a(.href(SiteURL.report(slug: access.slug, organization: organization.id!, period: row.period.key).path),
                               .text(t.period(row.period))),
                           .span(.class("meta nowrap"), .text(" · " + t("reporting.ends", ["day": t.day(row.period.end, in: .gmt)])))),
                        .td(.class("num"), .text(t.count(row.indicatorCount))),
                        .td(.class("nowrap"), .text(t.day(row.dueDate, in: .gmt))),
                        .td(statusBadge(row.status, state: row.state)))
                })))))
    }
}

/// Reporting in an initiative without partners yet: what comes first, with the way there.
struct ReportingStartPage {
    let access: InitiativeAccess

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let manages = access.can(.createPartner)
        return Layout.page(t("nav.reporting"), chrome,
            .h1(.text(t("nav.reporting"))),
            .div(.class("panel empty"),
                .p(.text(t("reporting.noPartnersYet"))),
                .if(manages, .ol(
                    .li(.a(.href(SiteURL.partnerNew(slug: access.slug).path), .text(t("reporting.firstAddPartners")))),
                    .li(.a(.href(SiteURL.indicatorCatalog(slug: access.slug).path), .text(t("reporting.thenAdoptIndicators")))),
                    .li(.text(t("reporting.thenAssign"))))),
                .if(!manages, .p(.text(t("reporting.askBackboneToStart"))))))
    }
}

/// Status in words and colour (never colour alone).
func statusBadge<C: HTMLContext>(_ status: SubmissionStatus?, state: ReportingCalendar.State) -> Node<C> {
    let (key, style): (String, String) = switch (status, state) {
    case (.approved?, _): ("approved", "ok")
    case (.submitted?, _): ("submitted", "info")
    case (.returned?, _): ("returned", "warn")
    case (_, .overdue): (status == .draft ? "draftOverdue" : "overdue", "bad")
    case (_, .locked): ("locked", "muted")
    case (_, .notYetOpen): ("notYetOpen", "muted")
    case (.draft?, _): ("draft", "info")
    default: ("notStarted", "muted")
    }
    return .element(named: "span", nodes: [.class(escapedAttribute("status status-\(style)")), .text(Texts.current("reportStatus.\(key)"))])
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
        let t = chrome.t
        return Layout.page("\(organization.name): \(t.period(period))", chrome,
            .p(.class("breadcrumb"), .a(.href(escapedAttribute(SiteURL.reporting(slug: access.slug).path + "?organization=\(organization.id!.uuidString)")), .text(t("nav.reporting")))),
            .div(.class("page-head"),
                .h1(.text(t("report.heading", ["period": t.period(period)])), .span(.class("meta"), .text(" · \(organization.name)"))),
                statusBadge(status, state: periodState)),
            noticeBanner(notice, chrome.t),
            .p(.a(.href(SiteURL.report(slug: access.slug, organization: organization.id!, period: period.key).path + "/template.csv"),
                  .text(t("report.download"))), .text(" " + t("report.downloadWhy"))),
            .if(status == .returned && !(submission?.reviewComment.isEmpty ?? true),
                .div(.class("alert alert-info"), .p(.strong(.text(t("report.returnedBy") + " ")), .text(submission?.reviewComment ?? "")))),
            topMessages(),
            .if(periodState == .locked && access.can(.reviewReports),
                .form(.class("panel inline-form"), .method(.post),
                      .action(SiteURL.report(slug: access.slug, organization: organization.id!, period: period.key).path + "/exception"),
                      csrfField(chrome.csrfToken),
                      .p(.text(t("report.lockedAllow", ["organization": organization.name]))),
                      .label(.for("until"), .class("visually-hidden"), .text(t("report.allowUntil"))),
                      .input(.type(.date), .id("until"), .name("until"), .required(true)),
                      .button(.type(.submit), .class("button small"), .text(t("report.allow"))))),
            .if(assigned.isEmpty, .div(.class("panel empty"), .p(.text(t("report.nothing", ["period": t.period(period)])))) ),
            .if(!assigned.isEmpty, .form(.method(.post), .data(named: "report", value: "figures"),
                .action(SiteURL.report(slug: access.slug, organization: organization.id!, period: period.key).path),
                csrfField(chrome.csrfToken),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(String(submission?.revision ?? 0)))),
                .forEach(assigned) { indicatorSection($0) },
                // A period still running may be submitted (a partner may know its final figures
                // early), but the person is told before they do.
                .if(editable && period.end > Date(), .p(.class("alert alert-info"), .text(t("report.notEnded", ["day": t.day(period.end, in: .gmt)])))),
                .if(editable, .div(.class("actions sticky-actions"),
                    .button(.type(.submit), .name("action"), .value("save"), .class("button"), .text(t("report.saveDraft"))),
                    .button(.type(.submit), .name("action"), .value("submit"), .class("button primary"), .text(t("report.submit"))))))),
            .if(editable && !assigned.isEmpty, .script(.src(SiteURL.reportScript.path), .attribute(named: "defer"))),
            after)
    }

    private func topMessages() -> Node<HTML.BodyContext> {
        let general = ["period", "revision", "status"].compactMap { errors[$0] }
        let count = errors.count - general.count
        return .group(
            .forEach(general) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .if(count > 0, .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"),
                                .p(.strong(.text(count == 1 ? Texts.current("report.attentionOne") : Texts.current("report.attentionMany", ["count": Texts.current.count(count)])))))))
    }

    private func value(_ field: String, _ stored: Double?) -> String {
        if let typed { return typed[field] ?? "" }
        return stored.map(MeasurementText.plain) ?? ""
    }

    private func indicatorSection(_ item: AssignedIndicator) -> Node<HTML.FormContext> {
        let id = item.id.uuidString
        let definition = item.indicator.shown(item.version.definition)
        let report = stored[item.id] ?? IndicatorReport(total: ValueEntry())
        let comment = typed?["\(id).comment"] ?? report.comment
        let t = Texts.current
        return .fieldset(.class("panel indicator-entry"),
            .element(named: "legend", text: "\(item.indicator.shownName) (\(t.unit(definition.unit)))"),
            .p(.class("hint"), .text(definition.definition)),
            .p(.class("meta"), .text(t("report.lastPeriod", ["value": previous[item.id].map(t.number) ?? "—"]))),
            .unwrap(errors["\(id).total"]) { .p(.class("field-error"), .text($0)) },
            entryFields("\(id).total", t("report.total"), report.total, definition),
            .forEach(item.dimensions.map { $0.localized(t) }) { dimension in
                // A breakdown is a group of its own: its name is the legend every cell is read with,
                // and its error (the cells do not add up) is tied to each cell.
                let errorID = "\(id)-\(dimension.key)-error"
                let error = errors["\(id).cell.\(dimension.key)"]
                return .fieldset(.class("breakdown"),
                    .element(named: "legend", nodes: [.class("breakdown-title"), .text(t("report.by", ["dimension": dimension.name.lowercased()]))]),
                    .unwrap(error) { .p(.class("field-error"), .id(escapedAttribute(errorID)), .text($0)) },
                    .div(.class("cell-grid"), .forEach(dimension.categories) { category in
                        entryFields("\(id).cell.\(dimension.key).\(category.key)", category.label,
                                    report.cells[dimension.key]?[category.key] ?? ValueEntry(), definition, groupError: error == nil ? nil : errorID)
                    }),
                    runningSums(id, dimension, definition, report))
            },
            .unwrap(warnings["\(id).total.value"]) { .p(.class("alert alert-info"), .text($0)) },
            editable ? Field.textArea("\(id).comment", t("report.comment"), value: comment, error: errors["\(id).comment"],
                                      hint: t("report.commentHint"))
                     : .if(!comment.isEmpty, .p(.strong(.text(t("report.comment") + ": ")), .text(comment))))
    }

    /// "These add up to 40 of 100" below a breakdown whose cells must add up to the total, so
    /// that a person sees the gap before sending; report.js keeps it current while they type.
    private func runningSums(_ id: String, _ dimension: DisaggregationDimension, _ definition: IndicatorDefinition,
                             _ report: IndicatorReport) -> Node<HTML.FormContext> {
        let t = Texts.current
        let parts: [(String, KeyPath<ValueEntry, Double?>, String)] = switch definition.aggregation {
        case .sum, .latest: [("value", \.value, "report.runningSum")]
        case .ratio: [("numerator", \.numerator, "report.runningSumNumerators"), ("denominator", \.denominator, "report.runningSumDenominators")]
        case .weightedMean, .min, .max: []
        }
        return .forEach(parts) { part, figure, key in
            let cells = dimension.categories.map { ("\(id).cell.\(dimension.key).\($0.key).\(part)", report.cells[dimension.key]?[$0.key]?[keyPath: figure]) }
            let totalField = "\(id).total.\(part)"
            let sum = cells.compactMap { typedNumber($0.0, $0.1) }.reduce(0, +)
            let total = typedNumber(totalField, report.total[keyPath: figure])
            return .element(named: "output", nodes: [
                .class("running-sum meta"), .attribute(named: "for", value: escapedAttribute(([totalField] + cells.map(\.0)).joined(separator: " "))),
                .data(named: "sum-of", value: escapedAttribute(cells.map(\.0).joined(separator: " "))), .data(named: "total", value: escapedAttribute(totalField)),
                .data(named: "template", value: escapedAttribute(t(key, ["sum": "{sum}", "total": "{total}"]))),
                .text(t(key, ["sum": t.number(sum), "total": total.map(t.number) ?? "—"])),
            ])
        }
    }

    /// A figure as the form shows it (typed, else stored), when it reads as a number.
    private func typedNumber(_ field: String, _ stored: Double?) -> Double? {
        Double(value(field, stored).trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
    }

    private func describedBy(_ ids: String?...) -> String? {
        let present = ids.compactMap { $0 }
        return present.isEmpty ? nil : present.joined(separator: " ")
    }

    /// The inputs of one figure: a value, numerator and denominator for ratios, a weight for weighted means.
    private func entryFields(_ prefix: String, _ label: String, _ stored: ValueEntry, _ definition: IndicatorDefinition,
                             groupError: String? = nil) -> Node<HTML.FormContext> {
        let t = Texts.current
        var parts: [(String, String, Double?)] = []
        if definition.isRatio {
            parts = [("numerator", definition.numeratorDefinition ?? t("report.numerator"), stored.numerator),
                     ("denominator", definition.denominatorDefinition ?? t("report.denominator"), stored.denominator)]
        } else {
            parts = [("value", t("report.value"), stored.value)]
            if definition.aggregation == .weightedMean { parts.append(("weight", definition.weightDefinition ?? t("report.weight"), stored.weight)) }
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
                           .attribute(named: "aria-describedby", value: escapedAttribute(ifAny: describedBy(error == nil ? nil : "\(name)-error", groupError)))))
            },
            .unwrap(definition.unit.ratioScale, { scale in .if(definition.isRatio, ratioValue(prefix, stored, scale: scale, unit: definition.unit)) }))
    }

    /// The value a numerator and denominator make ("That is 45.5%"), kept current by report.js.
    private func ratioValue(_ prefix: String, _ stored: ValueEntry, scale: Double, unit: MeasurementUnit) -> Node<HTML.FormContext> {
        let t = Texts.current
        let suffix = unit == .percent ? "%" : " " + t.unit(unit)
        let value = typedNumber("\(prefix).numerator", stored.numerator).flatMap { numerator in
            typedNumber("\(prefix).denominator", stored.denominator).flatMap { $0 > 0 ? numerator / $0 * scale : nil }
        }
        return .element(named: "output", nodes: [
            .class("ratio-value meta"), .attribute(named: "for", value: escapedAttribute("\(prefix).numerator \(prefix).denominator")),
            .data(named: "ratio-of", value: escapedAttribute("\(prefix).numerator \(prefix).denominator")),
            .data(named: "scale", value: escapedAttribute(String(scale))), .data(named: "suffix", value: escapedAttribute(suffix)),
            .data(named: "template", value: escapedAttribute(t("report.ratioIs", ["value": "{value}"]))),
            .if(value == nil, .attribute(named: "hidden", value: "hidden")),
            .text(value.map { t("report.ratioIs", ["value": t.number($0) + suffix]) } ?? ""),
        ])
    }
}
