import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The backbone admin's publishing choices: turn the public pages on, the threshold k, and per
/// indicator what is shown; partners' consents to being named; and the record of changes.
struct PublishingPage {
    let access: InitiativeAccess
    let choices: PublishingChoices
    let revision: Int
    let indicators: [PublishingController.KnownIndicator]
    let partners: [OrganizationModel]
    let consents: [UUID: PublicationConsentModel]
    let events: [PublishingEventModel]
    let people: [UUID: String]
    let errors: [String: String]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let slug = access.slug
        return Layout.page(t("publishing.title"), chrome,
            .h1(.text(t("publishing.title"))),
            noticeBanner(notice, t),
            errorSummary(errors, listing: true),
            .p(.class("lead"), .text(t("publishing.lead"))),
            .p(.if(choices.isPublic, .group(.a(.href(SiteURL.publicResults(slug: slug).path), .text(t("publishing.openPublic"))), .text(" · "))),
               .a(.href(SiteURL.helpArea(.publicResults).path), .text(t("publishing.howItWorks")))),
            .form(.method(.post), .action(SiteURL.publishing(slug: slug).path), .class("stack"),
                csrfField(chrome.csrfToken),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(String(revision)))),
                checkbox("isPublic", t("publishing.isPublic"), checked: choices.isPublic),
                Field.text("threshold", t("publishing.threshold"), value: String(choices.threshold), error: errors["threshold"],
                           .init(type: .number, hint: t("publishing.thresholdHint", ["minimum": t.count(DisclosureThreshold.minimum)]))),
                .h2(.text(t("publishing.indicators"))),
                .unwrap(errors["indicators"]) { .p(.class("field-error"), .text($0)) },
                .if(indicators.isEmpty, .p(.text(t("publishing.noIndicators")))),
                .forEach(indicators) { choice($0, t) },
                .button(.type(.submit), .class("button"), .text(t("publishing.save")))),
            consentSection(chrome),
            eventsSection(chrome))
    }

    private func checkbox(_ name: String, _ label: String, checked: Bool) -> Node<HTML.FormContext> {
        .div(.class("check"),
             .input(.type(.checkbox), .name(escapedAttribute(name)), .id(escapedAttribute(name)), .attribute(named: "checked", value: checked ? "checked" : nil)),
             .label(.for(escapedAttribute(name)), .text(label)))
    }

    private func choice(_ indicator: PublishingController.KnownIndicator, _ t: Texts) -> Node<HTML.FormContext> {
        let id = indicator.rule.id.uuidString
        let choice = choices.indicators.first { $0.indicatorID == indicator.rule.id }
        let error = errors["indicator.\(indicator.rule.code)"]
        return .fieldset(.class("public-choice"),
            .element(named: "legend", text: "\(indicator.name) (\(indicator.rule.code))"),
            .unwrap(error) { .p(.class("field-error"), .text($0)) },
            .if(!PublicIndicatorSource.isPublishable(indicator.rule.rule),
                .p(.class("hint"), .text(t("publishing.notCounts"))),
                else: .group(
                    checkbox("show-\(id)", t("publishing.show"), checked: choice != nil),
                    .if(!indicator.dimensions.isEmpty, .div(.class("cell-grid"), .forEach(indicator.dimensions) { dimension in
                        checkbox("breakdown-\(id)-\(dimension.key)", t("publishing.breakdown", ["name": dimension.name]),
                                 checked: choice?.breakdowns.contains(dimension.key) ?? false)
                    })),
                    checkbox("partners-\(id)", t("publishing.byPartner"), checked: choice?.byPartner ?? false),
                    Field.text("from-\(id)", t("publishing.from"), value: choice?.from ?? "", error: nil,
                               .init(hint: t("publishing.fromHint", ["example": ReportingPeriod.containing(Date(), frequency: indicator.rule.frequency).key]), required: false)))))
    }

    private func consentSection(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        return .section(.class("panel"), .ariaLabel(escapedAttribute(t("publishing.consents"))),
            .h2(.text(t("publishing.consents"))),
            .p(.text(t("publishing.consentsLead"))),
            tableFrame(.table(
                .caption(.text(t("publishing.consents"))),
                .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(t("publishing.partner"))),
                           .th(.attribute(named: "scope", value: "col"), .text(t("publishing.consent"))),
                           .th(.attribute(named: "scope", value: "col"), .text(t("publishing.change"))))),
                .tbody(.forEach(partners) { partner in
                    let consent = partner.id.flatMap { consents[$0] }
                    let given = consent?.given ?? false
                    return .tr(.th(.attribute(named: "scope", value: "row"), .text(partner.name)),
                               .td(.text(consentText(consent, t))),
                               .td(.form(.method(.post), .action(SiteURL.publicationConsent(slug: access.slug, organization: partner.id ?? UUID()).path), .class("inline"),
                                         csrfField(chrome.csrfToken),
                                         .input(.type(.hidden), .name("given"), .value(given ? "no" : "yes")),
                                         .button(.type(.submit), .class("link-button"),
                                                 .text(given ? t("publishing.withdraw", ["name": partner.name]) : t("publishing.recordConsent", ["name": partner.name]))))))
                }))))
    }

    private func consentText(_ consent: PublicationConsentModel?, _ t: Texts) -> String {
        guard let consent else { return t("publishing.notAsked") }
        let who = consent.recordedBy.flatMap { people[$0] } ?? t("publishing.someone")
        return t(consent.given ? "publishing.agreed" : "publishing.declined", ["who": who, "day": t.day(consent.recordedAt, in: access.initiative.zone)])
    }

    private func eventsSection(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        return .section(.class("panel"), .ariaLabel(escapedAttribute(t("publishing.history"))),
            .h2(.text(t("publishing.history"))),
            .if(events.isEmpty, .p(.text(t("publishing.historyNone")))),
            .ul(.forEach(events) { event in
                .li(.text(t("publishing.event.\(event.action)", ["who": event.userID.flatMap { people[$0] } ?? t("publishing.someone"),
                                                                  "day": t.day(event.at, in: chrome.zone)])))
            }))
    }
}
