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

    public func targets(indicatorID: UUID) async throws -> [TargetModel] {
        try await TargetModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$indicatorID == indicatorID).all()
    }

    /// Sets (or replaces) the baseline and target of an indicator, for the initiative or one partner.
    public func set(indicator: IndicatorModel, organizationID: UUID?, baseline: Trajectory.Point, target: Trajectory.Point,
                    definition: IndicatorDefinition, now: Date) async throws {
        precondition(indicator.initiativeID == scope.initiativeID, "indicator outside scope")
        var errors = FieldErrors()
        if target.date <= baseline.date { errors.add("targetDate", "The target date must come after the baseline date.") }
        for (field, value) in [("baselineValue", baseline.value), ("targetValue", target.value)] {
            if !value.isFinite { errors.add(field, "Enter a number.") }
            if definition.unit == .percent, !(0...100).contains(value) { errors.add(field, "A percentage is between 0 and 100.") }
            if definition.unit == .count || definition.unit == .days, value < 0 { errors.add(field, "This cannot be negative.") }
        }
        if let organizationID, try await OrganizationRepository(db: db, scope: scope).find(id: organizationID) == nil {
            errors.add("organizationID", "Choose a partner of this initiative.")
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

    /// The latest period for which any partner (or the one given) has an approved total (or a
    /// submitted one when the initiative counts those as provisional), aggregated across partners
    /// by the indicator's rule.
    public func latestValue(indicator: IndicatorModel, definition: IndicatorDefinition, includeSubmitted: Bool, organizationID: UUID? = nil)
        async throws -> (period: ReportingPeriod, aggregate: Aggregate, provisional: Bool)? {
        let statuses = includeSubmitted ? [SubmissionStatus.approved.rawValue, SubmissionStatus.submitted.rawValue] : [SubmissionStatus.approved.rawValue]
        var submissionQuery = SubmissionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$status ~~ statuses)
        var valueQuery = try MeasurementValueModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$indicatorID == indicator.requireID()).filter(\.$dimensionKey == "")
        if let organizationID {
            submissionQuery = submissionQuery.filter(\.$organizationID == organizationID)
            valueQuery = valueQuery.filter(\.$organizationID == organizationID)
        }
        let submissions = try await submissionQuery.all()
        let counted = Dictionary(uniqueKeysWithValues: submissions.compactMap { s in s.id.map { ($0, s.parsedStatus) } })
        let rows = try await valueQuery.all().filter { counted[$0.submissionID] != nil }
        guard let latestKey = rows.compactMap({ ReportingPeriod(key: $0.periodKey) }).max()?.key,
              let period = ReportingPeriod(key: latestKey) else { return nil }
        let inPeriod = rows.filter { $0.periodKey == latestKey }
        let observations = inPeriod.compactMap { row -> Observation? in
            guard let value = row.entry.resolvedValue(definition.unit) else { return nil }
            return Observation(value: value, numerator: row.numerator, denominator: row.denominator, weight: row.weight, periodEnd: period.end)
        }
        let aggregate = definition.aggregation.acrossPartners(observations, ratioScale: definition.unit.ratioScale ?? 100)
        return (period, aggregate, inPeriod.contains { counted[$0.submissionID] == .submitted })
    }
}
