import BackboneDomain
import BackbonePersistence
import Vapor

/// The initiative's indicators: list, adopt from the catalog, details and assignments.
enum IndicatorController {
    struct AdoptForm: Content { var code: String? }
    struct AssignForm: Content {
        var organizationID: String?
        var dimensions: [String]?
    }
    struct UnassignForm: Content { var organizationID: String? }

    /// GET /i/:slug/indicators
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let listing = try await IndicatorRepository(db: req.db, scope: access.scope).listing()
        return IndicatorsPage(access: access, listing: listing, notice: Notice.from(req))
            .render(try await req.chrome(.indicators, access: access)).response()
    }

    /// GET /i/:slug/indicators/catalog
    @Sendable static func catalog(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let adopted = Set(try await IndicatorRepository(db: req.db, scope: access.scope).listing().map(\.indicator.code))
        return CatalogPage(access: access, catalog: IndicatorCatalog.starter, adopted: adopted, error: nil)
            .render(try await req.chrome(.indicators, access: access)).response()
    }

    /// POST /i/:slug/indicators/adopt
    @Sendable static func adopt(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let code = try req.content.decode(AdoptForm.self).code ?? ""
        guard let entry = IndicatorCatalog.starter.entry(code: code) else {
            throw Abort(.unprocessableEntity, reason: "There is no catalog indicator with the code '\(code)'.")
        }
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        do {
            let indicator = try await repository.adopt(entry, now: Date())
            return req.redirect(to: Notice.indicatorAdopted.appended(to: SiteURL.indicator(slug: access.slug, id: indicator.id!).path))
        } catch let errors as FieldErrors {
            let adopted = Set(try await repository.listing().map(\.indicator.code))
            return CatalogPage(access: access, catalog: IndicatorCatalog.starter, adopted: adopted, error: errors.messages.values.first)
                .render(try await req.chrome(.indicators, access: access)).response(status: .conflict)
        }
    }

    /// GET /i/:slug/indicators/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        return try await render(req, access, indicator: try await find(req, access), errors: [:], status: .ok)
    }

    /// POST /i/:slug/indicators/:id/assign
    @Sendable static func assign(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let indicator = try await find(req, access)
        let form = try req.content.decode(AssignForm.self)
        guard let organizationID = UUID(uuidString: form.organizationID ?? "") else {
            return try await render(req, access, indicator: indicator, errors: ["organizationID": "Choose a partner from the list."], status: .unprocessableEntity)
        }
        do {
            try await IndicatorRepository(db: req.db, scope: access.scope)
                .assign(indicator: indicator, organizationID: organizationID, dimensionKeys: form.dimensions ?? [], now: Date())
        } catch let errors as FieldErrors {
            return try await render(req, access, indicator: indicator, errors: errors.messages, status: .unprocessableEntity)
        }
        return req.redirect(to: Notice.indicatorAssigned.appended(to: SiteURL.indicator(slug: access.slug, id: indicator.id!).path))
    }

    /// POST /i/:slug/indicators/:id/unassign
    @Sendable static func unassign(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let indicator = try await find(req, access)
        guard let organizationID = UUID(uuidString: try req.content.decode(UnassignForm.self).organizationID ?? "") else { throw Abort(.notFound) }
        try await IndicatorRepository(db: req.db, scope: access.scope).unassign(indicatorID: indicator.requireID(), organizationID: organizationID)
        return req.redirect(to: Notice.indicatorUnassigned.appended(to: SiteURL.indicator(slug: access.slug, id: indicator.id!).path))
    }

    private static func find(_ req: Request, _ access: InitiativeAccess) async throws -> IndicatorModel {
        guard let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).find(id: req.uuidParameter("id")) else {
            throw Abort(.notFound)
        }
        return indicator
    }

    private static func render(_ req: Request, _ access: InitiativeAccess, indicator: IndicatorModel,
                               errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let page = IndicatorPage(access: access, indicator: indicator,
                                 versions: try await repository.history(of: indicator.requireID()),
                                 dimensions: try await repository.dimensions().filter { indicator.dimensionKeyList.contains($0.key) },
                                 assignments: try await repository.assignments(indicatorID: indicator.requireID()),
                                 organizations: organizations, errors: errors, notice: Notice.from(req))
        return page.render(try await req.chrome(.indicators, access: access)).response(status: status)
    }
}
