import BackboneDomain
import BackbonePersistence
import Vapor

/// Results as CSV files for spreadsheets (see `CSVExport` for what makes them safe to open):
/// the same stored figures the pages and the API show, on the same basis.
enum ExportController {
    /// GET /i/:slug/results.csv: every indicator's initiative total for every period.
    @Sendable static func results(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let reading = try await ResultsController.reading(req, access)
        var rows: [[CSVCell]] = []
        for entry in reading.listing {
            let id = entry.indicator.id!
            let target = reading.targets[id]
            for row in reading.totals[id]?[entry.indicator.parsedFrequency.rawValue] ?? [] {
                rows.append([.text(entry.indicator.code), .text(entry.indicator.shownName), .text(entry.current.definition.unit.code),
                             .text(row.periodKey), .number(Double(row.version)), .number(row.value), .number(row.numerator), .number(row.denominator),
                             .number(Double(row.sources)), .number(Double(entry.assignmentCount)), .number(Double(row.provisionalSources)),
                             .number(target?.targetValue), .text(target.map { $0.targetDate.formatted(.iso8601.year().month().day()) } ?? "")])
            }
        }
        let header = ["indicator_code", "indicator", "unit", "period", "version", "value", "numerator", "denominator",
                      "partners_counted", "partners_assigned", "provisional_partners", "target", "target_date"]
        return csv(CSVExport.document(header: header, rows: rows), filename: "\(access.slug)-results-\(reading.basis.rawValue).csv")
    }

    /// GET /i/:slug/indicators/:id/series.csv: one indicator, every period, every breakdown.
    @Sendable static func series(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let indicator = try await IndicatorController.find(req, access)
        guard let listing = try await IndicatorRepository(db: req.db, scope: access.scope).listing().first(where: { $0.indicator.id == indicator.id }) else {
            throw Abort(.notFound)
        }
        let series = try await SeriesAPI.series(req, access, listing)
        var rows: [[CSVCell]] = []
        func figure(_ figure: SeriesAPI.FigureDTO) -> [CSVCell] {
            [.number(figure.value), .number(figure.numerator), .number(figure.denominator),
             .number(Double(figure.partnersCounted)), .number(Double(figure.provisionalPartners))]
        }
        for period in series.periods {
            let lead: [CSVCell] = [.text(series.code), .text(period.period), .number(Double(period.version))]
            if let total = period.total { rows.append(lead + [.text(""), .text(""), .text("")] + figure(total)) }
            for breakdown in period.breakdowns {
                for cell in breakdown.cells {
                    rows.append(lead + [.text(breakdown.name), .text(cell.category), .text(cell.label)] + figure(cell.figure))
                }
            }
        }
        let header = ["indicator_code", "period", "version", "breakdown", "category_key", "category", "value", "numerator", "denominator",
                      "partners_counted", "provisional_partners"]
        return csv(CSVExport.document(header: header, rows: rows), filename: "\(access.slug)-\(series.code)-\(series.basis).csv")
    }

    static func csv(_ text: String, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        // Slugs and codes are letters, digits and dashes, but the name is quoted all the same.
        let safe = filename.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(safe)\"")
        return response
    }
}
