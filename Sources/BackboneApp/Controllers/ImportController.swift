import BackboneDomain
import BackbonePersistence
import Vapor

/// CSV templates and imports of partners' figures.
enum ImportController {
    struct UploadForm: Content {
        var file: File?
        var submit: String?
        /// Past periods in one go (`import_history`): with `reason`, and `approve` to approve as they arrive.
        var historical: String?
        var reason: String?
        var approve: String?
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
        var page = ImportPage(access: access, header: try await ReportImporter(db: req.db, scope: access.scope).header())
        page.typed = .init(submit: form.submit == "on", historical: form.historical == "on", reason: form.reason ?? "", approve: form.approve == "on")
        let chrome = try await req.chrome(.reporting, access: access)
        guard let file = form.file, file.data.readableBytes > 0 else {
            page.problems = [.init(line: 0, column: "", message: Texts.current("error.chooseCsvFileUpload"))]
            return page.render(chrome).response(status: .unprocessableEntity)
        }
        let order: ImportOrder
        switch try makeOrder(Data(file.data.readableBytesView), historical: form.historical == "on", reason: form.reason,
                         approve: form.approve == "on", submit: form.submit == "on", allowed: allowed, access: access) {
        case .success(let made): order = made
        case .failure(let errors):
            page.errors = errors
            return page.render(chrome).response(status: .unprocessableEntity)
        }
        let userID = try req.requireSignedIn().user.requireID()
        let board = req.application.importProgress
        let key = form.progressToken.flatMap { ImportProgressBoard.isValid(token: $0) ? ImportProgressBoard.Key(userID: userID, token: $0) : nil }
        let (_, outcome) = try await ImportRunner.start(order, access: access, userID: userID, app: req.application) { progress in
            if let key { await board.update(key, progress) }
        }
        if let key {
            Task {
                _ = await outcome.result(within: .seconds(86_400))
                await board.finish(key)
            }
        }
        let wait = req.application.backbone.importWait
        if let result = await outcome.result(within: wait) {
            let (status, html) = try answer(result, page)
            return html.render(chrome).response(status: status)
        }
        // A long import: the page is sent when it ends, and until then a space every 10 s (`wait`) keeps
        // the connection from the 30 s idle timeout. The status is sent first, so it is 200 even
        // when the page reports problems.
        var headers = HTTPHeaders()
        headers.contentType = .html
        let shownPage = page
        return Response(status: .ok, headers: headers, body: .init(managedAsyncStream: { writer in
            while true {
                if let result = await outcome.result(within: wait) {
                    var shown = shownPage
                    do {
                        shown = try answer(result, shownPage).1
                    } catch {
                        // Too late for an error status: the page says it (all or nothing: nothing was written).
                        shown.problems = [.init(line: 0, column: "", message: DatabaseFault(error)?.message
                                                ?? Texts.current("error.importStoppedBecauseError"))]
                    }
                    try await writer.write(.buffer(ByteBuffer(string: shown.render(chrome).render())))
                    return
                }
                try await writer.write(.buffer(ByteBuffer(string: " ")))
            }
        }))
    }

    /// The import a form or an API call asks for, or what is wrong with the asking. Only
    /// `import_history` may import history; approving on arrival is for history only.
    static func makeOrder(_ data: Data, historical: Bool, reason: String?, approve: Bool, submit: Bool,
                      allowed: Set<UUID>?, access: InitiativeAccess) throws -> Result<ImportOrder, FieldErrors> {
        guard historical else {
            if approve { return .failure(FieldErrors("approve", Texts.current("error.approveOnlyHistorical"))) }
            return .success(ImportOrder(data: data, allowedOrganizations: allowed, outcome: submit ? .submitted : .draft, historicalReason: nil))
        }
        guard access.can(.importHistory) else {
            throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot4", ["role": "\(access.role.title)"]))
        }
        return ImportOrder.checkedReason(reason).map { reason in
            ImportOrder(data: data, allowedOrganizations: nil, outcome: approve ? .approved : submit ? .submitted : .draft, historicalReason: reason)
        }
    }

    /// The page for an import's outcome: its summary, or its problems (422); any other error is
    /// the server's to answer.
    private static func answer(_ result: Result<ReportImporter.Summary, any Error>, _ page: ImportPage) throws -> (HTTPResponseStatus, ImportPage) {
        var page = page
        switch result {
        case .success(let summary):
            page.summary = summary
            return (.ok, page)
        case .failure(let problem as CSVTable.Problem):
            page.problems = [.init(line: problem.line ?? 0, column: "", message: problem.message)]
        case .failure(let problems as ReportImporter.ImportProblems):
            page.problems = problems.problems
        case .failure(let error):
            throw error
        }
        return (.unprocessableEntity, page)
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
    static func allowedOrganizations(_ access: InitiativeAccess) throws -> Set<UUID>? {
        if access.can(.reportForAnyPartner) { return nil }
        guard access.can(.reportForOwnOrganization), let own = access.membership?.organizationID else {
            throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot4", ["role": "\(access.role.title)"]))
        }
        return [own]
    }
}
