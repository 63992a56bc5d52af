import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// Residents' feedback, those awaiting an answer first.
struct FeedbackListPage {
    let access: InitiativeAccess
    let desk: OutreachDesk

    /// Pieces the page lists, those awaiting an answer first; the API has them all.
    static let shown = 300

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let all = desk.feedback.filter { !$0.isAnswered } + desk.feedback.filter(\.isAnswered)
        let ordered = Array(all.prefix(Self.shown))
        return Layout.page(t("feedback.title"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.outreach(slug: access.slug).path), .text(t("outreach.title")))),
            .div(.class("page-head"), .h1(.text(t("feedback.title"))),
                 .if(access.can(.recordOutreach), .a(.class("button primary"), .href(SiteURL.feedbackNew(slug: access.slug).path), .text(t("outreach.recordFeedback"))))),
            .p(.class("lead"), .text(t("feedback.lead"))),
            .if(all.count > Self.shown, .p(.class("meta"), .text(t("outreach.latestOnly", ["shown": t.count(Self.shown), "count": t.count(all.count)])))),
            ordered.isEmpty ? .div(.class("panel empty"), .p(.text(t("feedback.none"))))
                : .ul(.class("card-grid"), .forEach(ordered) { item in
                    .li(.class("card"),
                        .p(.span(.class(item.isAnswered ? "status status-ok" : "status status-warn"), .text(t(item.isAnswered ? "feedback.answered" : "feedback.awaiting"))),
                           .text(" · " + t.day(item.day.start, in: .gmt) + " · " + item.parsedSource.title(t))),
                        .p(.a(.href(SiteURL.feedbackItem(slug: access.slug, id: item.id!).path), .text(String(item.text.prefix(200))))),
                        .if(!item.neighborhood.isEmpty, .p(.class("meta"), .text(item.neighborhood))),
                        .unwrap(item.response) { .p(.strong(.text(t("feedback.weDid") + " ")), .text(String($0.prefix(200)))) })
                }))
    }
}

/// Staff write down what residents said, at an event or otherwise.
struct FeedbackNewPage {
    let access: InitiativeAccess
    let desk: OutreachDesk
    let form: FeedbackController.FeedbackForm
    let errors: [String: String]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("outreach.recordFeedback"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.feedbackList(slug: access.slug).path), .text(t("feedback.title")))),
            .h1(.text(t("outreach.recordFeedback"))),
            errorSummary(errors, listing: true),
            .form(.method(.post), .action(SiteURL.feedbackList(slug: access.slug).path), .class("panel stack"),
                csrfField(chrome.csrfToken),
                Field.textArea("text", t("feedback.text"), value: form.text ?? "", error: errors["text"], hint: t("feedback.textHint"), required: true),
                Field.text("neighborhood", t("outreach.neighborhood"), value: form.neighborhood ?? "", error: errors["neighborhood"],
                           Field.Options(hint: t("toc.optional"), required: false)),
                Field.select("event", t("feedback.event"), options: desk.events.map { ($0.id!.uuidString, "\($0.title) (\(t.day($0.day.start, in: .gmt)))") },
                             selected: form.event ?? "", error: errors["event"], required: false),
                strategyChoices(desk, chosen: form.strategies ?? [], errors: errors, t),
                contactFields(name: form.contactName ?? "", email: form.contactEmail ?? "", consent: form.consent == "on", errors: errors, t),
                .button(.type(.submit), .class("button primary"), .text(t("feedback.save")))))
    }
}

/// The initiative's strategies as checkboxes (an event's, a piece of feedback's).
func strategyChoices(_ desk: OutreachDesk, chosen: [String], errors: [String: String], _ t: Texts) -> Node<HTML.FormContext> {
    .if(!desk.strategies.isEmpty, Field.checkboxes("strategies", legend: t("outreach.strategies"), options: desk.strategies.map { ($0.id.uuidString, $0.name) },
                                                   chosen: chosen, error: errors["strategies"]))
}

