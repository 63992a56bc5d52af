import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/webhooks`: the endpoints told of the initiative's events, and
/// each one's delivery log. Backbone administrators only (`manage_webhooks`).
enum WebhookAPI {
    struct WebhookBody: StrictBody {
        let url: String
        let events: [String]
        static let allowedFields: Set<String> = ["url", "events"]
    }

    struct WebhookDTO: Content {
        let id: UUID
        let url: String
        let events: [String]
        let createdAt: Date
        /// Shown once, in the answer that creates the endpoint.
        let secret: String?

        init(_ webhook: WebhookModel, showingSecret: Bool) {
            id = webhook.id!
            url = webhook.url
            events = webhook.events.map(\.rawValue)
            createdAt = webhook.createdAt
            secret = showingSecret ? webhook.secret : nil
        }
    }

    struct WebhookListDTO: Content { let items: [WebhookDTO] }

    struct DeliveryDTO: Content {
        let id: UUID
        let event: String
        let state: String
        let attempts: Int
        let lastStatus: Int?
        let lastError: String
        let createdAt: Date
        let deliveredAt: Date?
        let nextAttemptAt: Date?
    }

    struct DeliveryListDTO: Content { let items: [DeliveryDTO] }

    /// POST /api/v1/initiatives/:slug/webhooks
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageWebhooks)
        let body = try req.decodeStrict(WebhookBody.self)
        let webhook = try await register(req, access, url: body.url, events: body.events)
        return try await WebhookDTO(webhook, showingSecret: true).encodeResponse(status: .created, for: req)
    }

    /// The rules the form and the API share: an allowed address, known events.
    static func register(_ req: Request, _ access: InitiativeAccess, url: String, events: [String]) async throws -> WebhookModel {
        var errors = FieldErrors()
        let address = WebhookAddress.check(url, allowedHosts: req.application.backbone.webhookAllowedHosts)
        if case .failure(let problem) = address { for (field, message) in problem.messages { errors.add(field, message) } }
        let known = events.compactMap(WebhookEvent.init(rawValue:))
        if known.count != events.count || events.count > WebhookEvent.allCases.count * 2 {
            errors.add("events", Texts.current("error.webhookUnknownEvent", ["events": WebhookEvent.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        try errors.throwIfAny()
        guard case .success(let checked) = address else { throw errors }
        return try await WebhookRepository(db: req.db, scope: access.scope).create(url: checked, events: known, secret: SecretToken.generate(prefix: "whsec_"),
                                                                                  createdBy: try req.requireSignedIn().user.requireID(), now: Date())
    }

    /// GET /api/v1/initiatives/:slug/webhooks
    @Sendable static func list(req: Request) async throws -> WebhookListDTO {
        let access = try await req.initiativeAccess()
        try access.require(.manageWebhooks)
        return WebhookListDTO(items: try await WebhookRepository(db: req.db, scope: access.scope).all().map { WebhookDTO($0, showingSecret: false) })
    }

    /// DELETE /api/v1/initiatives/:slug/webhooks/:id
    @Sendable static func delete(req: Request) async throws -> HTTPStatus {
        let access = try await req.initiativeAccess()
        try access.require(.manageWebhooks)
        guard try await WebhookRepository(db: req.db, scope: access.scope).delete(id: req.uuidParameter("id")) else { throw Abort(.notFound) }
        return .noContent
    }

    /// GET /api/v1/initiatives/:slug/webhooks/:id/deliveries: the latest 50, newest first.
    @Sendable static func deliveries(req: Request) async throws -> DeliveryListDTO {
        let access = try await req.initiativeAccess()
        try access.require(.manageWebhooks)
        let repository = WebhookRepository(db: req.db, scope: access.scope)
        guard let webhook = try await repository.find(id: req.uuidParameter("id")) else { throw Abort(.notFound) }
        return DeliveryListDTO(items: try await repository.deliveries(webhookID: webhook.requireID()).map { delivery in
            DeliveryDTO(id: delivery.id!, event: delivery.event, state: delivery.state, attempts: delivery.attempts, lastStatus: delivery.lastStatus,
                        lastError: delivery.lastError, createdAt: delivery.createdAt, deliveredAt: delivery.deliveredAt,
                        nextAttemptAt: delivery.state == "pending" ? delivery.nextAttemptAt : nil)
        })
    }
}
