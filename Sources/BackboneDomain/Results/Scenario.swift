import Foundation

/// One what-if change to partners' contributions from a period on.
public struct ScenarioChange: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable, NamedInCatalog {
        /// Each chosen partner's figure changes by `amount` every period from `from` on
        /// ("adds 40 children a month"). For a ratio, `amount` is in the indicator's unit (points).
        case add
        /// The change grows by `amount` each period: `amount` in the first, twice it in the
        /// second… ("falls 0.5 points a quarter").
        case grow
        /// A new partner reports `amount` each period (for a ratio: `numerator` of `denominator`).
        case join

        public static let catalogKey = "scenarioKind"
    }

    public var kind: Kind
    public var partners: [UUID]
    /// The first period the change applies to (a period key at the indicator's frequency).
    public var from: String
    public var amount: Double?
    /// The joining partner's name.
    public var name: String?
    public var numerator: Double?
    public var denominator: Double?

    public init(kind: Kind, partners: [UUID] = [], from: String, amount: Double? = nil, name: String? = nil,
                numerator: Double? = nil, denominator: Double? = nil) {
        self.kind = kind
        self.partners = partners
        self.from = from
        self.amount = amount
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
    }
}

/// A named what-if plan for one indicator. It never changes stored figures: it is drawn against
/// the forecast.
public struct ScenarioPlan: Codable, Equatable, Sendable {
    public var name: String
    public var description: String
    public var changes: [ScenarioChange]
    /// Activities of the action plan the scenario stands for.
    public var activityIDs: [UUID]
    /// The strategy the scenario belongs to (a working group's scenarios name one of theirs).
    public var strategyID: UUID?

    public init(name: String, description: String = "", changes: [ScenarioChange], activityIDs: [UUID] = [], strategyID: UUID? = nil) {
        self.name = name
        self.description = description
        self.changes = changes
        self.activityIDs = activityIDs
        self.strategyID = strategyID
    }

    public static let maximumChanges = 10
    public static let maximumNameLength = 200
    public static let maximumDescriptionLength = 4000
    /// Figures beyond this are no plan anyone makes (and keep sums exact in a double).
    public static let largestAmount = 1e9
}

/// What a scenario is checked and projected against: the indicator and its partners' latest
/// figures.
public struct ScenarioContext: Sendable {
    public struct Partner: Sendable {
        public var name: String
        /// The partner's latest figure (numerator and denominator for a ratio), if any.
        public var value: Double?
        public var numerator: Double?
        public var denominator: Double?

