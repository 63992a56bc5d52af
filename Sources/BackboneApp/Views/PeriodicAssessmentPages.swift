import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The periodic assessments: shared ones for the steering committee, drafts for the backbone.
struct PeriodicListPage {
    let access: InitiativeAccess
    let assessments: [PeriodicAssessmentModel]
    let current: ReportingPeriod

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let started = assessments.contains { $0.quarter == current.key }
        return Layout.page(t("periodic.title"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.assessments(slug: access.slug).path), .text(t("assessment.title")))),
            .div(.class("page-head"), .h1(.text(t("periodic.title"))),
                 .if(access.can(.manageAssessments) && !started,
                     .a(.class("button"), .href(SiteURL.periodicAssessment(slug: access.slug, quarter: current.key).path),
                        .text(t("periodic.write", ["quarter": t.period(current)]))))),
            .p(.class("lead"), .text(t("periodic.lead"))),
            assessments.isEmpty ? .div(.class("panel empty"), .p(.text(t("periodic.none"))))
                : .ul(.class("plain-list panel"), .forEach(assessments) { assessment in
                    .li(.a(.href(SiteURL.periodicAssessment(slug: access.slug, quarter: assessment.quarter).path),
                           .text(ReportingPeriod(key: assessment.quarter).map(t.period) ?? assessment.quarter)),
                        .text(" · "),
                        .span(.class(assessment.parsedStatus == .shared ? "status status-ok" : "status status-muted"), .text(assessment.parsedStatus.title(t))),
                        .unwrap(assessment.sharedAt) { .text(" " + t.day($0, in: chrome.zone)) })
                }))
    }
}

/// One quarter's periodic assessment: a review per working group, with the backbone's judgement
/// (a form while it is a draft; frozen once shared).
struct PeriodicAssessmentPage {
    let access: InitiativeAccess
    let content: PeriodicAssessmentContent
    let stored: PeriodicAssessmentModel?
    let editable: Bool
    let errors: [String: String]
    let notice: Notice?

    private var t: Texts { .current }

    private func figure(_ value: Double?, percent: Bool) -> String {
        value.map { t.number(($0 * 10).rounded() / 10) + (percent ? "%" : "") } ?? "—"
    }

