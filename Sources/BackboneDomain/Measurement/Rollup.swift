import Foundation

/// Which reports a total counts: only approved ones (the default), or approved and submitted ones
/// (marked provisional) when the initiative chooses so. Both are kept, so switching the setting
/// changes no numbers behind the scenes.
public enum RollupBasis: String, Codable, Sendable, CaseIterable {
    case approved
    case provisional

    public func counts(_ status: SubmissionStatus) -> Bool {
        status == .approved || (self == .provisional && status == .submitted)
    }
}

/// A stored figure as the aggregation engine sees it.
public struct RawFigure: Equatable, Sendable {
    public var period: ReportingPeriod
    public var version: Int
    public var dimensionKey: String
    public var categoryKey: String
    public var entry: ValueEntry
    public var status: SubmissionStatus

    public init(period: ReportingPeriod, version: Int, dimensionKey: String, categoryKey: String, entry: ValueEntry, status: SubmissionStatus) {
        self.period = period
        self.version = version
        self.dimensionKey = dimensionKey
        self.categoryKey = categoryKey
        self.entry = entry
        self.status = status
    }
}

/// One aggregate's address within an indicator and a period: which definition version it is
/// under (series are never added across a definition break), which cell ("" for the total), and
/// which reports it counts.
public struct RollupKey: Hashable, Sendable {
    public var version: Int
    public var dimensionKey: String
    public var categoryKey: String
    public var basis: RollupBasis

    public init(version: Int, dimensionKey: String, categoryKey: String, basis: RollupBasis) {
        self.version = version
        self.dimensionKey = dimensionKey
        self.categoryKey = categoryKey
        self.basis = basis
    }
}

/// An aggregate with where it came from: how many figures (for one partner) or partners (for the
/// initiative) went in, and how many of those are only submitted, not yet approved.
public struct RollupCell: Equatable, Sendable {
    public var aggregate: Aggregate
    public var sources: Int
    public var provisionalSources: Int

    public init(aggregate: Aggregate, sources: Int, provisionalSources: Int) {
        self.aggregate = aggregate
        self.sources = sources
        self.provisionalSources = provisionalSources
    }
}

/// The two steps every total is built from, shared by the incremental upkeep and the full
/// recomputation: one partner's figures within a period (its months into a quarter, say), then
/// those partner aggregates across partners. Partner first, because a stock ("latest") is each
/// partner's own latest figure, and the initiative's stock is their sum.
public enum Rollup {
    /// The periods a figure for `period` counts in: the period itself, and the quarter and year
    /// containing it when those are longer.
    public static func levels(of period: ReportingPeriod) -> [ReportingPeriod] {
        Frequency.allCases.sorted().filter { $0 >= period.frequency }.map { period.within($0) }
    }

    /// One partner's figures of one indicator falling within one period, aggregated per version,
    /// cell and basis by the rule of that version. Versions missing from `definitions` are skipped.
    public static func partner(_ figures: [RawFigure], definitions: [Int: IndicatorDefinition]) -> [RollupKey: RollupCell] {
        var groups: [RollupKey: [(Observation, SubmissionStatus)]] = [:]
        for figure in figures {
            guard let definition = definitions[figure.version], let observation = observation(figure, definition) else { continue }
            for basis in RollupBasis.allCases where basis.counts(figure.status) {
                let key = RollupKey(version: figure.version, dimensionKey: figure.dimensionKey, categoryKey: figure.categoryKey, basis: basis)
                groups[key, default: []].append((observation, figure.status))
            }
        }
        return groups.reduce(into: [:]) { result, group in
            let definition = definitions[group.key.version]!
            let aggregate = definition.aggregation.acrossSubPeriods(group.value.map(\.0), ratioScale: definition.unit.ratioScale ?? 100)
            result[group.key] = RollupCell(aggregate: aggregate, sources: group.value.count,
                                           provisionalSources: group.value.filter { $0.1 == .submitted }.count)
        }
    }

    /// Partners' aggregates for the same period combined into the initiative's.
    public static func initiative(_ partners: [[RollupKey: RollupCell]], definitions: [Int: IndicatorDefinition]) -> [RollupKey: RollupCell] {
        var groups: [RollupKey: [RollupCell]] = [:]
        for cells in partners {
            for (key, cell) in cells where cell.aggregate.asObservation != nil { groups[key, default: []].append(cell) }
        }
        return groups.reduce(into: [:]) { result, group in
            guard let definition = definitions[group.key.version] else { return }
            let aggregate = definition.aggregation.acrossPartners(group.value.compactMap(\.aggregate.asObservation),
                                                                   ratioScale: definition.unit.ratioScale ?? 100)
            result[group.key] = RollupCell(aggregate: aggregate, sources: group.value.count,
                                           provisionalSources: group.value.filter { $0.provisionalSources > 0 }.count)
        }
    }

    /// A figure as an observation, or nil when it holds nothing to count (a figure not entered).
    static func observation(_ figure: RawFigure, _ definition: IndicatorDefinition) -> Observation? {
        let entry = figure.entry
        if definition.aggregation == .ratio {
            guard let numerator = entry.numerator, let denominator = entry.denominator else { return nil }
            return .ratio(numerator, denominator, scale: definition.unit.ratioScale ?? 100, periodEnd: figure.period.end)
        }
        guard let value = entry.resolvedValue(definition.unit) else { return nil }
        return Observation(value: value, numerator: entry.numerator, denominator: entry.denominator, weight: entry.weight,
                           periodEnd: figure.period.end)
    }
}
