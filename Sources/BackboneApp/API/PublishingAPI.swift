import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/publishing`: the publishing choices as the form edits them
/// (indicators named by code), and partners' consents to being named.
enum PublishingAPI {
    struct IndicatorChoiceDTO: Content {
        var code: String
        var breakdowns: [String]?
        var byPartner: Bool?
        var from: String?
    }

    struct ConsentDTO: Content {
        let organizationID: UUID
        let given: Bool
        let recordedAt: Date
        let recordedBy: UUID?
    }

    struct ChoicesDTO: Content {
        let isPublic: Bool
        let threshold: Int
        let indicators: [IndicatorChoiceDTO]
        let consents: [ConsentDTO]
        let revision: Int
    }

    struct Body: Content, StrictBody {
        static let allowedFields: Set<String> = ["isPublic", "threshold", "indicators", "revision"]
        var isPublic: Bool
        var threshold: Int
        var indicators: [IndicatorChoiceDTO]
        var revision: Int
    }

    struct ConsentBody: Content, StrictBody {
        static let allowedFields: Set<String> = ["given"]
        var given: Bool
    }

    /// GET /api/v1/initiatives/:slug/publishing
    @Sendable static func show(req: Request) async throws -> ChoicesDTO {
        let access = try await req.initiativeAccess()
        try access.require(.managePublishing)
        return try await dto(req, access)
    }

    /// PUT /api/v1/initiatives/:slug/publishing
    @Sendable static func update(req: Request) async throws -> ChoicesDTO {
        let access = try await req.initiativeAccess()
        try access.require(.managePublishing)
        let body = try req.decodeStrict(Body.self)
        let known = try await PublishingController.known(req, access)
        let byCode = Dictionary(known.map { ($0.rule.code, $0.rule.id) }, uniquingKeysWith: { first, _ in first })
        var errors = FieldErrors()
        let indicators = body.indicators.compactMap { choice -> PublicIndicatorChoice? in
            guard let id = byCode[choice.code] else {
                errors.add("indicators", Texts.current("error.publishUnknownIndicator"))
                return nil
            }
            return PublicIndicatorChoice(indicatorID: id, breakdowns: choice.breakdowns ?? [], byPartner: choice.byPartner ?? false, from: choice.from)
        }
        try errors.throwIfAny()
        guard let revision = Revision(body.revision) else { throw FieldErrors("revision", Texts.current("error.impactRevision")) }
        let choices = try PublishingChoices(isPublic: body.isPublic, threshold: body.threshold, indicators: indicators).validated(known: known.map(\.rule))
        try await PublishingRepository(db: req.db, scope: access.scope).save(choices, expectedRevision: revision, userID: req.signedIn?.user.id, now: Date())
        return try await dto(req, access)
    }

    /// PUT /api/v1/initiatives/:slug/organizations/:id/publication-consent
    @Sendable static func consent(req: Request) async throws -> ConsentDTO {
        let access = try await req.initiativeAccess()
        let organization = try await PublishingController.partner(req, access)
        let body = try req.decodeStrict(ConsentBody.self)
        let repository = PublishingRepository(db: req.db, scope: access.scope)
        let id = try organization.requireID()
        try await repository.recordConsent(organizationID: id, given: body.given, userID: req.signedIn?.user.id, now: Date())
        guard let stored = try await repository.consents()[id] else { throw Abort(.internalServerError) }
        return ConsentDTO(organizationID: id, given: stored.given, recordedAt: stored.recordedAt, recordedBy: stored.recordedBy)
    }

    private static func dto(_ req: Request, _ access: InitiativeAccess) async throws -> ChoicesDTO {
        let repository = PublishingRepository(db: req.db, scope: access.scope)
        let (choices, revision) = try await repository.choices()
        let codes = Dictionary(try await IndicatorRepository(db: req.db, scope: access.scope).listing().compactMap { entry in
            entry.indicator.id.map { ($0, entry.indicator.code) }
        }, uniquingKeysWith: { first, _ in first })
        return ChoicesDTO(
            isPublic: choices.isPublic, threshold: choices.threshold,
            indicators: choices.indicators.compactMap { choice in
                codes[choice.indicatorID].map { IndicatorChoiceDTO(code: $0, breakdowns: choice.breakdowns, byPartner: choice.byPartner, from: choice.from) }
            },
            consents: try await repository.consents().values.sorted { $0.recordedAt < $1.recordedAt }.map {
                ConsentDTO(organizationID: $0.organizationID, given: $0.given, recordedAt: $0.recordedAt, recordedBy: $0.recordedBy)
            },
            revision: revision)
    }
}