/// A resident's optional contact, kept only with the box ticked.
func contactFields(name: String, email: String, consent: Bool, errors: [String: String], _ t: Texts) -> Node<HTML.FormContext> {
    .fieldset(
        .element(named: "legend", text: t("feedback.contactLegend")),
        .p(.class("hint"), .text(t("feedback.contactHint"))),
        Field.text("contactName", t("feedback.contactName"), value: name, error: errors["contactName"], Field.Options(autocomplete: "name", required: false)),
        Field.text("contactEmail", t("feedback.contactEmail"), value: email, error: errors["contactEmail"],
                   Field.Options(type: .email, autocomplete: "email", required: false)),
        .div(.class("check"),
             .input(.type(.checkbox), .id("consent"), .name("consent"), .attribute(named: "checked", value: consent ? "checked" : nil)),
             .label(.for("consent"), .text(t("feedback.consent")))))
}

/// One piece of feedback and its answer: "you said, we did".
struct FeedbackItemPage {
    let access: InitiativeAccess
    let desk: OutreachDesk
    let item: FeedbackItemModel
    let form: FeedbackController.ResponseForm
    let errors: [String: String]
    let notice: Notice?
    let links: [(value: String, label: String)]

    static func linkChoices(activities: [ActivityModel], decisions: [DecisionModel], names: [UUID: String]) -> [(value: String, label: String)] {
        let t = Texts.current
        return [(ResponseLink.none.rawValue, t("feedback.noLink"))]
            + activities.map { ("activity:\($0.id!.uuidString)", t("feedback.linkActivity", ["name": "\(names[$0.organizationID] ?? ""): \($0.kind)"])) }
            + decisions.map { ("decision:\($0.id!.uuidString)", t("feedback.linkDecision", ["text": String($0.text.prefix(100))])) }
    }

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let event = item.eventID.flatMap { id in desk.events.first { $0.id == id } }
        let linked = item.responseLinkID.flatMap { id in links.first { $0.value.hasSuffix(id.uuidString) }?.label }
        return Layout.page(t("feedback.itemTitle"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.feedbackList(slug: access.slug).path), .text(t("feedback.title")))),
            .h1(.text(t("feedback.itemTitle"))),
            noticeBanner(notice, t),
            errorSummary(errors, listing: true),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "said-title"),
                .h2(.id("said-title"), .text(t("feedback.youSaid"))),
                .blockquote(.p(.text(item.text))),
                .dl(.class("facts"),
                    .dt(.text(t("outreach.day"))), .dd(.text(t.day(item.day.start, in: .gmt))),
                    .dt(.text(t("feedback.source"))), .dd(.text(item.parsedSource.title(t))),
                    .if(!item.neighborhood.isEmpty, .group(.dt(.text(t("outreach.neighborhood"))), .dd(.text(item.neighborhood)))),
                    .unwrap(event) { event in .group(.dt(.text(t("feedback.event"))), .dd(.a(.href(SiteURL.outreachEvent(slug: access.slug, id: event.id!).path), .text(event.title)))) },
                    .if(access.can(.manageOutreach) && (item.contactName != nil || item.contactEmail != nil), .group(
                        .dt(.text(t("feedback.contactLegend"))),
                        .dd(.text([item.contactName, item.contactEmail].compactMap { $0 }.joined(separator: " · "))))))),
            .unwrap(item.response) { response in
                .section(.class("panel"), .attribute(named: "aria-labelledby", value: "did-title"),
                    .h2(.id("did-title"), .text(t("feedback.weDid"))),
                    .p(.text(response)),
                    .unwrap(linked) { .p(.class("meta"), .text($0)) })
            },
            .if(access.can(.respondToFeedback), .form(.method(.post), .action(SiteURL.feedbackItem(slug: access.slug, id: item.id!).path), .class("panel stack"),
                csrfField(chrome.csrfToken),
                .h2(.text(t(item.isAnswered ? "feedback.changeAnswer" : "feedback.answer"))),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(form.revision ?? ""))),
                Field.textArea("response", t("feedback.whatWasDone"), value: form.response ?? "", error: errors["response"], hint: t("feedback.responseHint"), required: true),
                Field.select("link", t("feedback.link"), options: links, selected: form.link ?? "", error: errors["link"], required: false,
                             emptyLabel: t("feedback.noLink")),
                strategyChoices(desk, chosen: form.strategies ?? [], errors: errors, t),
                .button(.type(.submit), .class("button primary"), .text(t("feedback.saveAnswer"))))))
    }
}
