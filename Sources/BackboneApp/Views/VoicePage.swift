import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The public voice page: what residents said and what was done with it, without names or
/// contact details, and a form to say something.
struct VoicePage {
    let initiative: InitiativeModel
    let answered: [FeedbackItemModel]
    let form: VoiceController.VoiceForm
    let errors: [String: String]
    let notice: Notice?
    let shown: String
    let seal: String

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let title = t("voice.title", ["initiative": initiative.name])
        return Layout.page(title, chrome,
            .h1(.text(title)),
            .p(.class("lead"), .text(t("voice.lead"))),
            noticeBanner(notice, t),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "did-title"),
                .h2(.id("did-title"), .text(t("voice.saidDid"))),
                answered.isEmpty ? .p(.text(t("voice.noneYet")))
                    : .ul(.class("card-grid"), .forEach(answered) { item in
                        .li(.class("card"),
                            .p(.strong(.text(t("feedback.youSaid") + " ")), .text(item.text)),
                            .p(.strong(.text(t("feedback.weDid") + " ")), .text(item.response ?? "")),
                            .p(.class("meta"), .text([item.neighborhood, item.respondedAt.map { t.day($0, in: initiative.zone) } ?? ""]
                                .filter { !$0.isEmpty }.joined(separator: " · "))))
                    })),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "say-title"),
                .h2(.id("say-title"), .text(t("voice.say"))),
                errorSummary(errors, listing: true),
                .form(.method(.post), .action(SiteURL.publicVoice(slug: initiative.slug).path), .class("stack"),
                    csrfField(chrome.csrfToken),
                    .input(.type(.hidden), .name("shown"), .value(escapedAttribute(shown))),
                    .input(.type(.hidden), .name("seal"), .value(escapedAttribute(seal))),
                    Field.textArea("text", t("voice.text"), value: form.text ?? "", error: errors["text"], hint: t("voice.textHint"), required: true),
                    Field.text("neighborhood", t("outreach.neighborhood"), value: form.neighborhood ?? "", error: errors["neighborhood"],
                               Field.Options(hint: t("toc.optional"), required: false)),
                    contactFields(name: form.contactName ?? "", email: form.contactEmail ?? "", consent: form.consent == "on", errors: errors, t),
                    // People never see this field; a machine that fills every field fills it.
                    .div(.class("trap"), .attribute(named: "aria-hidden", value: "true"),
                         .label(.for("website"), .text(t("voice.trap"))),
                         .input(.type(.text), .id("website"), .name("website"), .attribute(named: "tabindex", value: "-1"), .attribute(named: "autocomplete", value: "off"))),
                    .button(.type(.submit), .class("button primary"), .text(t("voice.send"))))))
    }
}