        public init(name: String, value: Double?, numerator: Double? = nil, denominator: Double? = nil) {
            self.name = name
            self.value = value
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    public var frequency: Frequency
    public var rule: AggregationRule
    public var ratioScale: Double
    /// Partners the indicator is assigned to.
    public var partners: [UUID: Partner]
    /// The first period a change may start: the period containing today.
    public var firstPeriod: ReportingPeriod
    public var activities: Set<UUID>
    public var strategies: Set<UUID>

    public init(frequency: Frequency, rule: AggregationRule, ratioScale: Double = 100, partners: [UUID: Partner],
                firstPeriod: ReportingPeriod, activities: Set<UUID> = [], strategies: Set<UUID> = []) {
        self.frequency = frequency
        self.rule = rule
        self.ratioScale = ratioScale
        self.partners = partners
        self.firstPeriod = firstPeriod
        self.activities = activities
        self.strategies = strategies
    }

    /// Scenarios add to counts, stocks and ratios; a change to a mean, minimum or maximum has no
    /// single meaning.
    public var allowsScenarios: Bool { [.sum, .latest, .ratio].contains(rule) }

    /// The plan's problems by field (`name`, `changes.0.from`…); empty when it can be saved.
    public func problems(_ plan: ScenarioPlan, _ t: Texts = .current) -> FieldErrors {
        var errors = FieldErrors()
        guard allowsScenarios else {
            errors.add("indicator", t("scenario.error.rule"))
            return errors
        }
        let name = plan.name.trimmed
        if name.isEmpty { errors.add("name", t("scenario.error.name")) }
        if plan.name.count > ScenarioPlan.maximumNameLength || plan.name.containsUnshowableCharacters || plan.name.contains(where: \.isNewline) {
            errors.add("name", t("scenario.error.nameLength", ["count": t.count(ScenarioPlan.maximumNameLength)]))
        }
        if plan.description.count > ScenarioPlan.maximumDescriptionLength || plan.description.containsUnshowableCharacters {
            errors.add("description", t("scenario.error.description", ["count": t.count(ScenarioPlan.maximumDescriptionLength)]))
        }
        if plan.changes.isEmpty { errors.add("changes", t("scenario.error.noChanges")) }
        if plan.changes.count > ScenarioPlan.maximumChanges {
            errors.add("changes", t("scenario.error.tooManyChanges", ["count": t.count(ScenarioPlan.maximumChanges)]))
        }
        if plan.activityIDs.contains(where: { !activities.contains($0) }) { errors.add("activities", t("scenario.error.activity")) }
        if let strategy = plan.strategyID, !strategies.contains(strategy) { errors.add("strategy", t("scenario.error.strategy")) }
        for (index, change) in plan.changes.prefix(ScenarioPlan.maximumChanges).enumerated() {
            check(change, field: "changes.\(index)", &errors, t)
        }
        return errors
    }

    private func check(_ change: ScenarioChange, field: String, _ errors: inout FieldErrors, _ t: Texts) {
        if let period = ReportingPeriod(key: change.from), period.frequency == frequency {
            if period < firstPeriod { errors.add("\(field).from", t("scenario.error.past", ["period": t.period(firstPeriod)])) }
            if firstPeriod.steps(to: period) > Forecaster.longestHorizon { errors.add("\(field).from", t("scenario.error.tooFar")) }
        } else {
            errors.add("\(field).from", t("scenario.error.period", ["example": firstPeriod.key]))
        }
        func bounded(_ number: Double?, _ key: String) -> Double? {
            guard let number else { errors.add("\(field).\(key)", t("error.enterNumber")); return nil }
            guard number.isFinite, abs(number) <= ScenarioPlan.largestAmount else {
                errors.add("\(field).\(key)", t("scenario.error.amountRange", ["largest": t.number(ScenarioPlan.largestAmount)]))
                return nil
            }
            return number
        }
        switch change.kind {
        case .add, .grow:
            if change.partners.isEmpty { errors.add("\(field).partners", t("scenario.error.choosePartners")) }
            if Set(change.partners).count != change.partners.count || change.partners.contains(where: { partners[$0] == nil }) {
                errors.add("\(field).partners", t("scenario.error.notAssigned"))
            }
            guard let amount = bounded(change.amount, "amount") else { return }
            if amount == 0 { errors.add("\(field).amount", t("scenario.error.zero")) }
            // A first step that already takes a partner below zero (or a ratio past its scale) is no plan.
            for id in change.partners {
                guard let partner = partners[id] else { continue }
                if rule == .ratio {
                    let now = partner.value ?? 0
                    if now + amount < 0 || now + amount > ratioScale {
                        errors.add("\(field).amount", t("scenario.error.ratioOutside", ["partner": partner.name]))
                    }
                } else if (partner.value ?? 0) + amount < 0 {
                    errors.add("\(field).amount", t("scenario.error.negative", ["partner": partner.name]))
                }
            }
        case .join:
            let joining = change.name?.trimmed ?? ""
            if joining.isEmpty || joining.count > 120 || joining.containsUnshowableCharacters || joining.contains(where: \.isNewline) {
                errors.add("\(field).name", t("scenario.error.joinName"))
            }
            if !change.partners.isEmpty { errors.add("\(field).partners", t("scenario.error.joinPartners")) }
            if rule == .ratio {
                let numerator = bounded(change.numerator, "numerator"), denominator = bounded(change.denominator, "denominator")
                if let denominator, denominator <= 0 { errors.add("\(field).denominator", t("scenario.error.denominator")) }
                if let numerator, numerator < 0 { errors.add("\(field).numerator", t("scenario.error.joinNegative")) }
                if let numerator, let denominator, denominator > 0, numerator > denominator, ratioScale <= 100 {
                    errors.add("\(field).numerator", t("scenario.error.numeratorAbove"))
                }
            } else if let amount = bounded(change.amount, "amount"), amount < 0 {
                errors.add("\(field).amount", t("scenario.error.joinNegative"))
            }
        }
    }

    /// The forecast with the plan's changes: one figure per forecast period. A partner's
    /// contribution never goes below zero (nor a ratio past its scale); periods before a change's
    /// `from` are the forecast's own.
    public func projection(of plan: ScenarioPlan, on forecast: Forecast) -> [(period: ReportingPeriod, value: Double)] {
        forecast.points.map { point in
            var extra = 0.0, extraNumerator = 0.0, extraDenominator = 0.0
            for change in plan.changes {
                guard let from = ReportingPeriod(key: change.from), from.frequency == frequency, from <= point.period else { continue }
                let steps = Double(from.steps(to: point.period) + 1)
                switch change.kind {
                case .add, .grow:
                    let amount = (change.amount ?? 0) * (change.kind == .grow ? steps : 1)
                    for id in change.partners {
                        guard let partner = partners[id] else { continue }
                        if rule == .ratio {
                            guard let denominator = partner.denominator, denominator > 0 else { continue }
                            let now = partner.value ?? 0
                            extraNumerator += (min(ratioScale, max(0, now + amount)) - now) / ratioScale * denominator
                        } else {
                            extra += max(-(partner.value ?? 0), amount)
                        }
                    }
                case .join:
                    if rule == .ratio {
                        extraNumerator += max(0, change.numerator ?? 0)
                        extraDenominator += max(0, change.denominator ?? 0)
                    } else {
                        extra += max(0, change.amount ?? 0)
                    }
                }
            }
            guard rule == .ratio else { return (point.period, point.value + extra) }
            let numerator = (point.numerator ?? 0) + extraNumerator, denominator = (point.denominator ?? 0) + extraDenominator
            return (point.period, denominator > 0 ? min(ratioScale, max(0, numerator / denominator * ratioScale)) : point.value)
        }
    }
}
