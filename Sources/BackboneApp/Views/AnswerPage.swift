import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// One round: what it asks and of whom, and the person's own answers (a form while the round
/// is open and asks them). Nobody's answers but the reader's own appear here.
struct AnswerPage {
    let desk: AssessmentDesk
    let round: AssessmentRoundModel
    let template: AssessmentTemplate
    let asked: Bool
    let response: AssessmentResponseModel?
    /// What was posted when the form comes back with problems.
    let posted: (answers: [String: AssessmentAnswer], revision: String)?
    let submitted: Int
    let errors: [String: String]
    let notice: Notice?

    private var t: Texts { .current }
    private var slug: String { desk.access.slug }
    private var state: RoundState { round.state(on: desk.today) }
    private var answers: [String: AssessmentAnswer] { posted?.answers ?? response?.answers ?? [:] }

    func render(_ chrome: Chrome) -> HTML {
        Layout.page(round.title, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.assessments(slug: slug).path), .text(t("assessment.title")))),
            .h1(.text(round.title)),
            noticeBanner(notice, t),
            // Problems of the whole round (closed, answered already) have no field to sit beside.
            errorSummary(errors, listing: errors.keys.contains { !$0.hasPrefix("answer.") }),
            facts(),
            body(chrome))
    }

    private func facts() -> Node<HTML.BodyContext> {
        .section(.class("panel"),
            .dl(.class("facts"),
                .dt(.text(t("assessment.kind"))), .dd(.text(round.parsedKind.title + " · " + t("assessment.version", ["version": t.count(desk.version(of: round))]))),
                .dt(.text(t("assessment.days"))), .dd(.text("\(t.day(round.firstDay.start, in: .gmt)) – \(t.day(round.lastDay.start, in: .gmt))")),
                .dt(.text(t("assessment.state"))), .dd(.text(state.title)),
                .dt(.text(t("assessment.audience"))), .dd(.text(audienceText())),
                .dt(.text(t("assessment.handedIn"))), .dd(.text(t.count(submitted)))),
            .p(.class("meta"), .text(t("assessment.anonymity", ["threshold": t.count(round.threshold)]))),
            .if(state == .closed, .p(.a(.class("button"), .href(SiteURL.assessmentResults(slug: slug, id: round.id!).path), .text(t("assessment.seeResults"))))))
    }

    private func audienceText() -> String {
        let audience = round.audience
        if audience.isEveryone { return t("assessment.everyoneAsked") }
        return (audience.roles.map(\.title) + (audience.bodyIDs.isEmpty ? [] : [t("assessment.chosenBodies", ["count": t.count(audience.bodyIDs.count)])]))
            .joined(separator: ", ")
    }

    private func body(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        guard asked else { return .div(.class("panel empty"), .p(.text(t("error.roundNotAsked")))) }
        switch state {
        case .scheduled: return .div(.class("panel empty"), .p(.text(t("error.roundNotOpen", ["day": t.day(round.firstDay.start, in: .gmt)]))))
        case .closed: return ownAnswers()
        case .open: return form(chrome)
        }
    }

    /// A closed round shows the person what they answered (or that they did not).
    private func ownAnswers() -> Node<HTML.BodyContext> {
        guard let response, response.parsedStatus == .submitted else { return .div(.class("panel empty"), .p(.text(t("assessment.youDidNotAnswer")))) }
        return .section(.class("panel"), .h2(.text(t("assessment.yourAnswers"))),
            .forEach(template.sections) { section in
                .group(.h3(.text(section.name)), .ul(.forEach(section.questions) { question in
                    let answer = answers[question.key]
                    return .li(.text(question.statement() + " — "), .strong(.text(answer.map(choiceText) ?? "—")),
                               .unwrap(answer?.comment.isEmpty == false ? answer?.comment : nil) { .p(.class("meta"), .text($0)) })
                }))
            })
    }

    private func choiceText(_ answer: AssessmentAnswer) -> String {
        answer.score.map { t("assessment.scale.\($0)") } ?? t("assessment.dontKnow")
    }

    private func form(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let handedIn = response?.parsedStatus == .submitted
        // Fields are named by the question's position: keys hold dots, which form names parse.
        let positions = Dictionary(uniqueKeysWithValues: template.questions.enumerated().map { ($1.key, $0) })
        return .form(.method(.post), .action(SiteURL.assessmentRound(slug: slug, id: round.id!).path), .class("stack answer-form"),
            csrfField(chrome.csrfToken),
            .input(.type(.hidden), .name("revision"), .value(escapedAttribute(posted?.revision ?? response.map { String($0.revision) } ?? ""))),
            .p(.class("lead"), .text(t(handedIn ? "assessment.handedInLead" : "assessment.formLead"))),
            .forEach(template.sections) { section in
                .section(.class("panel"),
                    .h2(.text(section.name)),
                    .forEach(section.questions) { questionFields($0, index: positions[$0.key] ?? 0) })
            },
            .div(.class("actions"),
                .if(!handedIn, .button(.type(.submit), .name("intent"), .value("save"), .class("button"), .text(t("assessment.saveDraft")))),
                .button(.type(.submit), .name("intent"), .value("submit"), .class("button primary"),
                        .text(t(handedIn ? "assessment.handInAgain" : "assessment.handIn")))))
    }

    private func questionFields(_ question: AssessmentQuestion, index: Int) -> Node<HTML.BodyContext> {
        let answer = answers[question.key]
        let chosen = answer.map { $0.score.map(String.init) ?? "dk" } ?? ""
        let error = errors["answer.\(question.key)"]
        let name = "score[\(index)]", id = "q\(index)"
        let choices = AssessmentAnswer.scale.map { (String($0), t("assessment.scale.\($0)")) } + [("dk", t("assessment.dontKnow"))]
        return .fieldset(.id(escapedAttribute("answer.\(question.key)")), .class("question"),
            .if(error != nil, .attribute(named: "aria-describedby", value: escapedAttribute("\(id)-error"))),
            .element(named: "legend", text: question.statement()),
            .unwrap(error) { .p(.class("field-error"), .id(escapedAttribute("\(id)-error")), .text($0)) },
            .div(.class("scale"), .forEach(Array(choices.enumerated())) { position, choice in
                .label(.input(.type(.radio), .name(escapedAttribute(name)), .value(escapedAttribute(choice.0)), .id(escapedAttribute("\(id)-\(position)")),
                              .attribute(named: "checked", value: chosen == choice.0 ? "checked" : nil)),
                       .span(.text(choice.1)))
            }),
            .label(.for(escapedAttribute("\(id)-comment")), .class("comment-label"), .text(t("assessment.comment"))),
            .textarea(.id(escapedAttribute("\(id)-comment")), .name(escapedAttribute("comment[\(index)]")), .attribute(named: "rows", value: "2"),
                      .text(answer?.comment ?? "")))
    }
}
