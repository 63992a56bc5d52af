import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The assessments page: the rounds asking the person, every round with its state, and for the
/// backbone the ways to open a round and edit the templates.
struct AssessmentListPage {
    let desk: AssessmentDesk
    let asking: Set<UUID>
    let mine: [UUID: AssessmentResponseModel]
    let counts: [UUID: (submitted: Int, drafts: Int)]
    let notice: Notice?

    private var access: InitiativeAccess { desk.access }
    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        let open = desk.rounds.filter { asking.contains($0.id!) && $0.state(on: desk.today) == .open }
        return Layout.page(t("assessment.title"), chrome,
            .div(.class("page-head"), .h1(.text(t("assessment.title"))),
                 .if(access.can(.manageAssessments), .a(.class("button"), .href(SiteURL.assessmentNew(slug: access.slug).path), .text(t("assessment.openRound"))))),
            noticeBanner(notice, t),
            .p(.class("lead"), .text(t("assessment.lead"))),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "asking-title"),
                .h2(.id("asking-title"), .text(t("assessment.askingYou"))),
                open.isEmpty ? .p(.text(t("assessment.nothingAsked")))
                    : .ul(.class("plain-list"), .forEach(open) { round in
                        .li(.a(.href(SiteURL.assessmentRound(slug: access.slug, id: round.id!).path), .text(round.title)),
                            .text(" · " + t("assessment.closesOn", ["day": t.day(round.lastDay.start, in: .gmt)]) + " · "),
                            mineBadge(round))
                    })),
            .if(access.can(.viewPeriodicAssessments) || access.can(.manageAssessments),
                .p(.a(.href(SiteURL.periodicAssessments(slug: access.slug).path), .text(t("periodic.title"))))),
            roundsTable(),
            .if(access.can(.manageAssessments), templatesPanel()))
    }

    private func mineBadge(_ round: AssessmentRoundModel) -> Node<HTML.BodyContext> {
        guard let response = mine[round.id!] else { return .span(.class("status status-muted"), .text(t("assessment.notStarted"))) }
        return .span(.class(response.parsedStatus == .submitted ? "status status-ok" : "status status-info"), .text(response.parsedStatus.title))
    }

    private func roundsTable() -> Node<HTML.BodyContext> {
        guard !desk.rounds.isEmpty else { return .div(.class("panel empty"), .p(.text(t("assessment.noRounds")))) }
        func label(_ key: String) -> Node<HTML.BodyContext> { .data(named: "label", value: escapedAttribute(t(key))) }
        return tableFrame(.table(.class("table"),
            .caption(.text(t("assessment.rounds"))),
            .thead(.tr(.th(.text(t("assessment.round"))), .th(.text(t("assessment.kind"))), .th(.text(t("assessment.days"))),
                       .th(.text(t("assessment.state"))), .th(.text(t("assessment.handedIn"))), .th(.text(t("assessment.results"))))),
            .tbody(.forEach(desk.rounds) { round in
                let state = round.state(on: desk.today)
                return .tr(
                    .td(label("assessment.round"), .a(.href(SiteURL.assessmentRound(slug: access.slug, id: round.id!).path), .text(round.title))),
                    .td(label("assessment.kind"), .text(round.parsedKind.title)),
                    .td(label("assessment.days"), .text("\(t.day(round.firstDay.start, in: .gmt)) – \(t.day(round.lastDay.start, in: .gmt))")),
                    .td(label("assessment.state"), .span(.class(state == .open ? "status status-info" : "status status-muted"), .text(state.title))),
                    .td(label("assessment.handedIn"), .text(t.count(counts[round.id!]?.submitted ?? 0))),
                    .td(label("assessment.results"), state == .closed
                        ? .a(.href(SiteURL.assessmentResults(slug: access.slug, id: round.id!).path), .text(t("assessment.seeResults")))
                        : .text(t("assessment.resultsAfterClose"))))
            })))
    }

    private func templatesPanel() -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "templates-title"),
            .h2(.id("templates-title"), .text(t("assessment.templates"))),
            .p(.text(t("assessment.templatesLead"))),
            .ul(.forEach(AssessmentKind.allCases) { kind in
                .li(.a(.href(SiteURL.assessmentTemplate(slug: access.slug, kind: kind).path), .text(kind.title)))
            }))
    }
}

