import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/imports`: the import page's CSV import for scripts. A post answers
/// 202 at once with the import's id; its progress and outcome are read from `GET .../imports/{id}`
/// (by any instance: the record is in the database). All or nothing, as on the page.
enum ImportAPI {
    struct UploadBody: Content {
        var file: File?
        /// regular (default) or historical.
        var mode: String?
        /// What the reports become: draft (default), submitted, or approved (historical only).
        var status: String?
        var reason: String?
    }

    struct LineDTO: Content {
        let line: Int
        let column: String
        let message: String
    }

    struct ImportDTO: Content {
        let id: UUID
        let state: String
        let mode: String
        let status: String
        let reason: String
        let fileBytes: Int
        let rows: Int
        let reportsChanged: Int
        let reportsUnchanged: Int
        let problems: [LineDTO]
        let warnings: [LineDTO]
        let startedAt: Date
        let finishedAt: Date?

        init(_ record: ImportRecordModel) {
            id = record.id!
            state = record.state
            mode = record.mode
            status = record.outcomeStatus
            reason = record.reason
            fileBytes = record.fileBytes
            rows = record.rows
            reportsChanged = record.reportsChanged
            reportsUnchanged = record.reportsUnchanged
            problems = record.problems.map { LineDTO(line: $0.line, column: $0.column, message: $0.message) }
            warnings = record.warnings.map { LineDTO(line: $0.line, column: $0.column, message: $0.message) }
            startedAt = record.startedAt
            finishedAt = record.finishedAt
        }
    }

    /// POST /api/v1/initiatives/:slug/imports (multipart/form-data: file, mode, status, reason)
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let allowed = try ImportController.allowedOrganizations(access)
        guard req.headers.contentType?.type == "multipart", req.headers.contentType?.subType == "form-data" else {
            throw Abort(.unsupportedMediaType, reason: Texts.current("error.sendMultipartFile"))
        }
        // A multipart body without parts, or with a part that is not what it says, is the
        // client's mistake: it gets the field to send, never a server error.
        guard let body = try? req.content.decode(UploadBody.self) else { throw FieldErrors("file", Texts.current("error.sendMultipartFile")) }
        var errors = FieldErrors()
        let mode = (body.mode ?? "").trimmed.isEmpty ? "regular" : body.mode!.trimmed
        if !["regular", "historical"].contains(mode) { errors.add("mode", Texts.current("error.importModeUnknown")) }
        let status = (body.status ?? "").trimmed.isEmpty ? "draft" : body.status!.trimmed
        if !["draft", "submitted", "approved"].contains(status) { errors.add("status", Texts.current("error.importStatusUnknown")) }
        // A reason is checked wherever it is sent, so that a bad one is never silently dropped.
        if !(body.reason ?? "").trimmed.isEmpty, case .failure(let problem) = ImportOrder.checkedReason(body.reason) {
            for (field, message) in problem.messages { errors.add(field, message) }
        }
        guard let file = body.file, file.data.readableBytes > 0 else {
            errors.add("file", Texts.current("error.chooseCsvFileUpload"))
            throw errors
        }
        try errors.throwIfAny()
        let order = try ImportController.makeOrder(Data(file.data.readableBytesView), historical: mode == "historical", reason: body.reason,
                                                   approve: status == "approved", submit: status == "submitted", allowed: allowed, access: access).get()
        let (id, _) = try await ImportRunner.start(order, access: access, userID: try req.requireSignedIn().user.requireID(), app: req.application)
        guard let record = try await ImportRecordRepository(db: req.db, scope: access.scope).find(id: id) else { throw Abort(.internalServerError) }
        let response = try await ImportDTO(record).encodeResponse(status: .accepted, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/initiatives/\(access.slug)/imports/\(id.uuidString.lowercased())")
        return response
    }

    /// GET /api/v1/initiatives/:slug/imports/:id: for whoever ran it, and the backbone.
    @Sendable static func show(req: Request) async throws -> ImportDTO {
        let access = try await req.initiativeAccess()
        let userID = try req.requireSignedIn().user.requireID()
        guard let record = try await ImportRecordRepository(db: req.db, scope: access.scope).find(id: req.uuidParameter("id")),
              record.userID == userID || access.can(.reportForAnyPartner)
        else { throw Abort(.notFound) }
        return ImportDTO(record)
    }
}
