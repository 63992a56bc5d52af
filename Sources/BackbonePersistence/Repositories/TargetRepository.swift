import BackboneDomain
import Fluent
import Foundation

/// Baselines, targets, and where an indicator stands against them.
public struct TargetRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// The initiative-wide target of each indicator that has one.
    public func initiativeTargets() async throws -> [UUID: TargetModel] {
        let targets = try await TargetModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$organizationID == nil).all()
        return Dictionary(targets.map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func targets(indicatorID: UUID) async throws -> [TargetModel] {
        try await TargetModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$indicatorID == indicatorID).all()
    }

    /// Sets (or replaces) the baseline and target of an indicator, for the initiative or one partner.
    public func set(indicator: IndicatorModel, organizationID: UUID?, baseline: Trajectory.Point, target: Trajectory.Point,
                    definition: IndicatorDefinition, now: Date) async throws {
        precondition(indicator.initiativeID == scope.initiativeID, "indicator outside scope")
        var errors = FieldErrors()
        if target.date <= baseline.date { errors.add("targetDate", Texts.current("error.targetDateMustCome")) }
        for (field, value) in [("baselineValue", baseline.value), ("targetValue", target.value)] {
            if !value.isFinite { errors.add(field, Texts.current("error.enterNumber")) }
            if abs(value) > ValueRules.largestFigure { errors.add(field, Texts.current("error.enterNumberNoLarger")) }
            if definition.unit == .percent, !(0...100).contains(value) { errors.add(field, Texts.current("error.percentageBetween")) }
            if definition.unit == .count || definition.unit == .days, value < 0 { errors.add(field, Texts.current("error.cannotNegative")) }
            // People, sessions and credentials come whole; only an average of counts has a fraction.
            if definition.unit == .count, definition.aggregation != .weightedMean, value.isFinite, value != value.rounded() {
                errors.add(field, Texts.current("error.countIsWhole"))
            }
        }
        if let organizationID, try await OrganizationRepository(db: db, scope: scope).find(id: organizationID) == nil {
            errors.add("organizationID", Texts.current("error.choosePartnerInitiative"))
        }
        try errors.throwIfAny()
        let indicatorID = try indicator.requireID()
        try await db.transaction { tx in
            var existing = TargetModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID).filter(\.$indicatorID == indicatorID)
            existing = organizationID.map { id in existing.filter(\.$organizationID == id) } ?? existing.filter(\.$organizationID == nil)
            try await existing.delete()
            let model = TargetModel()
            model.initiativeID = scope.initiativeID
            model.indicatorID = indicatorID
            model.organizationID = organizationID
            model.baselineValue = baseline.value
            model.baselineDate = baseline.date
            model.targetValue = target.value
            model.targetDate = target.date
            model.updatedAt = now
            try await model.create(on: tx)
        }
    }

    /// Removes one partner's baseline and target; the initiative's own stays.
    public func remove(indicatorID: UUID, organizationID: UUID) async throws {
        try await TargetModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$indicatorID == indicatorID)
            .filter(\.$organizationID == organizationID).delete()
    }

    /// The latest period with a counted total for the initiative (or the one partner given), under
    /// the newest definition version reported in it, read from the stored aggregates. With
    /// `completeWith`, the latest period counting at least that many partners is preferred: a total
    /// from some partners only is not yet the initiative's.
    public func latestValue(indicator: IndicatorModel, includeSubmitted: Bool, organizationID: UUID? = nil, completeWith partners: Int = 1)
        async throws -> (period: ReportingPeriod, aggregate: Aggregate, provisional: Bool)? {
        let rows = try await RollupRepository(db: db, scope: scope).series(
            indicatorID: indicator.requireID(), frequency: indicator.parsedFrequency,
            basis: includeSubmitted ? .provisional : .approved, organizationID: organizationID)
        let counted = rows.filter { $0.value != nil }
        guard let latest = counted.last(where: { $0.sources >= partners }) ?? counted.last, let period = latest.period else { return nil }
        return (period, latest.cell.aggregate, latest.provisionalSources > 0)
    }
}
