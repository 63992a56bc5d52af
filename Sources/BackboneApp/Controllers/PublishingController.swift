import BackboneDomain
import BackbonePersistence
import Vapor

/// `/i/{slug}/publishing`: the backbone admin's publishing choices for the public results pages,
/// partners' consents to being named, and the record of changes. A partner's consent is recorded
/// by whoever may edit that partner.
enum PublishingController {
    /// GET /i/:slug/publishing
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.managePublishing)
        let (choices, revision) = try await PublishingRepository(db: req.db, scope: access.scope).choices()
        return try await page(req, access, choices: choices, revision: revision, errors: [:], status: .ok)
    }

    /// POST /i/:slug/publishing
    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.managePublishing)
        let form = try req.content.decode([String: String].self)
        let known = try await known(req, access)
        let choices = typed(form, known: known)
        let revision = Int(form["revision"] ?? "").flatMap(Revision.init)
        do {
            guard let revision else { throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile")) }
            try await PublishingRepository(db: req.db, scope: access.scope)
                .save(try choices.validated(known: known.map(\.rule)), expectedRevision: revision, userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.publishingSaved.appended(to: SiteURL.publishing(slug: access.slug).path))
        } catch let errors as FieldErrors {
            return try await page(req, access, choices: choices, revision: revision?.value ?? 0, errors: errors.messages,
                                  status: errors.isConflict ? .conflict : .unprocessableEntity)
        }
    }

    /// POST /i/:slug/partners/:id/publication-consent with `given` = yes or no.
    @Sendable static func consent(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let organization = try await partner(req, access)
        let form = try req.content.decode([String: String].self)
        guard let given = ["yes": true, "no": false][form["given"] ?? ""] else {
            throw Abort(.unprocessableEntity, reason: Texts.current("error.publicConsentChoice"))
        }
        try await PublishingRepository(db: req.db, scope: access.scope)
            .recordConsent(organizationID: try organization.requireID(), given: given, userID: req.signedIn?.user.id, now: Date())
        let back = access.can(.managePublishing) ? SiteURL.publishing(slug: access.slug) : SiteURL.partner(slug: access.slug, id: try organization.requireID())
        return req.redirect(to: Notice.consentRecorded.appended(to: back.path))
    }

    /// The partner named in the path, when the caller may speak for it (404 across initiatives).
    static func partner(_ req: Request, _ access: InitiativeAccess) async throws -> OrganizationModel {
        guard let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: try req.uuidParameter("id")) else {
            throw Abort(.notFound)
        }
        guard access.canEdit(organizationID: try organization.requireID()) else {
            throw Abort(.forbidden, reason: Texts.current("error.publicConsentWho"))
        }
        return organization
    }

    /// The initiative's indicators as the choices need them, with their names and breakdowns.
    struct KnownIndicator {
        let rule: PublishingChoices.Known
        let name: String
        let dimensions: [DisaggregationDimension]
    }

    static func known(_ req: Request, _ access: InitiativeAccess) async throws -> [KnownIndicator] {
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        let dimensions = Dictionary(try await repository.dimensions().map { ($0.key, $0.localized()) }, uniquingKeysWith: { first, _ in first })
        return try await repository.listing().compactMap { entry in
            guard let id = entry.indicator.id else { return nil }
            let keys = entry.indicator.dimensionKeyList
            return KnownIndicator(rule: .init(id: id, code: entry.indicator.code, rule: entry.current.definition.aggregation,
                                              frequency: entry.indicator.parsedFrequency, dimensionKeys: keys),
                                  name: entry.indicator.shownName, dimensions: keys.compactMap { dimensions[$0] })
        }
    }

    /// The choices as the form typed them (checked before saving).
    static func typed(_ form: [String: String], known: [KnownIndicator]) -> PublishingChoices {
        PublishingChoices(
            isPublic: form["isPublic"] == "on",
            threshold: Int((form["threshold"] ?? "").trimmingCharacters(in: .whitespaces).prefix(12)) ?? 0,
            indicators: known.compactMap { indicator in
                let id = indicator.rule.id.uuidString
                guard form["show-\(id)"] == "on" else { return nil }
                let from = (form["from-\(id)"] ?? "").trimmingCharacters(in: .whitespaces)
                return PublicIndicatorChoice(indicatorID: indicator.rule.id,
                                             breakdowns: indicator.dimensions.map(\.key).filter { form["breakdown-\(id)-\($0)"] == "on" },
                                             byPartner: form["partners-\(id)"] == "on", from: from.isEmpty ? nil : String(from.prefix(20)))
            })
    }

    private static func page(_ req: Request, _ access: InitiativeAccess, choices: PublishingChoices, revision: Int,
                             errors: [String: String], status: HTTPStatus) async throws -> Response {
        let repository = PublishingRepository(db: req.db, scope: access.scope)
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let events = try await repository.events()
        let consents = try await repository.consents()
        let people = try await UserRepository(db: req.db).names(ids: Array(Set(events.compactMap(\.userID) + consents.values.compactMap(\.recordedBy))))
        let page = PublishingPage(access: access, choices: choices, revision: revision, indicators: try await known(req, access),
                                  partners: organizations, consents: consents, events: events, people: people,
                                  errors: errors, notice: Notice.from(req))
        let response = page.render(try await req.chrome(.results, access: access)).response()
        response.status = status
        return response
    }
}
