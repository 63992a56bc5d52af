import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/indicators/{code}/forecast` and `/api/v1/initiatives/{slug}/scenarios`:
/// the forecast and what reaching the target takes, and what-if scenarios, with the same checks
/// and permissions as the indicator and scenario pages (both go through `ScenarioDesk`).
enum ScenarioAPI {
    struct ObservedDTO: Content {
        let period: String
        let value: Double
        let numerator: Double?
        let denominator: Double?
    }

    struct PointDTO: Content {
        let period: String
        let value: Double
        /// The 80% prediction interval.
        let lower: Double
        let upper: Double
        let numerator: Double?
        let denominator: Double?

        init(_ point: Forecast.Point) {
            period = point.period.key
            value = point.value
            lower = point.lower
            upper = point.upper
            numerator = point.numerator
            denominator = point.denominator
        }
    }

    struct WhatItTakesDTO: Content {
        let targetValue: Double
        let targetPeriod: String
        let latestPeriod: String
        let latestValue: Double
        let periodsLeft: Int
        let reached: Bool
        let neededPace: Double?
        let forecastPace: Double?
        let forecastAtTarget: PointDTO?
        /// Ratios: how many more people than today must meet the measure each period, and of how many.
        let morePeople: Double?
        let ofPeople: Double?
    }

    struct ForecastDTO: Content {
        let code: String
        let frequency: String
        let aggregation: String
        let basis: String
        /// `trend`, `seasonal`, or absent when the history is too short.
        let method: String?
        let level: Double
        let minimumHistory: Int
        let history: [ObservedDTO]
        let forecast: [PointDTO]
        /// Against the initiative's target; absent without one.
        let status: String?
        let whatItTakes: WhatItTakesDTO?
    }

    struct ChangeDTO: Content {
        let kind: String
        let partners: [UUID]
        let from: String
        let amount: Double?
        let name: String?
        let numerator: Double?
        let denominator: Double?

        init(_ change: ScenarioChange) {
            kind = change.kind.rawValue
            partners = change.partners
            from = change.from
            amount = change.amount
            name = change.name
            numerator = change.numerator
            denominator = change.denominator
        }

        var change: ScenarioChange {
            ScenarioChange(kind: ScenarioChange.Kind(rawValue: kind) ?? .add, partners: partners, from: from.trimmed, amount: amount,
                           name: name?.trimmed, numerator: numerator, denominator: denominator)
        }
    }

    struct ProjectedDTO: Content {
        let period: String
        let value: Double
        /// The forecast if nothing changes, for the same period.
        let forecast: Double
    }

    struct ScenarioDTO: Content {
        let id: UUID
        let indicator: String
        let name: String
        let description: String
        let strategy: UUID?
        let activities: [UUID]
        let changes: [ChangeDTO]
        let revision: Int
        let updatedAt: Date
        /// The scenario over the forecast's periods (absent in lists; empty without a forecast).
        let projection: [ProjectedDTO]?

        init(_ scenario: ScenarioModel, code: String, projection: [ProjectedDTO]?) {
            let plan = scenario.plan
            id = scenario.id!
            indicator = code
            name = plan.name
            description = plan.description
            strategy = plan.strategyID
            activities = plan.activityIDs
            changes = plan.changes.map(ChangeDTO.init)
            revision = scenario.revision
            updatedAt = scenario.updatedAt
            self.projection = projection
        }
    }

    struct ListDTO: Content { let items: [ScenarioDTO] }

    /// A new scenario, or (with `revision`, every other field optional) a scenario's new plan.
    /// `strategy` is a strategy's id, or "" for none.
    struct Body: StrictBody {
        var indicator: String?
        var name: String?
        var description: String?
        var strategy: String?
        var activities: [UUID]?
        var changes: [ChangeDTO]?
        var revision: Revision?

        static let allowedFields: Set<String> = ["indicator", "name", "description", "strategy", "activities", "changes", "revision"]
        static let changeFields: Set<String> = ["kind", "partners", "from", "amount", "name", "numerator", "denominator"]

        static func checkNested(_ object: [String: Any], into errors: inout FieldErrors) {
            guard let changes = object["changes"] as? [Any] else { return }
            for (index, item) in changes.enumerated() {
                guard let change = item as? [String: Any] else { continue }
                for field in Set(change.keys).subtracting(changeFields).sorted() {
                    errors.add("changes.\(index).\(field)", Texts.current("error.unknownFieldAllowed", ["allowed": changeFields.sorted().joined(separator: ", ")]))
                }
                if let kind = change["kind"] as? String, ScenarioChange.Kind(rawValue: kind) == nil {
                    errors.add("changes.\(index).kind", Texts.current("scenario.error.kind"))
                }
            }
        }

        func plan(over scenario: ScenarioPlan?) throws -> ScenarioPlan {
            var strategyID = scenario?.strategyID
            if let strategy {
                if strategy.isEmpty { strategyID = nil } else {
                    guard let id = UUID(uuidString: strategy) else { throw FieldErrors("strategy", Texts.current("scenario.error.strategy")) }
                    strategyID = id
                }
            }
            return ScenarioPlan(name: name ?? scenario?.name ?? "", description: (description ?? scenario?.description ?? "").trimmed,
                                changes: changes?.map(\.change) ?? scenario?.changes ?? [], activityIDs: activities ?? scenario?.activityIDs ?? [],
                                strategyID: strategyID)
        }
    }

    private static func listing(_ req: Request, _ access: InitiativeAccess, code: String) async throws -> IndicatorModel {
        guard let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).listing().first(where: { $0.indicator.code == code })?.indicator else {
            throw Abort(.notFound, reason: Texts.current("error.noIndicatorCode", ["code": String(code.prefix(80))]))
        }
        return indicator
    }

    /// GET /api/v1/initiatives/:slug/indicators/:code/forecast
    @Sendable static func forecast(req: Request) async throws -> ForecastDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let desk = try await ScenarioDesk.load(req, access, indicator: try await listing(req, access, code: req.parameters.get("code") ?? ""),
                                               planning: false)
        let (forecast, taking) = desk.forecast
        return ForecastDTO(
            code: desk.indicator.code, frequency: desk.frequency.rawValue, aggregation: desk.definition.aggregation.rawValue,
            basis: access.initiative.dashboardsIncludeSubmitted ? "provisional" : "approved", method: forecast.method?.rawValue,
            level: Forecast.level, minimumHistory: Forecast.minimumHistory,
            history: forecast.history.map { ObservedDTO(period: $0.period.key, value: $0.value, numerator: $0.numerator, denominator: $0.denominator) },
            forecast: forecast.points.map(PointDTO.init),
            status: desk.target == nil ? nil : (taking?.status ?? .noData).rawValue,
            whatItTakes: taking.map { taking in
                WhatItTakesDTO(targetValue: taking.targetValue, targetPeriod: taking.targetPeriod.key, latestPeriod: taking.latest.period.key,
                               latestValue: taking.latest.value, periodsLeft: taking.periodsLeft, reached: taking.reached,
                               neededPace: taking.neededPace, forecastPace: taking.forecastPace, forecastAtTarget: taking.forecastAtTarget.map(PointDTO.init),
                               morePeople: taking.morePeople, ofPeople: taking.ofPeople)
            })
    }

    /// GET /api/v1/initiatives/:slug/scenarios (`?indicator=CODE` for one indicator's)
    @Sendable static func list(req: Request) async throws -> ListDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let indicators = try await IndicatorRepository(db: req.db, scope: access.scope).listing().map(\.indicator)
        let codes = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id!, $0.code) })
        var indicatorID: UUID?
        if let code = try? req.query.get(String.self, at: "indicator") { indicatorID = try await listing(req, access, code: code).id }
        let scenarios = try await ScenarioRepository(db: req.db, scope: access.scope).all(indicatorID: indicatorID)
        return ListDTO(items: scenarios.map { ScenarioDTO($0, code: codes[$0.indicatorID] ?? "", projection: nil) })
    }

    private static func dto(_ scenario: ScenarioModel, _ desk: ScenarioDesk) -> ScenarioDTO {
        let forecast = desk.forecast.forecast
        let baseline = Dictionary(forecast.points.map { ($0.period, $0.value) }, uniquingKeysWith: { a, _ in a })
        return ScenarioDTO(scenario, code: desk.indicator.code, projection: desk.projection(scenario.plan, on: forecast).map {
            ProjectedDTO(period: $0.period.key, value: $0.value, forecast: baseline[$0.period] ?? $0.value)
        })
    }

    /// GET /api/v1/initiatives/:slug/scenarios/:id
    @Sendable static func show(req: Request) async throws -> ScenarioDTO {
        let access = try await req.initiativeAccess()
        let (scenario, desk) = try await ScenarioDesk.scenario(req, access)
        return dto(scenario, desk)
    }

    /// POST /api/v1/initiatives/:slug/scenarios
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.saveScenarios)
        let body = try req.decodeStrict(Body.self)
        guard let code = body.indicator else { throw FieldErrors("indicator", Texts.current("scenario.error.indicator")) }
        // A code in the body that names no indicator is bad input (422); only a path names a resource.
        guard let indicator = try? await listing(req, access, code: code) else {
            throw FieldErrors("indicator", Texts.current("error.noIndicatorCode", ["code": String(code.prefix(80))]))
        }
        let desk = try await ScenarioDesk.load(req, access, indicator: indicator)
        guard desk.canSave else { throw Abort(.forbidden, reason: Texts.current("scenario.error.notYours")) }
        let plan = try body.plan(over: nil)
        try desk.problems(plan).throwIfAny()
        let saved = try await ScenarioRepository(db: req.db, scope: access.scope)
            .create(indicatorID: try desk.indicator.requireID(), plan: plan, userID: req.signedIn?.user.id, now: Date())
        let response = try await dto(saved, desk).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/initiatives/\(access.slug)/scenarios/\(try saved.requireID().uuidString)")
        return response
    }

    /// PATCH /api/v1/initiatives/:slug/scenarios/:id: the fields sent change, with the revision read.
    @Sendable static func update(req: Request) async throws -> ScenarioDTO {
        let access = try await req.initiativeAccess()
        let (scenario, desk) = try await ScenarioDesk.scenario(req, access)
        guard desk.canEdit(scenario) else { throw Abort(.forbidden, reason: Texts.current("scenario.error.notYours")) }
        let body = try req.decodeStrict(Body.self)
        guard body.indicator == nil || body.indicator == desk.indicator.code else {
            throw FieldErrors("indicator", Texts.current("scenario.error.otherIndicator"))
        }
        guard let revision = body.revision else { throw FieldErrors("revision", Texts.current("error.sendRevisionYouRead")) }
        let plan = try body.plan(over: scenario.plan)
        try desk.problems(plan).throwIfAny()
        let repository = ScenarioRepository(db: req.db, scope: access.scope)
        _ = try await repository.update(id: try scenario.requireID(), plan: plan, expectedRevision: revision, userID: req.signedIn?.user.id, now: Date())
        guard let saved = try await repository.find(id: try scenario.requireID()) else { throw Abort(.notFound) }
        return dto(saved, desk)
    }

    /// DELETE /api/v1/initiatives/:slug/scenarios/:id
    @Sendable static func delete(req: Request) async throws -> HTTPStatus {
        let access = try await req.initiativeAccess()
        let (scenario, desk) = try await ScenarioDesk.scenario(req, access)
        guard desk.canEdit(scenario) else { throw Abort(.forbidden, reason: Texts.current("scenario.error.notYours")) }
        try await ScenarioRepository(db: req.db, scope: access.scope).delete(id: try scenario.requireID())
        return .noContent
    }
}
