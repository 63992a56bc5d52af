import BackboneDomain
import BackbonePersistence
import Vapor

/// The initiative's indicators: list, adopt from the catalog, details and assignments.
enum IndicatorController {
    struct AdoptForm: Content { var code: String? }
    struct AssignForm: Content {
        /// A partner's id, "every" (every partner), or "sector:<sector>".
        var organizationID: String?
        /// Several partners ticked; when any is, they are the ones assigned.
        var organizations: [String]?
        var dimensions: [String]?
    }
    struct UnassignForm: Content { var organizationID: String? }
    struct TargetForm: Content {
        /// "initiative" or the id of a partner the indicator is assigned to.
        var whose: String?
        var baselineValue: String?
        var baselineDate: String?
        var targetValue: String?
        var targetDate: String?
    }

    struct DefinitionForm: Content {
        var definition: String?
        var unit: String?
        var aggregation: String?
        var numeratorDefinition: String?
        var denominatorDefinition: String?
        var weightDefinition: String?
        var effectiveFrom: String?
    }

    /// POST /i/:slug/indicators/:id/definition: a new version when the meaning changes.
    @Sendable static func revise(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let indicator = try await find(req, access)
        let form = try req.content.decode(DefinitionForm.self)
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        let current = try await repository.history(of: indicator.requireID()).last!.definition
        var errors: [String: String] = [:]
        let unit = MeasurementUnit(code: form.unit?.trimmed ?? "")
        if unit == nil { errors["unit"] = Texts.current("error.useCountPercentRate") }
        let rule = AggregationRule(rawValue: form.aggregation ?? "")
        if rule == nil { errors["aggregation"] = Texts.current("error.chooseHowValuesAdd") }
        let effective = Date.utcDay(form.effectiveFrom ?? "")
        if effective == nil { errors["effectiveFrom"] = Texts.current("error.enterFirstDayNew") }
        func text(_ value: String?) -> String? { value.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 } }
        if errors.isEmpty, let unit, let rule, let effective {
            let definition = IndicatorDefinition(definition: form.definition?.trimmed ?? "", unit: unit, aggregation: rule,
                                                 numeratorDefinition: text(form.numeratorDefinition), denominatorDefinition: text(form.denominatorDefinition),
                                                 weightDefinition: text(form.weightDefinition), minimum: current.minimum, maximum: current.maximum)
            do {
                let added = try await repository.revise(indicator, to: definition, effectiveFrom: effective, now: Date())
                return req.redirect(to: (added == nil ? Notice.definitionUnchanged : .definitionVersioned)
                    .appended(to: SiteURL.indicator(slug: access.slug, id: indicator.id!).path))
            } catch let problems as FieldErrors {
                errors = problems.messages
            }
        }
        return try await render(req, access, indicator: indicator, errors: errors, status: .unprocessableEntity, typedDefinition: form)
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
            case .success(nil): errors[field] = Texts.current("error.enterNumber"); return nil
            case .failure(let problem): errors[field] = problem.message; return nil
            }
        }
        func date(_ field: String, _ raw: String?) -> Date? {
            guard let day = Date.utcDay(raw ?? "") else { errors[field] = Texts.current("error.enterDateSuch"); return nil }
            return day
        }
        let baselineValue = number("baselineValue", form.baselineValue), targetValue = number("targetValue", form.targetValue)
        let baselineDate = date("baselineDate", form.baselineDate), targetDate = date("targetDate", form.targetDate)
        var organizationID: UUID?
        switch form.whose ?? "initiative" {
        case "initiative": organizationID = nil
        case let raw:
            let assigned = try await IndicatorRepository(db: req.db, scope: access.scope).assignments(indicatorID: indicator.requireID())
            organizationID = UUID(uuidString: raw).flatMap { id in assigned.contains { $0.organizationID == id } ? id : nil }
            if organizationID == nil { errors["whose"] = Texts.current("error.chooseWholeInitiativePartner") }
        }
        if errors.isEmpty, let baselineValue, let targetValue, let baselineDate, let targetDate {
            do {
                let definition = try await IndicatorRepository(db: req.db, scope: access.scope).history(of: indicator.requireID()).last!.definition
                try await TargetRepository(db: req.db, scope: access.scope).set(
                    indicator: indicator, organizationID: organizationID, baseline: .init(date: baselineDate, value: baselineValue),
                    target: .init(date: targetDate, value: targetValue), definition: definition, now: Date())
                return req.redirect(to: Notice.targetSaved.appended(to: SiteURL.indicator(slug: access.slug, id: indicator.id!).path))
            } catch let problems as FieldErrors {
                errors = problems.messages
            }
        }
        return try await render(req, access, indicator: indicator, errors: errors, status: .unprocessableEntity, typedTarget: form)
    }

    /// POST /i/:slug/indicators/:id/target/remove: drops one partner's target.
    @Sendable static func removeTarget(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let indicator = try await find(req, access)
        guard let organizationID = UUID(uuidString: try req.content.decode(UnassignForm.self).organizationID ?? "") else {
            throw Abort(.unprocessableEntity, reason: Texts.current("error.sayWhoseTargetRemove"))
        }
        try await TargetRepository(db: req.db, scope: access.scope).remove(indicatorID: indicator.requireID(), organizationID: organizationID)
        return req.redirect(to: Notice.targetRemoved.appended(to: SiteURL.indicator(slug: access.slug, id: indicator.id!).path))
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

    /// GET /i/:slug/indicators/export.json
    @Sendable static func export(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let data = try await IndicatorRepository(db: req.db, scope: access.scope).exportCatalog().encoded()
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(access.slug)-indicators.json\"")
        return response
    }

    struct CatalogUpload: Content { var file: File? }

    /// POST /i/:slug/indicators/import: adopts the indicators of a catalog file, checked whole first.
    @Sendable static func importCatalog(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        let adopted = Set(try await repository.listing().map(\.indicator.code))
        var page = CatalogPage(access: access, catalog: IndicatorCatalog.starter, adopted: adopted, error: nil)
        guard let file = try req.content.decode(CatalogUpload.self).file, file.data.readableBytes > 0 else {
            page.error = Texts.current("error.chooseCatalogFileJson")
            return page.render(try await req.chrome(.indicators, access: access)).response(status: .unprocessableEntity)
        }
        do {
            let catalog = try IndicatorCatalog.decode(Data(file.data.readableBytesView))
            let result = try await repository.importCatalog(catalog, now: Date())
            page.adopted = Set(try await repository.listing().map(\.indicator.code))
            page.imported = Texts.current(result.added == 1 ? "catalog.importedOne" : "catalog.imported",
                                          ["count": Texts.current.count(result.added), "present": Texts.current.count(result.alreadyPresent)])
            return page.render(try await req.chrome(.indicators, access: access)).response()
        } catch let errors as FieldErrors {
            page.error = Texts.current("error.nothingWasImported") + errors.messages.sorted { $0.key < $1.key }.prefix(10).map { "\($0.key): \($0.value)" }.joined(separator: " ")
            return page.render(try await req.chrome(.indicators, access: access)).response(status: .unprocessableEntity)
        }
    }

    /// POST /i/:slug/indicators/adopt
    @Sendable static func adopt(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let code = try req.content.decode(AdoptForm.self).code ?? ""
        guard let entry = IndicatorCatalog.starter.entry(code: code) else {
            throw Abort(.unprocessableEntity, reason: Texts.current("error.thereNoCatalogIndicator", ["code": "\(code)"]))
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

    /// The indicator page as it was before forecasts and scenarios: what the benchmark measures
    /// the page against (routed only by `backbone-bench`, see `BenchRoutes`).
    @Sendable static func showWithoutOutlook(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        return try await render(req, access, indicator: try await find(req, access), errors: [:], status: .ok, withOutlook: false)
    }

    /// POST /i/:slug/indicators/:id/assign
    @Sendable static func assign(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let indicator = try await find(req, access)
        let form = try req.content.decode(AssignForm.self)
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        guard let organizationIDs = PartnerChoice.resolve(choice: form.organizationID, ticked: form.organizations, organizations: organizations) else {
            return try await render(req, access, indicator: indicator, errors: ["organizationID": Texts.current("error.choosePartnerFromList")], status: .unprocessableEntity)
        }
        do {
            try await IndicatorRepository(db: req.db, scope: access.scope)
                .assign(indicator: indicator, organizationIDs: organizationIDs, dimensionKeys: form.dimensions ?? [], now: Date())
        } catch let errors as FieldErrors {
            // The bulk rule speaks of "organizations"; the form's field is the partner choice.
            let shown = Dictionary(errors.messages.map { ($0.key == "organizations" ? "organizationID" : $0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            return try await render(req, access, indicator: indicator, errors: shown, status: .unprocessableEntity)
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

    static func find(_ req: Request, _ access: InitiativeAccess) async throws -> IndicatorModel {
        guard let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).find(id: req.uuidParameter("id")) else {
            throw Abort(.notFound)
        }
        return indicator
    }

    static func render(_ req: Request, _ access: InitiativeAccess, indicator: IndicatorModel,
                       errors: [String: String], status: HTTPResponseStatus, typedTarget: TargetForm? = nil,
                       typedDefinition: DefinitionForm? = nil, typedTranslation: [String: String]? = nil,
                       withOutlook: Bool = true) async throws -> Response {
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        let versions = try await repository.history(of: indicator.requireID())
        let targets = TargetRepository(db: req.db, scope: access.scope)
        let allTargets = try await targets.targets(indicatorID: indicator.requireID())
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let names = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        let assignments = try await repository.assignments(indicatorID: indicator.requireID())
        let desk = withOutlook ? try await ScenarioDesk.load(req, access, indicator: indicator, known: .init(
            current: versions.last!, assignments: assignments, names: names, target: allTargets.first { $0.organizationID == nil },
            targeted: allTargets.compactMap(\.organizationID)), planning: false) : nil
        // Status comes from the forecast (see `WhatItTakes`), the initiative's and each partner's.
        func standing(_ target: TargetModel?, of organizationID: UUID?) async throws -> IndicatorPage.Standing {
            let latest = try await targets.latestValue(indicator: indicator, includeSubmitted: access.initiative.dashboardsIncludeSubmitted,
                                                       organizationID: organizationID, completeWith: organizationID == nil ? max(1, assignments.count) : 1)
            guard let desk else {
                let point = latest.flatMap { l in l.aggregate.value.map { Trajectory.Point(date: l.period.end, value: $0) } }
                return .init(target: target, latest: latest, status: target?.trajectory(indicator.parsedPolarity).status(of: point) ?? .noData)
            }
            let input = organizationID.map { desk.outlook.partners[$0] ?? desk.outlook.initiative.emptied } ?? desk.outlook.initiative
            return .init(target: target, latest: latest, status: target?.status(input, polarity: indicator.parsedPolarity) ?? .noData)
        }
        // Partners' rows are shown to those who may compare partners, and to each partner for itself.
        var partners: [IndicatorPage.PartnerStanding] = []
        for target in allTargets {
            guard let id = target.organizationID, access.can(.viewPartnerFigures) || access.membership?.organizationID == id else { continue }
            partners.append(.init(organizationID: id, name: names[id] ?? Texts.current("review.unknownPartner"), standing: try await standing(target, of: id)))
        }
        let progress = IndicatorPage.Progress(
            initiative: try await standing(allTargets.first { $0.organizationID == nil }, of: nil),
            partners: partners.sorted { $0.name < $1.name },
            typed: typedTarget.map { [("whose", $0.whose), ("baselineValue", $0.baselineValue), ("baselineDate", $0.baselineDate),
                                      ("targetValue", $0.targetValue), ("targetDate", $0.targetDate)]
                .reduce(into: [String: String]()) { $0[$1.0] = $1.1 ?? "" } })
        let dimensions = try await repository.dimensions().filter { indicator.dimensionKeyList.contains($0.key) }
        let rollups = RollupRepository(db: req.db, scope: access.scope)
        let basis: RollupBasis = access.initiative.dashboardsIncludeSubmitted ? .provisional : .approved
        let series = try await rollups.series(indicatorID: indicator.requireID(), frequency: indicator.parsedFrequency, basis: basis)
        // The period broken down: the one asked for (?period=2026-Q1) when it has a figure, else the latest.
        let asked = (try? req.query.get(String.self, at: "period")).flatMap { key in series.first { $0.periodKey == key && $0.value != nil } }
        let shownKey = asked?.periodKey ?? series.last { $0.value != nil }?.periodKey
        var shownPeriod: [RollupModel] = []
        if let shownKey { shownPeriod = try await rollups.period(indicatorID: indicator.requireID(), periodKey: shownKey, basis: basis) }
        // Partners see the initiative's figures and their own; comparing partners needs the permission.
        if !access.can(.viewPartnerFigures) {
            shownPeriod = shownPeriod.filter { $0.organizationID == nil || $0.organizationID == access.membership?.organizationID }
        }
        let results = IndicatorResults(indicator: indicator, unit: versions.last!.definition.unit, series: series, shownPeriod: shownPeriod,
                                       dimensions: dimensions, partnerNames: names, assignedPartners: assignments.count,
                                       target: progress.initiative.target,
                                       exportPath: SiteURL.indicatorSeriesCSV(slug: access.slug, id: try indicator.requireID()).path,
                                       outlook: try await desk?.view(req, compare: ScenarioDesk.compared(in: req)))
        let page = IndicatorPage(access: access, indicator: indicator, progress: progress, results: results,
                                 versions: versions,
                                 dimensions: dimensions,
                                 assignments: assignments,
                                 organizations: organizations, errors: errors, notice: Notice.from(req),
                                 typedDefinition: typedDefinition.map { form in
                                     ["definition": form.definition, "unit": form.unit, "aggregation": form.aggregation,
                                      "numeratorDefinition": form.numeratorDefinition, "denominatorDefinition": form.denominatorDefinition,
                                      "weightDefinition": form.weightDefinition, "effectiveFrom": form.effectiveFrom].mapValues { $0 ?? "" }
                                 },
                                 typedTranslation: typedTranslation,
                                 comments: try await CommentThread.load(req, access, .indicator, indicator.requireID()))
        return page.render(try await req.chrome(.indicators, access: access)).response(status: status)
    }
}
