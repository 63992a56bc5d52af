import BackboneDomain
import Fluent
import Foundation

/// Builds what the public may see of an initiative's results: the chosen indicators' approved
/// aggregates under their current definition, arranged as the choices say (chosen breakdowns,
/// consenting partners by name and the rest as "other partners", from the first chosen period),
/// then suppressed by `PublicResultsBuilder`. Reads stored aggregates only; never recomputes.
public struct PublicResultsComposer: Sendable {
    /// The words the answer carries, in the reader's language.
    public struct Words: Sendable {
        public var notKnown: String
        public var otherPartners: String
        public var indicatorName: @Sendable (IndicatorModel) -> String
        public var dimension: @Sendable (DisaggregationDimension) -> DisaggregationDimension

        public init(notKnown: String, otherPartners: String, indicatorName: @escaping @Sendable (IndicatorModel) -> String,
                    dimension: @escaping @Sendable (DisaggregationDimension) -> DisaggregationDimension) {
            self.notKnown = notKnown
            self.otherPartners = otherPartners
            self.indicatorName = indicatorName
            self.dimension = dimension
        }
    }

    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    public func compose(_ choices: PublishingChoices, words: Words) async throws -> PublicResults {
        let indicators = IndicatorRepository(db: db, scope: scope)
        let listing = Dictionary(try await indicators.listing().compactMap { entry in entry.indicator.id.map { ($0, entry) } },
                                 uniquingKeysWith: { first, _ in first })
        let dimensions = Dictionary(try await indicators.dimensions().map { ($0.key, words.dimension($0)) }, uniquingKeysWith: { first, _ in first })
        let named = try await namedPartners()
        let targets = try await TargetRepository(db: db, scope: scope).initiativeTargets()
        let chosen = choices.indicators.filter { listing[$0.indicatorID] != nil }
        let aggregates = Dictionary(grouping: try await RollupRepository(db: db, scope: scope).approvedForPublic(indicatorIDs: chosen.map(\.indicatorID)),
                                    by: \.indicatorID)
        var sources: [PublicIndicatorSource] = []
        for choice in chosen {
            guard let entry = listing[choice.indicatorID], PublicIndicatorSource.isPublishable(entry.current.definition.aggregation) else { continue }
            // Only the current definition's figures: a quarter under one version is the sum of its months under the same.
            let rows = (aggregates[choice.indicatorID] ?? []).filter { $0.version == entry.current.number && (choice.byPartner || $0.organizationID == nil) }
            let frequency = entry.indicator.parsedFrequency
            let stored = targets[choice.indicatorID]
            let target = stored.map { PublicTarget(value: $0.targetValue, period: ReportingPeriod.containing($0.targetDate, frequency: frequency).key) }
            let trajectory = stored.map {
                Trajectory(baseline: .init(date: $0.baselineDate, value: $0.baselineValue), target: .init(date: $0.targetDate, value: $0.targetValue),
                           polarity: entry.indicator.parsedPolarity)
            }
            sources.append(PublicIndicatorSource(
                code: entry.indicator.code, name: words.indicatorName(entry.indicator), unit: entry.current.definition.unit,
                rule: entry.current.definition.aggregation, polarity: entry.indicator.parsedPolarity, target: target, trajectory: trajectory,
                periods: periods(rows, choice: choice, frequency: frequency, rule: entry.current.definition.aggregation,
                                 breakdowns: choice.breakdowns.compactMap { dimensions[$0] }, named: named)))
        }
        return PublicResultsBuilder.results(sources, threshold: choices.disclosureThreshold, notKnown: words.notKnown, otherPartners: words.otherPartners)
    }

    /// Partners who agreed to be named, by organization: their names.
    private func namedPartners() async throws -> [UUID: String] {
        let consents = try await PublishingRepository(db: db, scope: scope).consents().filter(\.value.given)
        let organizations = try await OrganizationRepository(db: db, scope: scope).all()
        return Dictionary(organizations.compactMap { organization in
            organization.id.flatMap { consents[$0] == nil ? nil : ($0, organization.name) }
        }, uniquingKeysWith: { first, _ in first })
    }

    private func periods(_ rows: [RollupRepository.PublicAggregate], choice: PublicIndicatorChoice, frequency: Frequency, rule: AggregationRule,
                         breakdowns: [DisaggregationDimension], named: [UUID: String]) -> [PublicIndicatorSource.Period] {
        // Counts also publish their quarters and years; the builder keeps the complete ones.
        let frequencies = rule == .sum ? Set(Frequency.allCases.filter { $0 >= frequency }.map(\.rawValue)) : [frequency.rawValue]
        let kept = rows.filter { row in
            frequencies.contains(row.frequency) && ReportingPeriod(key: row.periodKey).map(choice.includes) == true
        }
        func figure(_ row: RollupRepository.PublicAggregate?) -> PublicIndicatorSource.Figure {
            PublicIndicatorSource.Figure(value: row?.value ?? 0, numerator: rule == .ratio ? row?.numerator ?? 0 : nil,
                                         denominator: rule == .ratio ? row?.denominator ?? 0 : nil)
        }
        return Dictionary(grouping: kept, by: \.periodKey).compactMap { key, rows -> PublicIndicatorSource.Period? in
            guard let period = ReportingPeriod(key: key),
                  let total = rows.first(where: { $0.organizationID == nil && $0.dimensionKey.isEmpty }) else { return nil }
            let cells = Dictionary(rows.filter { $0.organizationID == nil }.map { ("\($0.dimensionKey)/\($0.categoryKey)", $0) },
                                   uniquingKeysWith: { first, _ in first })
            let partnerRows = rows.compactMap { row in row.organizationID.map { (organization: $0, row: row) } }
                .filter { $0.row.dimensionKey.isEmpty }
                .sorted { (named[$0.organization] ?? "", $0.organization.uuidString) < (named[$1.organization] ?? "", $1.organization.uuidString) }
            let others = partnerRows.filter { named[$0.organization] == nil }.map(\.row)
            let otherFigures = others.map { figure($0) }
            return PublicIndicatorSource.Period(
                period: period, total: figure(total),
                breakdowns: breakdowns.map { dimension in
                    PublicIndicatorSource.Breakdown(dimension: dimension.name, categories: dimension.categories.map {
                        PublicIndicatorSource.Named(name: $0.label, figure: figure(cells["\(dimension.key)/\($0.key)"]))
                    })
                },
                partners: choice.byPartner ? partnerRows.compactMap { partner in
                    named[partner.organization].map { PublicIndicatorSource.Named(name: $0, figure: figure(partner.row)) }
                } : nil,
                others: PublicIndicatorSource.Figure(
                    value: otherFigures.reduce(0) { $0 + $1.value },
                    numerator: rule == .ratio ? otherFigures.reduce(0) { $0 + ($1.numerator ?? 0) } : nil,
                    denominator: rule == .ratio ? otherFigures.reduce(0) { $0 + ($1.denominator ?? 0) } : nil),
                otherCount: others.filter { $0.sources > 0 }.count)
        }
    }
}