/// Opening a round: which questionnaire, who is asked, the days, the smallest group shown.
struct NewRoundPage {
    let access: InitiativeAccess
    let bodies: [GovernanceBodyModel]
    let form: AssessmentController.RoundForm
    let errors: [String: String]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let roles = Set(form.roles ?? []), chosenBodies = Set(form.bodies ?? [])
        return Layout.page(t("assessment.openRound"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.assessments(slug: access.slug).path), .text(t("assessment.title")))),
            .h1(.text(t("assessment.openRound"))),
            errorSummary(errors),
            .form(.method(.post), .action(SiteURL.assessments(slug: access.slug).path), .class("stack"),
                csrfField(chrome.csrfToken),
                Field.text("title", t("assessment.roundTitle"), value: form.title ?? "", error: errors["title"]),
                Field.select("kind", t("assessment.kind"), options: AssessmentKind.allCases.map { ($0.rawValue, $0.title) }, selected: form.kind ?? "",
                             error: errors["kind"]),
                .div(.class("field-row"),
                    Field.text("opensOn", t("assessment.opensOn"), value: form.opensOn ?? "", error: errors["opensOn"], Field.Options(type: .date)),
                    Field.text("closesOn", t("assessment.closesOnField"), value: form.closesOn ?? "", error: errors["closesOn"], Field.Options(type: .date))),
                Field.text("threshold", t("assessment.threshold"), value: form.threshold ?? "", error: errors["threshold"],
                           Field.Options(type: .number, hint: t("assessment.thresholdHint"))),
                .fieldset(.id("audience"),
                    .element(named: "legend", text: t("assessment.audience")),
                    .p(.class("hint"), .text(t("assessment.audienceHint"))),
                    .unwrap(errors["audience"]) { .p(.class("field-error"), .id("audience-error"), .text($0)) },
                    .p(.class("meta"), .text(t("assessment.byRole"))),
                    .div(.class("checks"), .forEach(Role.allCases) { role in
                        .label(.input(.type(.checkbox), .name("roles[]"), .value(escapedAttribute(role.rawValue)),
                                      .attribute(named: "checked", value: roles.contains(role.rawValue) ? "checked" : nil)), .text(" " + role.title))
                    }),
                    .if(!bodies.isEmpty, .p(.class("meta"), .text(t("assessment.byBodySeat")))),
                    .if(!bodies.isEmpty, .div(.class("checks"), .forEach(bodies) { body in
                        .label(.input(.type(.checkbox), .name("bodies[]"), .value(escapedAttribute(body.id!.uuidString)),
                                      .attribute(named: "checked", value: chosenBodies.contains(body.id!.uuidString) ? "checked" : nil)), .text(" " + body.name))
                    }))),
                .button(.type(.submit), .class("button primary"), .text(t("assessment.openRoundSubmit")))))
    }
}

/// The backbone's edit of a template: each section's statements, one per line, in both languages.
struct TemplatePage {
    let access: InitiativeAccess
    let template: AssessmentTemplate
    let stored: Bool
    let posted: AssessmentController.TemplateForm?
    let errors: [String: String]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let title = t("assessment.templateTitle", ["kind": template.kind.title])
        return Layout.page(title, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.assessments(slug: access.slug).path), .text(t("assessment.title")))),
            .h1(.text(title)),
            noticeBanner(notice, t),
            errorSummary(errors),
            .p(.class("lead"), .text(t("assessment.templateLead", ["version": t.count(template.version)]))),
            .form(.method(.post), .action(SiteURL.assessmentTemplate(slug: access.slug, kind: template.kind).path), .class("stack"),
                csrfField(chrome.csrfToken),
                .forEach(Array(template.sections.enumerated())) { index, section in
                    let english = posted?.en?[String(index)] ?? section.questions.map(\.statement.en).joined(separator: "\n")
                    let spanish = posted?.es?[String(index)] ?? section.questions.map(\.statement.es).joined(separator: "\n")
                    return .fieldset(.id(escapedAttribute("section.\(section.key)")),
                        .element(named: "legend", text: section.name),
                        .unwrap(errors["section.\(section.key)"]) { .p(.class("field-error"), .text($0)) },
                        Field.textArea("en[\(index)]", t("assessment.statementsEnglish"), value: english, error: nil),
                        Field.textArea("es[\(index)]", t("assessment.statementsSpanish"), value: spanish, error: nil))
                },
                .button(.type(.submit), .class("button primary"), .text(t("assessment.saveTemplate")))))
    }
}
