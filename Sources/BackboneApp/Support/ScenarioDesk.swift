import BackboneDomain
import BackbonePersistence
import Vapor

/// Everything forecasts and scenarios of one indicator need, loaded once per request: the
/// forecast's inputs (cached per aggregate generation), who reports the indicator, the target,
/// the strategies and activities a scenario may name, and what the caller may change. The pages
/// and the API both go through it, so both check the same things.
struct ScenarioDesk {
    let access: InitiativeAccess
    let indicator: IndicatorModel
    let current: DefinitionVersion
    let outlook: IndicatorOutlook
    let target: TargetModel?
    /// Assigned partners by id, with their names.
    let partners: [UUID: String]
    /// Every organization's name (activities may be anyone's).
    let organizationNames: [UUID: String]
    /// Strategies of the theory of change by id, with their titles.
    let strategies: [UUID: String]
    let activities: [ActivityModel]
    let rights: GovernanceRights
    let today: Date

    /// What the caller has already read, so the desk does not read it again.
    struct Known {
        let current: DefinitionVersion
        let assignments: [AssignmentModel]
        let names: [UUID: String]
        let target: TargetModel?
        /// Partners with a target of their own, whose forecasts the page needs.
        var targeted: [UUID] = []
    }

    /// - Parameter planning: also read the strategies and activities a scenario may name (the
    ///   scenario forms and pages need them; forecasts and projections do not).
    static func load(_ req: Request, _ access: InitiativeAccess, indicator: IndicatorModel, known: Known? = nil,
                     planning: Bool = true) async throws -> ScenarioDesk {
        let id = try indicator.requireID()
        var known = known
        if known == nil {
            let indicators = IndicatorRepository(db: req.db, scope: access.scope)
            known = Known(current: try await indicators.history(of: id).last!, assignments: try await indicators.assignments(indicatorID: id),
                          names: Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: req.db, scope: access.scope).all().map { ($0.id!, $0.name) }),
                          target: try await TargetRepository(db: req.db, scope: access.scope).initiativeTargets()[id])
        }
        let given = known!
        let nodes = planning ? try await TheoryOfChangeRepository(db: req.db, scope: access.scope).snapshot().nodes : []
        return ScenarioDesk(
            access: access, indicator: indicator, current: given.current,
            outlook: try await req.outlook(access, indicator: indicator, current: given.current, assigned: given.assignments.count,
                                           targeted: given.targeted),
            target: given.target,
            partners: Dictionary(uniqueKeysWithValues: given.assignments.map { ($0.organizationID, given.names[$0.organizationID] ?? "") }),
            organizationNames: given.names,
            strategies: Dictionary(uniqueKeysWithValues: nodes.filter { $0.parsedKind == .strategy }.map { ($0.id!, $0.title) }),
            activities: planning ? try await ActivityRepository(db: req.db, scope: access.scope).all() : [],
            rights: try await GovernanceRights.load(req, access), today: Date())
    }

    /// The scenario named by the path's `id`, with its indicator's desk (404 for another
    /// initiative's, as for one that does not exist). The page and the API both read it here.
    static func scenario(_ req: Request, _ access: InitiativeAccess) async throws -> (ScenarioModel, ScenarioDesk) {
        try access.require(.viewIndicators)
        guard let scenario = try await ScenarioRepository(db: req.db, scope: access.scope).find(id: try req.uuidParameter("id")),
              let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).find(id: scenario.indicatorID)
        else { throw Abort(.notFound) }
        return (scenario, try await load(req, access, indicator: indicator))
    }

    var frequency: Frequency { indicator.parsedFrequency }
    var definition: IndicatorDefinition { current.definition }

    /// The forecast up to the target's period (when there is a target), and what reaching it takes.
    var forecast: (forecast: Forecast, taking: WhatItTakes?) {
        if let target { return target.whatItTakes(outlook.initiative, polarity: indicator.parsedPolarity) }
        return (Forecaster.forecast(outlook.initiative), nil)
    }

    /// Backbone roles plan for any strategy or none; a working group lead only for the strategies
    /// their groups own.
    private var unrestricted: Bool { access.can(.saveScenarios) && !access.can(.leadWorkingGroup) }

    /// A working group lead's scenario names one of their strategies.
    var needsStrategy: Bool { !unrestricted }

    var canSave: Bool { access.can(.saveScenarios) && (unrestricted || !rights.ledStrategies.isEmpty) }

    func canEdit(_ scenario: ScenarioModel) -> Bool {
        access.can(.saveScenarios) && (unrestricted || scenario.strategyID.map(rights.ledStrategies.contains) == true)
    }

    /// Strategies the caller may name in a scenario.
    var choosableStrategies: [(id: UUID, title: String)] {
        strategies.filter { unrestricted || rights.ledStrategies.contains($0.key) }.map { ($0.key, $0.value) }.sorted { $0.1 < $1.1 }
    }

    var context: ScenarioContext {
        ScenarioContext(frequency: frequency, rule: definition.aggregation, ratioScale: definition.unit.ratioScale ?? 100,
                        partners: outlook.scenarioPartners(assigned: Array(partners.keys), names: partners),
                        firstPeriod: .containing(ReportingCalendar(timeZone: access.initiative.zone).wallClock(today), frequency: frequency),
                        activities: Set(activities.compactMap(\.id)), strategies: Set(choosableStrategies.map(\.id)))
    }

    /// Checks a plan as the caller may save it: a working group lead must name one of their strategies.
    func problems(_ plan: ScenarioPlan) -> FieldErrors {
        var problems = context.problems(plan)
        if needsStrategy && plan.strategyID == nil { problems.add("strategy", Texts.current("scenario.error.strategy")) }
        return problems
    }

    /// The plan over the forecast (empty when there is no forecast).
    func projection(_ plan: ScenarioPlan, on forecast: Forecast) -> [(period: ReportingPeriod, value: Double)] {
        context.projection(of: plan, on: forecast)
    }

    func activityName(_ activity: ActivityModel) -> String {
        let who = organizationNames[activity.organizationID] ?? ""
        return who.isEmpty ? activity.kind : "\(who): \(activity.kind)"
    }

    /// Scenario ids asked for with `?compare=…` (repeated), at most the number compared.
    static func compared(in req: Request) -> [UUID] {
        let pairs = (req.url.query ?? "").split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        let ids = pairs.compactMap { $0.count == 2 && $0[0] == "compare" ? ($0[1].removingPercentEncoding).flatMap(UUID.init(uuidString:)) : nil }
        return Array(ids.prefix(IndicatorOutlookView.comparedAtMost))
    }

    /// The forecast, what it takes and the indicator's scenarios as the page shows them: the
    /// scenarios asked for compared, else the newest three.
    func view(_ req: Request, compare: [UUID]) async throws -> IndicatorOutlookView {
        let scenarios = try await ScenarioRepository(db: req.db, scope: access.scope).all(indicatorID: indicator.requireID())
        let (forecast, taking) = self.forecast
        let chosen = compare.isEmpty ? Array(scenarios.prefix(IndicatorOutlookView.comparedAtMost)) : scenarios.filter { compare.contains($0.id!) }
        return IndicatorOutlookView(
            slug: access.slug, indicatorID: try indicator.requireID(), unit: definition.unit, forecast: forecast, taking: taking,
            hasTarget: target != nil, scenarios: scenarios,
            compared: forecast.isAvailable ? chosen.map { .init(scenario: $0, projection: projection($0.plan, on: forecast)) } : [],
            canSave: canSave, describe: describe)
    }

    /// A change in words: "Harbor Reads: +40 each period from January 2027".
    func describe(_ change: ScenarioChange) -> String {
        let t = Texts.current
        let ratio = definition.aggregation == .ratio
        func amount(_ value: Double?) -> String {
            guard let value else { return "—" }
            let number = (value > 0 ? "+" : value < 0 ? "−" : "") + t.number(abs(value))
            return ratio ? t("scenario.points", ["value": number]) : number
        }
        let period = ReportingPeriod(key: change.from).map(t.period) ?? change.from
        let who = change.partners.map { partners[$0] ?? t("review.unknownPartner") }.joined(separator: ", ")
        switch change.kind {
        case .add: return t("scenario.changeAdd", ["partners": who, "amount": amount(change.amount), "period": period])
        case .grow: return t("scenario.changeGrow", ["partners": who, "amount": amount(change.amount), "period": period])
        case .join:
            if ratio {
                return t("scenario.changeJoinRatio", ["name": change.name ?? "", "period": period,
                                                      "numerator": t.number(change.numerator ?? 0), "denominator": t.number(change.denominator ?? 0)])
            }
            return t("scenario.changeJoin", ["name": change.name ?? "", "period": period, "amount": t.number(change.amount ?? 0)])
        }
    }
}

extension ForecastInput {
    /// The same indicator with no figures (a partner that has reported nothing yet).
    var emptied: ForecastInput {
        var input = self
        input.points = []
        input.partnersRequired = 1
        return input
    }
}