    func render(_ chrome: Chrome) -> HTML {
        let quarter = ReportingPeriod(key: content.quarter).map(t.period) ?? content.quarter
        let title = t("periodic.pageTitle", ["quarter": quarter])
        return Layout.page(title, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.periodicAssessments(slug: access.slug).path), .text(t("periodic.title")))),
            .h1(.text(title)),
            noticeBanner(notice, t),
            errorSummary(errors, listing: errors.keys.contains { !$0.hasPrefix("judgement.") && !$0.hasPrefix("note.") }),
            .p(.class("lead"), .text(t(editable ? "periodic.draftLead" : "periodic.sharedLead"))),
            .unwrap(stored?.sharedAt) { .p(.class("meta"), .text(t("periodic.sharedOn", ["day": t.day($0, in: chrome.zone)]))) },
            .if(content.groups.isEmpty, .div(.class("panel empty"), .p(.text(t("error.periodicNoGroups"))))),
            editable
                ? .form(.method(.post), .action(SiteURL.periodicAssessment(slug: access.slug, quarter: content.quarter).path), .class("stack"),
                        csrfField(chrome.csrfToken),
                        .input(.type(.hidden), .name("revision"), .value(escapedAttribute(stored.map { String($0.revision) } ?? ""))),
                        .forEach(content.groups) { group in
                            .section(.class("panel group-review"), .attribute(named: "aria-labelledby", value: escapedAttribute("group-\(group.bodyID.uuidString)")), review(group))
                        },
                        .div(.class("actions"),
                            .button(.type(.submit), .name("intent"), .value("save"), .class("button"), .text(t("periodic.save"))),
                            .button(.type(.submit), .name("intent"), .value("share"), .class("button primary"), .text(t("periodic.share")))))
                : .forEach(content.groups) { group in
                    .section(.class("panel group-review"), .attribute(named: "aria-labelledby", value: escapedAttribute("group-\(group.bodyID.uuidString)")), review(group))
                })
    }

    /// What a group's section holds (the section itself is made where it is placed: a form or the page).
    private func review(_ group: GroupReview) -> Node<HTML.BodyContext> {
        let id = group.bodyID.uuidString
        return .group(
            .h2(.id(escapedAttribute("group-\(id)")), .text(group.name)),
            .dl(.class("facts"),
                .dt(.text(t("periodic.cycle"))),
                .dd(.text(group.cycleStage.map { t("periodic.cycleAt", ["step": $0.title]) } ?? t("periodic.noCycle")),
                    .forEach(CycleStep.allCases.filter { group.cycleNotes[$0.rawValue] != nil }) { step in
                        .p(.class("meta"), .text("\(step.title): \(group.cycleNotes[step.rawValue] ?? "")"))
                    }),
                .dt(.text(t("periodic.activities"))),
                .dd(.text(ActivityPace.allCases.map { "\($0.title): \(t.count(group.count($0)))" }.joined(separator: " · ")),
                    .ul(.forEach(group.activities.filter { $0.pace == .late || $0.pace == .stalled }) { line in
                        .li(.span(.class(line.pace == .stalled ? "status status-bad" : "status status-warn"), .text(line.pace.title)),
                            .text(" \(line.description) · \(line.partner)" + (line.pace == .late ? line.endsOn.map { " · " + t("periodic.endsOn", ["day": $0]) } ?? "" : "")))
                    })),
                .dt(.text(t("periodic.assessment"))),
                .dd(group.assessmentTitle == nil ? .text(t("periodic.noAssessment"))
                    : .group(.text(t("periodic.assessmentOf", ["title": group.assessmentTitle ?? "", "count": t.count(group.assessmentRespondents)])),
                             .ul(.forEach(group.assessmentSections) { line in
                                 .li(.text(t("periodic.assessmentLine", ["name": line.name(), "mean": t.score(line.mean), "band": ScoreBand(mean: line.mean).title])))
                             }))),
                .dt(.text(t("periodic.openActions"))),
                .dd(group.openActions.isEmpty ? .text(t("periodic.noActions"))
                    : .ul(.forEach(group.openActions) { .li(.text("\($0.text) · \($0.owner) · \(t("periodic.due", ["day": $0.dueOn]))")) }))),
            indicators(group),
            judgement(group))
    }

    private func indicators(_ group: GroupReview) -> Node<HTML.BodyContext> {
        guard !group.indicators.isEmpty else { return .p(.class("meta"), .text(t("periodic.noIndicators"))) }
        func label(_ key: String) -> Node<HTML.BodyContext> { .data(named: "label", value: escapedAttribute(t(key))) }
        return tableFrame(.table(.class("table results-table"),
            .caption(.text(t("periodic.indicatorsCaption", ["group": group.name]))),
            .thead(.tr(.th(.text(t("periodic.indicator"))), .th(.text(t("periodic.latest"))), .th(.text(t("periodic.previous"))),
                       .th(.text(t("periodic.status"))), .th(.text(t("periodic.groupPartners"))))),
            .tbody(.forEach(group.indicators) { line in
                .tr(.td(label("periodic.indicator"), .a(.href(SiteURL.indicator(slug: access.slug, id: line.indicatorID).path), .text(line.name))),
                    .td(label("periodic.latest"), .text(figure(line.latest, percent: line.isPercent)),
                        .unwrap(line.period.flatMap(ReportingPeriod.init(key:))) { .span(.class("meta"), .text(" · " + t.period($0))) }),
                    .td(label("periodic.previous"), .text(figure(line.previous, percent: line.isPercent))),
                    .td(label("periodic.status"), .text(line.status?.title ?? t("targetStatus.no_data"))),
                    .td(label("periodic.groupPartners"), .text(figure(line.groupFigure, percent: line.isPercent)),
                        .span(.class("meta"), .text(" · " + t("periodic.partnersCounted", ["count": t.count(line.groupSources)])))))
            })))
    }

    private func judgement(_ group: GroupReview) -> Node<HTML.BodyContext> {
        let id = group.bodyID.uuidString
        guard editable else {
            return .div(.class("judgement"),
                .p(.strong(.text(t("periodic.judgement") + ": ")), .text(group.judgement?.title ?? t("periodic.notJudged"))),
                .if(!group.note.isEmpty, .p(.text(group.note))))
        }
        return .fieldset(.class("judgement"), .id(escapedAttribute("judgement.\(id)")),
            .element(named: "legend", text: t("periodic.judgementOf", ["group": group.name])),
            .unwrap(errors["judgement.\(id)"]) { .p(.class("field-error"), .text($0)) },
            .div(.class("checks"), .forEach(GroupJudgement.allCases) { choice in
                .label(.input(.type(.radio), .name(escapedAttribute("judgement[\(id)]")), .value(escapedAttribute(choice.rawValue)),
                              .attribute(named: "checked", value: group.judgement == choice ? "checked" : nil)), .text(" " + choice.title))
            }),
            .label(.for(escapedAttribute("note-\(id)")), .text(t("periodic.note"))),
            .unwrap(errors["note.\(id)"]) { .p(.class("field-error"), .text($0)) },
            .textarea(.id(escapedAttribute("note-\(id)")), .name(escapedAttribute("note[\(id)]")), .attribute(named: "rows", value: "3"), .text(group.note)))
    }
}
