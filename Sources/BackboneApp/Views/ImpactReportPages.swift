import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The initiative's impact reports: released ones for every member, drafts for the backbone.
struct ImpactReportsPage {
    let access: InitiativeAccess
    let reports: [ImpactReportModel]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("impact.title"), chrome,
            .div(.class("page-head"), .h1(.text(t("impact.title"))),
                 .if(access.can(.composeImpactReports), .a(.class("button"), .href(SiteURL.newImpactReport(slug: access.slug).path), .text(t("impact.new"))))),
            noticeBanner(notice, t),
            .p(.class("lead"), .text(t("impact.lead"))),
            .if(reports.isEmpty, .div(.class("panel empty"), .p(.text(t(access.can(.composeImpactReports) ? "impact.noneBackbone" : "impact.none"))))),
            .if(!reports.isEmpty, tableFrame(.table(.class("table"),
                .caption(.text(t("impact.count", ["count": t.count(reports.count)]))),
                .thead(.tr(.th(.text(t("impact.reportTitle"))), .th(.text(t("impact.audience"))), .th(.text(t("impact.span"))),
                           .th(.text(t("impact.status"))))),
                .tbody(.forEach(reports) { report in
                    .tr(.td(.data(named: "label", value: escapedAttribute(t("impact.reportTitle"))),
                            .a(.href(SiteURL.impactReport(slug: access.slug, id: report.id!).path), .text(report.title))),
                        .td(.data(named: "label", value: escapedAttribute(t("impact.audience"))), .text(report.parsedAudience.title(t))),
                        .td(.data(named: "label", value: escapedAttribute(t("impact.span"))), .text(spanText(report.fromPeriod, report.toPeriod, t))),
                        .td(.data(named: "label", value: escapedAttribute(t("impact.status"))), statusText(report, chrome)))
                })))))
    }

    private func statusText(_ report: ImpactReportModel, _ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        guard let released = report.releasedAt else { return .span(.class("status status-muted"), .text(t("impactStatus.draft"))) }
        return .group(.span(.class("status status-ok"), .text(t("impactStatus.released"))), .text(" " + t.day(released, in: chrome.zone)),
                      .if(report.supersededBy != nil, .group(.br(), .span(.class("meta"), .text(t("impact.superseded"))))))
    }
}

/// "Q1 2026 – Q2 2026", or one period when both ends are the same.
func spanText(_ from: String, _ to: String, _ t: Texts) -> String {
    let first = ReportingPeriod(key: from).map(t.period) ?? from, last = ReportingPeriod(key: to).map(t.period) ?? to
    return from == to ? first : "\(first) – \(last)"
}

/// Composing a report: title, audience, span, the sections in their places, the headline
/// indicators and the backbone's own words.
struct ImpactReportFormPage {
    let access: InitiativeAccess
    let report: ImpactReportModel?
    let plan: ImpactReportPlan
    let indicators: [IndicatorListing]
    let errors: [String: String]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let title = report == nil ? t("impact.new") : t("impact.edit")
        let action = report.map { SiteURL.impactReportStep(slug: access.slug, id: $0.id!, step: .edit).path } ?? SiteURL.impactReports(slug: access.slug).path
        var periods = Self.periodChoices(now: Date(), t)
        for key in [plan.from, plan.to] where !key.isEmpty && !periods.contains(where: { $0.value == key }) {
            periods.append((key, ReportingPeriod(key: key).map(t.period) ?? key))
        }
        let places = (1...ImpactSectionKind.allCases.count).map { (value: String($0), label: t("impact.place", ["number": t.count($0)])) }
        return Layout.page(title, chrome,
            .h1(.text(title)),
            errorSummary(errors),
            .form(.method(.post), .action(escapedAttribute(action)), .class("stack"),
                csrfField(chrome.csrfToken),
                .unwrap(report) { .input(.type(.hidden), .name("revision"), .value(escapedAttribute(String($0.revision)))) },
                Field.text("title", t("impact.reportTitle"), value: plan.title, error: errors["title"]),
                Field.select("audience", t("impact.audience"), options: ImpactAudience.allCases.map { ($0.rawValue, $0.title(t)) },
                             selected: plan.audience.rawValue, error: errors["audience"]),
                .div(.class("field-row"),
                     Field.select("from", t("impact.from"), options: periods, selected: plan.from, error: errors["from"]),
                     Field.select("to", t("impact.to"), options: periods, selected: plan.to, error: errors["to"])),
                .fieldset(.element(named: "legend", text: t("impact.sections")),
                    .p(.class("hint"), .text(t("impact.sectionsHint"))),
                    .unwrap(errors["sections"]) { .p(.class("field-error"), .text($0)) },
                    .div(.class("section-places"), .forEach(ImpactSectionKind.allCases) { kind in
                        let place = plan.sections.firstIndex(of: kind).map { String($0 + 1) } ?? ""
                        return Field.select("place\(Self.fieldSuffix(kind))", kind.title(t), options: places, selected: place,
                                            error: errors["place\(Self.fieldSuffix(kind))"], required: false, emptyLabel: t("impact.leaveOut"))
                    })),
                .fieldset(.element(named: "legend", text: t("impact.headlineIndicators")),
                    .p(.class("hint"), .text(t("impact.headlineHint", ["count": t.count(ImpactReportPlan.maxHeadline)]))),
                    .unwrap(errors["headlineIndicators"]) { .p(.class("field-error"), .text($0)) },
                    .if(indicators.isEmpty, .p(.text(t("impact.noIndicators")))),
                    .div(.class("cell-grid"), .forEach(indicators) { entry in
                        let id = entry.indicator.id!.uuidString
                        return .div(.class("check"),
                                    .input(.type(.checkbox), .name("headline[]"), .id(escapedAttribute("headline-\(id)")), .value(escapedAttribute(id)),
                                           .attribute(named: "checked", value: plan.headlineIndicators.contains(entry.indicator.id!) ? "checked" : nil)),
                                    .label(.for(escapedAttribute("headline-\(id)")), .text(entry.indicator.shownName)))
                    })),
                Field.textArea("context", ImpactSectionKind.context.title(t), value: plan.context, error: errors["context"], hint: t("impact.contextHint")),
                Field.textArea("nextSteps", ImpactSectionKind.nextSteps.title(t), value: plan.nextSteps, error: errors["nextSteps"], hint: t("impact.nextStepsHint")),
                .button(.type(.submit), .class("button"), .text(t("impact.saveDraft")))))
    }

    /// The form field of a section's place (`placeNextSteps`), as `Form` decodes it.
    static func fieldSuffix(_ kind: ImpactSectionKind) -> String {
        kind == .nextSteps ? "NextSteps" : kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
    }

    /// Quarters of the last three years and the years themselves, newest first.
    static func periodChoices(now: Date, _ t: Texts) -> [(value: String, label: String)] {
        let quarter = ReportingPeriod.containing(now, frequency: .quarterly)
        let year = ReportingPeriod.containing(now, frequency: .annual)
        return (0..<12).map { quarter.shifted(by: -$0) }.map { ($0.key, t.period($0)) }
            + (0..<3).map { year.shifted(by: -$0) }.map { ($0.key, t.period($0)) }
    }
}
