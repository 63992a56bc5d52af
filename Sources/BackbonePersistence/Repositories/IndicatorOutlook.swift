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

/// What forecasts and scenarios of one indicator read from the database: the initiative's totals,
/// each partner's figure in the forecast's latest period, and the whole series of the partners
/// that have a target of their own. Read once per aggregate generation.
public struct IndicatorOutlook: Sendable {
    public let initiative: ForecastInput
    /// Partners with a target of their own: their totals, for their forecast.
    public let partners: [UUID: ForecastInput]
    /// Each partner's total in the forecast's latest period (a complete period: every assigned
    /// partner reported in it).
    public let latest: [UUID: Forecast.Observed]

    /// Reads with the indexes the pages use: the initiative's series, one period's rows, and one
    /// series per targeted partner; never every partner's whole history (at scale, hundreds of
    /// thousands of rows per indicator).
    public static func read(db: any Database, scope: InitiativeScope, indicator: IndicatorModel, definition: IndicatorDefinition,
                            assigned: Int, basis: RollupBasis, targeted: [UUID]) async throws -> IndicatorOutlook {
        let frequency = indicator.parsedFrequency
        let id = try indicator.requireID()
        let rollups = RollupRepository(db: db, scope: scope)
        let initiative = ForecastInput(rows: try await rollups.series(indicatorID: id, frequency: frequency, basis: basis), frequency: frequency,
                                       definition: definition, partnersRequired: max(1, assigned))
        var latest: [UUID: Forecast.Observed] = [:]
        if let period = Forecaster.segment(initiative).last?.period {
            let rows = try await rollups.period(indicatorID: id, periodKey: period.key, basis: basis)
                .filter { $0.organizationID != nil && $0.dimensionKey.isEmpty && $0.categoryKey.isEmpty && $0.value?.isFinite == true }
            for row in rows.sorted(by: { $0.version < $1.version }) {
                latest[row.organizationID!] = Forecast.Observed(period: period, value: row.value!, numerator: row.numerator, denominator: row.denominator)
            }
        }
        var partners: [UUID: ForecastInput] = [:]
        for organizationID in targeted {
            partners[organizationID] = ForecastInput(rows: try await rollups.series(indicatorID: id, frequency: frequency, basis: basis, organizationID: organizationID),
                                                     frequency: frequency, definition: definition, partnersRequired: 1)
        }
        return IndicatorOutlook(initiative: initiative, partners: partners, latest: latest)
    }

    /// Each partner's latest figure as scenarios read it (partners with none yet count as zero).
    public func scenarioPartners(assigned: [UUID], names: [UUID: String]) -> [UUID: ScenarioContext.Partner] {
        Dictionary(uniqueKeysWithValues: assigned.map { id in
            let figure = latest[id]
            return (id, ScenarioContext.Partner(name: names[id] ?? "", value: figure?.value, numerator: figure?.numerator, denominator: figure?.denominator))
        })
    }
}
