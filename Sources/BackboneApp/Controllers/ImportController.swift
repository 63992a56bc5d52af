import BackboneDomain
import BackbonePersistence
import Vapor

/// CSV templates and imports of partners' figures.
enum ImportController {
    struct UploadForm: Content {
        var file: File?
        var submit: String?
        /// Made up by the page's script to ask how far the import is (see `ImportProgressBoard`).
        var progressToken: String?
    }

    /// Uploads may be this large (the CSV limit plus room for the form around it).
    static let maxUploadBytes = CSVTable.maximumBytes + 64 * 1024

    /// GET /i/:slug/reporting/import
    @Sendable static func form(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        _ = try allowedOrganizations(access)
        return ImportPage(access: access, header: try await ReportImporter(db: req.db, scope: access.scope).header())
            .render(try await req.chrome(.reporting, access: access)).response()
    }

    /// POST /i/:slug/reporting/import (multipart/form-data with `file`)
    @Sendable static func upload(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let allowed = try allowedOrganizations(access)
        let form = try req.content.decode(UploadForm.self)
        let importer = ReportImporter(db: req.db, scope: access.scope)
        var page = ImportPage(access: access, header: try await importer.header())
        guard let file = form.file, file.data.readableBytes > 0 else {
            page.problems = [.init(line: 0, column: "", message: "Choose a CSV file to upload.")]
            return page.render(try await req.chrome(.reporting, access: access)).response(status: .unprocessableEntity)
        }
        let userID = try req.requireSignedIn().user.requireID()
        let board = req.application.importProgress
        let key = form.progressToken.flatMap { ImportProgressBoard.isValid(token: $0) ? ImportProgressBoard.Key(userID: userID, token: $0) : nil }
        defer { if let key { Task { await board.finish(key) } } }
        do {
            let table = try CSVTable.parse(Data(file.data.readableBytesView))
            page.summary = try await importer.run(table, allowedOrganizations: allowed, intent: form.submit == "on" ? .submit : .saveDraft,
                                                  userID: userID, now: Date()) { progress in
                if let key { await board.update(key, progress) }
            }
            if (page.summary?.reportsChanged ?? 0) > 0 { await req.announceChange(in: access, indicatorIDs: []) }
            return page.render(try await req.chrome(.reporting, access: access)).response()
        } catch let problem as CSVTable.Problem {
            page.problems = [.init(line: problem.line ?? 0, column: "", message: problem.message)]
        } catch let problems as ReportImporter.ImportProblems {
            page.problems = problems.problems
        }
        return page.render(try await req.chrome(.reporting, access: access)).response(status: .unprocessableEntity)
    }

    struct ProgressDTO: Content {
        let phase: String
        let done: Int
        let total: Int
    }

    /// GET /i/:slug/reporting/import/progress/:token: how far the signed-in person's running
    /// import is; "unknown" when this instance runs no such import.
    @Sendable static func progress(req: Request) async throws -> ProgressDTO {
        _ = try await req.initiativeAccess()
        let token = req.parameters.get("token") ?? ""
        guard ImportProgressBoard.isValid(token: token) else { throw Abort(.notFound) }
        let key = ImportProgressBoard.Key(userID: try req.requireSignedIn().user.requireID(), token: token)
        guard let progress = await req.application.importProgress.progress(key) else { return ProgressDTO(phase: "unknown", done: 0, total: 0) }
        return ProgressDTO(phase: progress.phase.rawValue, done: progress.done, total: progress.total)
    }

    /// GET /i/:slug/reporting/:organization/:period/template.csv: the period's figures (blank
    /// where not yet entered) in the import format, to fill in and upload.
    @Sendable static func template(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        guard let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: req.uuidParameter("organization")),
              let period = ReportingPeriod(key: req.parameters.get("period") ?? "")
        else { throw Abort(.notFound) }
        let own = access.membership?.organizationID == organization.id
        guard own || access.can(.reportForAnyPartner) || access.can(.reviewReports) else { throw Abort(.forbidden) }
        let importer = ReportImporter(db: req.db, scope: access.scope)
        let header = try await importer.header()
        let reporting = ReportingRepository(db: req.db, scope: access.scope)
        let assigned = try await reporting.assigned(organizationID: organization.requireID(), period: period)
        let stored = try await reporting.reports(organizationID: organization.requireID(), periodKey: period.key)
        var rows: [[String]] = []
        func row(_ item: AssignedIndicator, dimension: String?, category: String?, entry: ValueEntry, comment: String) -> [String] {
            header.map { column in
                switch column {
                case "indicator_code": item.indicator.code
                case "partner": organization.name
                case "period": period.key
                case "value": entry.value.map(MeasurementText.plain) ?? ""
                case "numerator": entry.numerator.map(MeasurementText.plain) ?? ""
                case "denominator": entry.denominator.map(MeasurementText.plain) ?? ""
                case "weight": entry.weight.map(MeasurementText.plain) ?? ""
                case "comment": comment
                default: column == dimension ? (category ?? "") : ""
                }
            }
        }
        for item in assigned {
            let report = stored[item.id] ?? IndicatorReport(total: ValueEntry())
            rows.append(row(item, dimension: nil, category: nil, entry: report.total, comment: report.comment))
            for dimension in item.dimensions {
                for category in dimension.categories {
                    rows.append(row(item, dimension: dimension.key, category: category.key,
                                    entry: report.cells[dimension.key]?[category.key] ?? ValueEntry(), comment: ""))
                }
            }
        }
        let response = Response(status: .ok, body: .init(string: CSVTable.write(header: header, rows: rows)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        let name = "\(organization.name.lowercased().filter { $0.isLetter || $0.isNumber })-\(period.key).csv"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return response
    }

    /// The backbone imports for anyone; a data steward for their own organization only.
    private static func allowedOrganizations(_ access: InitiativeAccess) throws -> Set<UUID>? {
        if access.can(.reportForAnyPartner) { return nil }
        guard access.can(.reportForOwnOrganization), let own = access.membership?.organizationID else {
            throw Abort(.forbidden, reason: "Your role (\(access.role.title)) does not allow importing figures.")
        }
        return [own]
    }
}
