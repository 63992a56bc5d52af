import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/results`: the measurement overview as data, read from the stored
/// aggregates (the same numbers as the Results page).
enum ResultsAPI {
    struct FigureDTO: Content {
        let period: String
        let version: Int
        /// Absent when there is nothing to count (a ratio whose denominators add up to zero).
        let value: Double?
        let numerator: Double?
        let denominator: Double?
        let partnersCounted: Int
        let provisionalPartners: Int

        init(_ row: RollupModel) {
            period = row.periodKey
            version = row.version
            value = row.value
            numerator = row.numerator
            denominator = row.denominator
            partnersCounted = row.sources
            provisionalPartners = row.provisionalSources
        }
    }

    struct TargetDTO: Content {
        let baseline: Double
        let baselineDate: String
        let target: Double
        let targetDate: String
    }

    struct IndicatorResultDTO: Content {
        let code: String
        let name: String
        let unit: String
        let aggregation: String
        let frequency: String
        let partnersAssigned: Int
        let status: String
        let latest: FigureDTO?
        let partial: FigureDTO?
        let target: TargetDTO?
        let series: [FigureDTO]
    }

    struct ResultsDTO: Content {
        let basis: String
        let items: [IndicatorResultDTO]
    }

    /// GET /api/v1/initiatives/:slug/results: the same for everyone who may see results, so one
    /// answer per initiative is kept ready to send until its stamp moves (`AnswerCache`).
    @Sendable static func results(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let json = try await req.keptAnswer(access, "results.json", viewer: "") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(try await answer(req, access)), as: UTF8.self)
        }
        return Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(string: json))
    }

    private static func answer(_ req: Request, _ access: InitiativeAccess) async throws -> ResultsDTO {
        let (basis, items) = try await ResultsController.standings(req, access)
        return ResultsDTO(basis: basis.rawValue, items: items.map { item in
            IndicatorResultDTO(code: item.listing.indicator.code, name: item.listing.indicator.name,
                               unit: item.listing.current.definition.unit.code,
                               aggregation: item.listing.current.definition.aggregation.rawValue,
                               frequency: item.listing.indicator.frequency, partnersAssigned: item.listing.assignmentCount,
                               status: item.status.rawValue, latest: item.latest.map(FigureDTO.init), partial: item.partial.map(FigureDTO.init),
                               target: item.target.map { TargetDTO(baseline: $0.baselineValue, baselineDate: $0.baselineDate.formatted(.iso8601.year().month().day()),
                                                                   target: $0.targetValue, targetDate: $0.targetDate.formatted(.iso8601.year().month().day())) },
                               series: item.series.map(FigureDTO.init))
        })
    }
}
