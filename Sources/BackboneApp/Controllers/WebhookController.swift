import BackboneDomain
import BackbonePersistence
import Vapor

/// The webhooks page: what `WebhookAPI` does, as forms (backbone administrators).
enum WebhookController {
    struct RegisterForm: Content {
        var url: String?
        var events: [String]?
    }

    /// GET /i/:slug/webhooks
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageWebhooks)
        return try await page(req, access, notice: Notice.from(req)).render(try await req.chrome(.people, access: access)).response()
    }

    /// POST /i/:slug/webhooks
    @Sendable static func register(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageWebhooks)
        let form = try req.content.decode(RegisterForm.self)
        let chrome = try await req.chrome(.people, access: access)
        do {
            let webhook = try await WebhookAPI.register(req, access, url: form.url ?? "", events: form.events ?? [])
            var shown = try await page(req, access, notice: nil)
            shown.created = webhook
            // The secret is in this answer only: no redirect, and nothing kept for the next page.
            let response = shown.render(chrome).response(status: .created)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let errors as FieldErrors {
            var shown = try await page(req, access, notice: nil)
            shown.typedURL = form.url ?? ""
            shown.typedEvents = form.events ?? []
            shown.errors = errors.messages
            return shown.render(chrome).response(status: .unprocessableEntity)
        }
    }

    /// POST /i/:slug/webhooks/:id/delete
    @Sendable static func delete(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageWebhooks)
        guard try await WebhookRepository(db: req.db, scope: access.scope).delete(id: req.uuidParameter("id")) else { throw Abort(.notFound) }
        return req.redirect(to: Notice.webhookRemoved.appended(to: SiteURL.webhooks(slug: access.slug).path))
    }

    private static func page(_ req: Request, _ access: InitiativeAccess, notice: Notice?) async throws -> WebhooksPage {
        let repository = WebhookRepository(db: req.db, scope: access.scope)
        let webhooks = try await repository.all()
        var deliveries: [UUID: [WebhookDeliveryModel]] = [:]
        for webhook in webhooks { deliveries[webhook.id!] = try await repository.deliveries(webhookID: webhook.requireID(), limit: 10) }
        return WebhooksPage(access: access, webhooks: webhooks, deliveries: deliveries, notice: notice)
    }
}
