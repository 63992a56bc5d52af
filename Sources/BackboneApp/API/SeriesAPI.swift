import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/indicators/{code}/series`: one indicator's initiative figures for
/// every period, with every breakdown (the indicator page shows one period at a time; this is
/// all of them), read from the stored aggregates. The same data makes the indicator's CSV file.
enum SeriesAPI {
    struct FigureDTO: Content {
        let value: Double?
        let numerator: Double?
        let denominator: Double?
        let partnersCounted: Int
        let provisionalPartners: Int

        init(_ row: RollupModel) {
            value = row.value
            numerator = row.numerator
            denominator = row.denominator
            partnersCounted = row.sources
            provisionalPartners = row.provisionalSources
        }
    }

    struct CellDTO: Content {
        let category: String
        let label: String
        let figure: FigureDTO
    }

    struct BreakdownDTO: Content {
        let dimension: String
        let name: String
        let cells: [CellDTO]
    }

    struct PeriodDTO: Content {
        let period: String
        let version: Int
        let total: FigureDTO?
        let breakdowns: [BreakdownDTO]
    }

    struct SeriesDTO: Content {
        let code: String
        let name: String
        let unit: String
        let aggregation: String
        let frequency: String
        let basis: String
        let partnersAssigned: Int
        let periods: [PeriodDTO]
    }

    /// GET /api/v1/initiatives/:slug/indicators/:code/series
    @Sendable static func series(req: Request) async throws -> SeriesDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let code = req.parameters.get("code") ?? ""
        guard let listing = try await IndicatorRepository(db: req.db, scope: access.scope).listing().first(where: { $0.indicator.code == code }) else {
            throw Abort(.notFound, reason: Texts.current("error.noIndicatorCode", ["code": String(code.prefix(80))]))
        }
        return try await series(req, access, listing)
    }

    static func series(_ req: Request, _ access: InitiativeAccess, _ listing: IndicatorListing) async throws -> SeriesDTO {
        let indicator = listing.indicator
        let basis: RollupBasis = access.initiative.dashboardsIncludeSubmitted ? .provisional : .approved
        let rows = try await RollupRepository(db: req.db, scope: access.scope)
            .initiativeCells(indicatorID: indicator.requireID(), frequency: indicator.parsedFrequency, basis: basis)
        let t = Texts.current
        let dimensions = try await IndicatorRepository(db: req.db, scope: access.scope).dimensions().map { $0.localized(t) }
        let groups = Dictionary(grouping: rows) { PeriodVersion(period: $0.periodKey, version: $0.version) }
        let periods = groups.keys.sorted { ($0.period, $0.version) < ($1.period, $1.version) }.map { key in
            let cells = groups[key] ?? []
            let breakdowns = dimensions.compactMap { dimension -> BreakdownDTO? in
                let inDimension = cells.filter { $0.dimensionKey == dimension.key }
                guard !inDimension.isEmpty else { return nil }
                // Categories in the breakdown's own order; one no longer listed keeps its key as label.
                let order = Dictionary(uniqueKeysWithValues: dimension.categories.enumerated().map { ($0.element.key, $0.offset) })
                return BreakdownDTO(dimension: dimension.key, name: dimension.name, cells: inDimension
                    .sorted { (order[$0.categoryKey] ?? .max, $0.categoryKey) < (order[$1.categoryKey] ?? .max, $1.categoryKey) }
                    .map { row in CellDTO(category: row.categoryKey, label: dimension.categories.first { $0.key == row.categoryKey }?.label ?? row.categoryKey,
                                          figure: FigureDTO(row)) })
            }
            return PeriodDTO(period: key.period, version: key.version,
                             total: cells.first { $0.dimensionKey.isEmpty }.map(FigureDTO.init), breakdowns: breakdowns)
        }
        return SeriesDTO(code: indicator.code, name: indicator.shownName, unit: listing.current.definition.unit.code,
                         aggregation: listing.current.definition.aggregation.rawValue, frequency: indicator.parsedFrequency.rawValue,
                         basis: basis.rawValue, partnersAssigned: listing.assignmentCount, periods: periods)
    }

    private struct PeriodVersion: Hashable {
        let period: String
        let version: Int
    }
}
