import BackboneDomain
import BackbonePersistence
import Vapor

/// The initiative's breakdowns (disaggregation dimensions): the standard ones and its own.
enum DimensionController {
    struct DimensionForm: Content {
        var name: String?
        var categories: String?
    }

    /// GET /i/:slug/indicators/breakdowns
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        return try await render(req, access, form: nil, errors: [:], status: .ok)
    }

    /// POST /i/:slug/indicators/breakdowns: adds one of the initiative's own breakdowns.
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let form = try req.content.decode(DimensionForm.self)
        do {
            try await IndicatorRepository(db: req.db, scope: access.scope).addDimension(name: form.name ?? "", categoryLines: form.categories ?? "")
            return req.redirect(to: Notice.dimensionAdded.appended(to: SiteURL.dimensions(slug: access.slug).path))
        } catch let errors as FieldErrors {
            return try await render(req, access, form: form, errors: errors.messages, status: errors.isConflict ? .conflict : .unprocessableEntity)
        }
    }

    private static func render(_ req: Request, _ access: InitiativeAccess, form: DimensionForm?,
                               errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let dimensions = try await IndicatorRepository(db: req.db, scope: access.scope).dimensions()
        return DimensionsPage(access: access, dimensions: dimensions, typedName: form?.name ?? "", typedCategories: form?.categories ?? "",
                              errors: errors, notice: Notice.from(req))
            .render(try await req.chrome(.indicators, access: access)).response(status: status)
    }
}
