import BackboneDomain
import Fluent
import Foundation
import SQLKit

extension ForecastInput {
    /// The forecast's view of an indicator's stored totals (any order, any versions).
    public init(rows: [RollupModel], frequency: Frequency, definition: IndicatorDefinition, partnersRequired: Int) {
        self.init(frequency: frequency, rule: definition.aggregation, ratioScale: definition.unit.ratioScale ?? 100,
                  partnersRequired: partnersRequired,
                  minimum: definition.minimum ?? (definition.unit.ratioScale != nil || definition.unit == .count ? 0 : nil),
                  maximum: definition.maximum ?? (definition.unit == .percent ? 100 : nil),
                  points: rows.compactMap { row in
                      row.period.map { .init(period: $0, version: row.version, value: row.value, numerator: row.numerator,
                                             denominator: row.denominator, partnersCounted: row.sources) }
                  })
    }
}

extension TargetModel {
    /// The forecast up to this target's period decides the status (`WhatItTakes`).
    public func whatItTakes(_ input: ForecastInput, polarity: Polarity) -> (Forecast, WhatItTakes?) {
        let forecast = Forecaster.forecast(input, through: ReportingPeriod.containing(targetDate, frequency: input.frequency))
        let taking = WhatItTakes(forecast: forecast, target: targetValue, by: targetDate, polarity: polarity, frequency: input.frequency,
                                 ratioScale: input.rule == .ratio ? input.ratioScale : nil, trajectory: trajectory(polarity))
        return (forecast, taking)
    }

    /// Where the indicator stands against this target, judged by its forecast.
    public func status(_ input: ForecastInput, polarity: Polarity) -> TargetStatus {
        if let taking = whatItTakes(input, polarity: polarity).1 { return taking.status }
        // No complete period yet: the latest figure, however partial, against the straight path.
        let latest = input.points.filter { $0.period.frequency == input.frequency && $0.value?.isFinite == true }.max { $0.period < $1.period }
        return trajectory(polarity).status(of: latest.map { Trajectory.Point(date: $0.period.end, value: $0.value!) })
    }
}

/// What forecasts and scenarios of one indicator read from the database: the initiative's totals
/// and each partner's, at the indicator's frequency. Read once per aggregate generation.
public struct IndicatorOutlook: Sendable {
    public let initiative: ForecastInput
    public let partners: [UUID: ForecastInput]

    public static func read(db: any Database, scope: InitiativeScope, indicator: IndicatorModel, definition: IndicatorDefinition,
                            assigned: Int, basis: RollupBasis) async throws -> IndicatorOutlook {
        let frequency = indicator.parsedFrequency
        let rows = try await RollupRepository(db: db, scope: scope).indicatorTotals(indicatorID: indicator.requireID(), frequency: frequency, basis: basis)
        let initiative = ForecastInput(rows: rows.filter { $0.organizationID == nil }, frequency: frequency, definition: definition,
                                       partnersRequired: max(1, assigned))
        let partners = Dictionary(grouping: rows.filter { $0.organizationID != nil }, by: { $0.organizationID! }).mapValues {
            ForecastInput(rows: $0, frequency: frequency, definition: definition, partnersRequired: 1)
        }
        return IndicatorOutlook(initiative: initiative, partners: partners)
    }

    /// Each partner's latest figure as scenarios read it (partners with none yet count as zero).
    public func scenarioPartners(assigned: [UUID], names: [UUID: String]) -> [UUID: ScenarioContext.Partner] {
        Dictionary(uniqueKeysWithValues: assigned.map { id in
            let latest = partners[id].map(Forecaster.segment)?.last
            return (id, ScenarioContext.Partner(name: names[id] ?? "", value: latest?.value, numerator: latest?.numerator, denominator: latest?.denominator))
        })
    }
}
