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
    struct TargetForm: Content {
        var baselineValue: String?
        var baselineDate: String?
        var targetValue: String?
        var targetDate: String?
    }

    /// POST /i/:slug/indicators/:id/target: the initiative's baseline and target.
    @Sendable static func setTarget(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let indicator = try await find(req, access)
        let form = try req.content.decode(TargetForm.self)
        var errors: [String: String] = [:]
        func number(_ field: String, _ raw: String?) -> Double? {
            switch NumberInput.parse(raw ?? "") {
            case .success(let value?): return value
            case .success(nil): errors[field] = "Enter a number."; return nil
            case .failure(let problem): errors[field] = problem.message; return nil
            }
        }
        func date(_ field: String, _ raw: String?) -> Date? {
            guard let raw, let match = raw.trimmed.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/),
                  let month = Int(match.2), (1...12).contains(month), let day = Int(match.3), (1...31).contains(day)
            else { errors[field] = "Enter a date such as 2028-06-30."; return nil }
            return Date.utc(Int(match.1)!, month, day)
        }
        let baselineValue = number("baselineValue", form.baselineValue), targetValue = number("targetValue", form.targetValue)
        let baselineDate = date("baselineDate", form.baselineDate), targetDate = date("targetDate", form.targetDate)
        if errors.isEmpty, let baselineValue, let targetValue, let baselineDate, let targetDate {
            do {
                let definition = try await IndicatorRepository(db: req.db, scope: access.scope).history(of: indicator.requireID()).last!.definition
                try await TargetRepository(db: req.db, scope: access.scope).set(
                    indicator: indicator, organizationID: nil, baseline: .init(date: baselineDate, value: baselineValue),
                    target: .init(date: targetDate, value: targetValue), definition: definition, now: Date())
                return req.redirect(to: Notice.targetSaved.appended(to: SiteURL.indicator(slug: access.slug, id: indicator.id!).path))
            } catch let problems as FieldErrors {
                errors = problems.messages
            }
        }
        return try await render(req, access, indicator: indicator, errors: errors, status: .unprocessableEntity, typedTarget: form)
    }

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
                               errors: [String: String], status: HTTPResponseStatus, typedTarget: TargetForm? = nil) async throws -> Response {
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        let versions = try await repository.history(of: indicator.requireID())
        let targets = TargetRepository(db: req.db, scope: access.scope)
        let target = try await targets.targets(indicatorID: indicator.requireID()).first { $0.organizationID == nil }
        let latest = try await targets.latestInitiativeValue(indicator: indicator, definition: versions.last!.definition,
                                                              includeSubmitted: access.initiative.dashboardsIncludeSubmitted)
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let progress = IndicatorPage.Progress(
            target: target, latest: latest,
            status: target?.trajectory(indicator.parsedPolarity).status(of: latest.flatMap { l in l.aggregate.value.map { .init(date: l.period.end, value: $0) } })
                ?? .noData,
            typed: typedTarget.map { [("baselineValue", $0.baselineValue), ("baselineDate", $0.baselineDate), ("targetValue", $0.targetValue), ("targetDate", $0.targetDate)]
                .reduce(into: [String: String]()) { $0[$1.0] = $1.1 ?? "" } })
        let page = IndicatorPage(access: access, indicator: indicator, progress: progress,
                                 versions: versions,
                                 dimensions: try await repository.dimensions().filter { indicator.dimensionKeyList.contains($0.key) },
                                 assignments: try await repository.assignments(indicatorID: indicator.requireID()),
                                 organizations: organizations, errors: errors, notice: Notice.from(req))
        return page.render(try await req.chrome(.indicators, access: access)).response(status: status)
    }
}
