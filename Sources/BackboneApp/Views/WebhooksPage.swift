import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The backbone administrator's webhooks: each endpoint with its events and latest deliveries,
/// removing one, and registering a new one (its secret shown once, right after).
struct WebhooksPage {
    let access: InitiativeAccess
    let webhooks: [WebhookModel]
    let deliveries: [UUID: [WebhookDeliveryModel]]
    /// The endpoint just registered, whose secret is shown this once.
    var created: WebhookModel?
    var typedURL = ""
    var typedEvents: [String] = []
    var errors: [String: String] = [:]
    var notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("webhooks.title"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.people(slug: access.slug).path), .text(t("nav.people")))),
            .h1(.text(t("webhooks.title"))),
            noticeBanner(notice, t),
            .p(.class("lead"), .text(t("webhooks.lead"))),
            .unwrap(created) { webhook in
                .div(.class("alert alert-success"), .attribute(named: "role", value: "status"),
                     .p(.class("break-anywhere"), .strong(.text(t("webhooks.created", ["url": webhook.url])))),
                     .p(.text(t("webhooks.secretOnce"))),
                     .p(.code(.class("secret"), .text(webhook.secret))))
            },
            .if(webhooks.isEmpty, .p(.text(t("webhooks.none")))),
            .forEach(webhooks) { webhook in endpoint(webhook, chrome) },
            .section(.class("panel"),
                .h2(.id("register"), .text(t("webhooks.register"))),
                errorSummary(errors),
                .form(.method(.post), .action(SiteURL.webhooks(slug: access.slug).path + "#register"),
                    csrfField(chrome.csrfToken),
                    Field.text("url", t("webhooks.url"), value: typedURL, error: errors["url"], .init(type: .url, autocomplete: "off", hint: t("webhooks.urlHint"))),
                    Field.checkboxes("events", legend: t("webhooks.events"), options: WebhookEvent.allCases.map { ($0.rawValue, Self.name($0, t)) },
                                     chosen: typedEvents, error: errors["events"]),
                    .button(.type(.submit), .class("button primary"), .text(t("webhooks.registerButton"))))),
            .section(.class("panel"),
                .h2(.text(t("webhooks.receiving"))),
                .p(.text(t("webhooks.signatureHelp"))),
                .p(.code(.text("Backbone-Signature: t=1764781200,v1=5f0c…")))))
    }

    private func stateBadge(_ delivery: WebhookDeliveryModel, _ t: Texts) -> Node<HTML.BodyContext> {
        let text = t("webhooks.state.\(delivery.state)", ["count": t.count(delivery.attempts)])
        switch delivery.state {
        case "delivered": return .span(.class("badge badge-good"), .text(text))
        case "failed": return .span(.class("badge badge-warn"), .text(text))
        default: return .span(.class("badge badge-muted"), .text(text))
        }
    }

    static func name(_ event: WebhookEvent, _ t: Texts) -> String {
        t("webhooks.event.\(event.rawValue.replacingOccurrences(of: ".", with: "_"))")
    }

    private func endpoint(_ webhook: WebhookModel, _ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        let log = deliveries[webhook.id!] ?? []
        return .section(.class("panel"),
            .h2(.class("break-anywhere"), .text(webhook.url)),
            .p(.class("meta"), .text(t("webhooks.listensTo", ["events": webhook.events.map { Self.name($0, t) }.joined(separator: ", "),
                                                                "day": t.day(webhook.createdAt, in: chrome.zone)]))),
            .if(log.isEmpty, .p(.text(t("webhooks.noDeliveries")))),
            .if(!log.isEmpty, tableFrame(.table(.class("table"),
                .caption(.text(t("webhooks.logCaption", ["count": t.count(log.count)]))),
                .thead(.tr(.th(.text(t("webhooks.when"))), .th(.text(t("webhooks.event"))), .th(.text(t("webhooks.state"))), .th(.text(t("webhooks.answer"))))),
                .tbody(.forEach(log) { delivery in
                    .tr(.td(.text(t.dayAndTime(delivery.createdAt, in: chrome.zone))),
                        .td(.text(WebhookEvent(rawValue: delivery.event).map { Self.name($0, t) } ?? delivery.event)),
                        .td(stateBadge(delivery, t)),
                        .td(.text(delivery.lastStatus.map { String($0) } ?? (delivery.lastError.isEmpty ? "—" : delivery.lastError))))
                })))),
            .form(.class("inline-form"), .method(.post), .action(SiteURL.webhookDelete(slug: access.slug, id: webhook.id!).path),
                csrfField(chrome.csrfToken),
                .button(.type(.submit), .class("button danger small"),
                        .attribute(named: "aria-label", value: escapedAttribute(t("webhooks.removeNamed", ["url": webhook.url]))),
                        .text(t("webhooks.remove")))))
    }
}
