import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/indicators`, `/breakdowns` and `/targets`: the measurement setup
/// of the indicator pages, for scripts, with the same permission (`manage_indicators`) and checks.
enum IndicatorSetupAPI {
    struct IndicatorDTO: Content {
        let id: UUID
        let code: String
        let name: String
        let unit: String
        let aggregation: String
        let frequency: String
        let scope: String
        let dimensions: [String]
        let version: Int
        let effectiveFrom: String
    }

    static func dto(_ indicator: IndicatorModel, _ version: DefinitionVersion) -> IndicatorDTO {
        IndicatorDTO(id: indicator.id!, code: indicator.code, name: indicator.name, unit: version.definition.unit.code,
                     aggregation: version.definition.aggregation.rawValue, frequency: indicator.frequency, scope: indicator.scope,
                     dimensions: indicator.dimensionKeyList, version: version.number, effectiveFrom: CalendarDay(containing: version.effectiveFrom).key)
    }

    /// Either `catalogCode` alone, or a whole custom definition.
    struct IndicatorBody: StrictBody {
        let catalogCode: String?
        let code: String?
        let name: String?
        let kind: String?
        let definition: String?
        let unit: String?
        let aggregation: String?
        let numeratorDefinition: String?
        let denominatorDefinition: String?
        let weightDefinition: String?
        let minimum: Double?
        let maximum: Double?
        let polarity: String?
        let scope: String?
        let frequency: String?
        let dimensions: [String]?
        let dataSources: String?
        static let allowedFields: Set<String> = ["catalogCode", "code", "name", "kind", "definition", "unit", "aggregation", "numeratorDefinition",
                                                 "denominatorDefinition", "weightDefinition", "minimum", "maximum", "polarity", "scope",
                                                 "frequency", "dimensions", "dataSources"]
    }

    /// POST /api/v1/initiatives/:slug/indicators
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let body = try req.decodeStrict(IndicatorBody.self)
        let entry: CatalogEntry
        if let catalogCode = body.catalogCode {
            let others = [body.code, body.name, body.kind, body.definition, body.unit, body.aggregation, body.polarity, body.scope, body.frequency]
            guard others.allSatisfy({ $0 == nil }), body.dimensions == nil, body.minimum == nil, body.maximum == nil else {
                throw FieldErrors("catalogCode", Texts.current("error.catalogCodeAlone"))
            }
            guard let found = IndicatorCatalog.starter.entry(code: catalogCode) else {
                throw FieldErrors("catalogCode", Texts.current("error.thereNoCatalogIndicator", ["code": catalogCode]))
            }
            entry = found
        } else {
            var errors = FieldErrors()
            errors.refuseNUL(["code": body.code ?? "", "name": body.name ?? "", "definition": body.definition ?? "",
                              "numeratorDefinition": body.numeratorDefinition ?? "", "denominatorDefinition": body.denominatorDefinition ?? "",
                              "weightDefinition": body.weightDefinition ?? "", "dataSources": body.dataSources ?? ""])
            for (field, bound) in [("minimum", body.minimum), ("maximum", body.maximum)] {
                if let bound, abs(bound) > ValueRules.largestFigure { errors.add(field, Texts.current("error.enterNumberNoLarger")) }
            }
            if (body.dimensions ?? []).count > 20 { errors.add("dimensions", Texts.current("error.bulkTooMany", ["limit": "20"])) }
            try errors.throwIfAny()
            let form = CustomIndicatorController.IndicatorForm(
                code: body.code, name: body.name, kind: body.kind, definition: body.definition, unit: body.unit, aggregation: body.aggregation,
                numeratorDefinition: body.numeratorDefinition, denominatorDefinition: body.denominatorDefinition, weightDefinition: body.weightDefinition,
                minimum: body.minimum.map(MeasurementText.plain), maximum: body.maximum.map(MeasurementText.plain), polarity: body.polarity,
                scope: body.scope, frequency: body.frequency, dimensions: body.dimensions, dataSources: body.dataSources)
            entry = try CustomIndicatorController.entry(form).get()
        }
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        let indicator = try await repository.adopt(entry, now: Date())
        let version = try await repository.history(of: indicator.requireID()).last!
        return try await dto(indicator, version).encodeResponse(status: .created, for: req)
    }

    struct DefinitionBody: StrictBody {
        let definition: String
        let unit: String
        let aggregation: String
        let numeratorDefinition: String?
        let denominatorDefinition: String?
        let weightDefinition: String?
        let effectiveFrom: String
        static let allowedFields: Set<String> = ["definition", "unit", "aggregation", "numeratorDefinition", "denominatorDefinition",
                                                 "weightDefinition", "effectiveFrom"]
    }

    /// POST /api/v1/initiatives/:slug/indicators/:code/definitions: a new version from a day on;
    /// 200 with the current version when nothing changes.
    @Sendable static func revise(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let code = req.parameters.get("code") ?? ""
        guard let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).listing().first(where: { $0.indicator.code == code })?.indicator else {
            throw Abort(.notFound, reason: Texts.current("error.noIndicatorCode", ["code": String(code.prefix(80))]))
        }
        let body = try req.decodeStrict(DefinitionBody.self)
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        let current = try await repository.history(of: indicator.requireID()).last!
        var errors = FieldErrors()
        errors.refuseNUL(["definition": body.definition, "numeratorDefinition": body.numeratorDefinition ?? "",
                          "denominatorDefinition": body.denominatorDefinition ?? "", "weightDefinition": body.weightDefinition ?? ""])
        let unit = MeasurementUnit(code: body.unit)
        if unit == nil { errors.add("unit", Texts.current("error.useCountPercentRate")) }
        let rule = AggregationRule(rawValue: body.aggregation)
        if rule == nil { errors.add("aggregation", Texts.current("error.chooseHowValuesAdd")) }
        let effective = Date.utcDay(body.effectiveFrom)
        if effective == nil { errors.add("effectiveFrom", Texts.current("error.enterFirstDayNew")) }
        try errors.throwIfAny()
        func text(_ value: String?) -> String? { value.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 } }
        let definition = IndicatorDefinition(definition: body.definition.trimmed, unit: unit!, aggregation: rule!,
                                             numeratorDefinition: text(body.numeratorDefinition), denominatorDefinition: text(body.denominatorDefinition),
                                             weightDefinition: text(body.weightDefinition), minimum: current.definition.minimum, maximum: current.definition.maximum)
        let added = try await repository.revise(indicator, to: definition, effectiveFrom: effective!, now: Date())
        return try await dto(indicator, added ?? current).encodeResponse(status: added == nil ? .ok : .created, for: req)
    }

    struct BreakdownBody: StrictBody {
        let name: String
        let categories: [String]
        static let allowedFields: Set<String> = ["name", "categories"]
    }

    struct BreakdownDTO: Content {
        struct Category: Content { let key: String; let label: String }
        let key: String
        let name: String
        let categories: [Category]
    }

    /// POST /api/v1/initiatives/:slug/breakdowns: one of the initiative's own breakdowns.
    @Sendable static func createBreakdown(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let body = try req.decodeStrict(BreakdownBody.self)
        var errors = FieldErrors()
        errors.refuseNUL(["name": body.name])
        // Categories are one per line on the form: a line break inside one would make two.
        if body.categories.contains(where: { $0.contains(where: \.isNewline) || $0.unicodeScalars.contains("\u{0}") }) {
            errors.add("categories", Texts.current("error.categoryOneLine"))
        }
        try errors.throwIfAny()
        let dimension = try await IndicatorRepository(db: req.db, scope: access.scope)
            .addDimension(name: body.name, categoryLines: body.categories.joined(separator: "\n"))
        return try await BreakdownDTO(key: dimension.key, name: dimension.name, categories: dimension.categories.map { .init(key: $0.key, label: $0.label) })
            .encodeResponse(status: .created, for: req)
    }

    /// The body, and the answer: the target as saved.
    struct TargetBody: StrictBody, Content {
        let indicator: String
        let organization: UUID?
        let baselineValue: Double
        let baselineDate: String
        let targetValue: Double
        let targetDate: String
        static let allowedFields: Set<String> = ["indicator", "organization", "baselineValue", "baselineDate", "targetValue", "targetDate"]
    }

    /// POST /api/v1/initiatives/:slug/targets: the baseline and target of the initiative, or of
    /// one partner the indicator is assigned to; replaces the one before.
    @Sendable static func setTarget(req: Request) async throws -> TargetBody {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let body = try req.decodeStrict(TargetBody.self)
        let repository = IndicatorRepository(db: req.db, scope: access.scope)
        guard let indicator = try await repository.listing().first(where: { $0.indicator.code.uppercased() == body.indicator.uppercased() })?.indicator else {
            throw FieldErrors("indicator", Texts.current("error.initiativeHasNoIndicator", ["code": body.indicator]))
        }
        var errors = FieldErrors()
        let baselineDate = Date.utcDay(body.baselineDate), targetDate = Date.utcDay(body.targetDate)
        if baselineDate == nil { errors.add("baselineDate", Texts.current("error.enterDateSuch")) }
        if targetDate == nil { errors.add("targetDate", Texts.current("error.enterDateSuch")) }
        if let organization = body.organization,
           !(try await repository.assignments(indicatorID: indicator.requireID()).contains { $0.organizationID == organization }) {
            errors.add("organization", Texts.current("error.chooseWholeInitiativePartner"))
        }
        try errors.throwIfAny()
        let definition = try await repository.history(of: indicator.requireID()).last!.definition
        try await TargetRepository(db: req.db, scope: access.scope).set(
            indicator: indicator, organizationID: body.organization, baseline: .init(date: baselineDate!, value: body.baselineValue),
            target: .init(date: targetDate!, value: body.targetValue), definition: definition, now: Date())
        return TargetBody(indicator: indicator.code, organization: body.organization, baselineValue: body.baselineValue, baselineDate: body.baselineDate,
                          targetValue: body.targetValue, targetDate: body.targetDate)
    }
}
