import BackboneDomain
import BackbonePersistence
import FluentKit
import Vapor

/// Turns every error into a response a person or a program can act on: an HTML page for
/// browsers, RFC 9457 problem JSON under `/api/`. Bad input is always a 4xx; only our own
/// faults are 500, and their details go to the log, never to the client.
struct ErrorMiddleware: AsyncMiddleware {
    let metrics: BackboneMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var problem = classify(error, request: request)
            if request.url.path.hasPrefix("/api/") {
                if problem.httpStatus == .notFound, request.route == nil {
                    let allowed = Self.allowedMethods(for: request)
                    if !allowed.isEmpty {
                        problem = Problem(status: .methodNotAllowed, detail: Texts.current("error.addressAccepts", ["allowed": "\(allowed.joined(separator: ", "))"]))
                        problem.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
                    }
                }
                return try problem.response()
            }
            if problem.httpStatus == .unauthorized {
                return request.redirect(to: SiteURL.login.path)
            }
            let page = ErrorPage(status: problem.httpStatus, message: problem.detail, signedIn: request.signedIn, language: request.language)
            let response = page.response(status: problem.httpStatus)
            if let retryAfter = problem.headers.first(name: "Retry-After") {
                response.headers.replaceOrAdd(name: "Retry-After", value: retryAfter)
            }
            return response
        }
    }

    /// The methods registered for the request's path: a known address asked with the wrong
    /// method answers 405 with `Allow`, not 404.
    static func allowedMethods(for request: Request) -> [String] {
        let segments = request.url.path.split(separator: "/").map(String.init)
        return request.application.routes.all.filter { route in
            route.path.count == segments.count && zip(route.path, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let value): value == segment
                case .parameter: true
                case .anything, .catchall: true
                }
            }
        }.map(\.method.rawValue).sorted()
    }

    private func classify(_ error: any Error, request: Request) -> Problem {
        if let fault = DatabaseFault.of(error) {
            metrics.recordDatabaseError()
            request.logger.warning("database fault", metadata: ["fault": "\(fault)"])
            var problem = Problem(status: .serviceUnavailable, detail: fault.message)
            problem.headers.replaceOrAdd(name: "Retry-After", value: String(fault.retryAfter))
            return problem
        }
        switch error {
        case let errors as FieldErrors:
            return Problem(status: errors.isConflict ? .conflict : .unprocessableEntity,
                           detail: errors.isConflict ? Texts.current("error.wouldDuplicateSomethingThat") : Texts.current("error.someFieldsAreNot"),
                           errors: errors.messages.sorted { $0.key < $1.key }.map { .init(field: $0.key, message: $0.value) })
        case let abort as any AbortError:
            var problem = Problem(status: abort.status, detail: abort.reason)
            if abort.status == .payloadTooLarge {
                problem.detail = Texts.current("error.requestBodyTooLarge")
            } else if abort.reason == abort.status.reasonPhrase {
                problem.detail = Problem.plainMessage(for: abort.status)
            }
            problem.headers = abort.headers
            return problem
        case let decoding as DecodingError:
            return Problem(status: .badRequest, detail: Problem.describe(decoding))
        case is any DatabaseError:
            metrics.recordDatabaseError()
            request.logger.report(error: error)
            return Problem(status: .internalServerError, detail: Problem.plainMessage(for: .internalServerError))
        default:
            request.logger.report(error: error)
            return Problem(status: .internalServerError, detail: Problem.plainMessage(for: .internalServerError))
        }
    }
}

/// An RFC 9457 problem document.
struct Problem: Content {
    struct FieldProblem: Content {
        let field: String
        let message: String
    }

    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var errors: [FieldProblem]?
    var headers = HTTPHeaders()

    enum CodingKeys: String, CodingKey { case type, title, status, detail, errors }

    init(status: HTTPResponseStatus, detail: String, errors: [FieldProblem]? = nil) {
        self.title = status.reasonPhrase
        self.status = Int(status.code)
        self.detail = detail
        self.errors = errors
    }

    var httpStatus: HTTPResponseStatus { HTTPResponseStatus(statusCode: status) }

    func response() throws -> Response {
        let response = Response(status: httpStatus)
        try response.content.encode(self, as: .json)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        for (name, value) in headers where ["retry-after", "www-authenticate", "allow"].contains(name.lowercased()) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }

    static func plainMessage(for status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: Texts.current("error.thereNoSuchPage")
        case .unauthorized: Texts.current("error.signFirstSendValid")
        case .forbidden: Texts.current("error.youDoNotHave")
        case .methodNotAllowed: Texts.current("error.addressDoesNotAccept")
        case .unsupportedMediaType: Texts.current("error.sendBodyApplicationJson")
        case .tooManyRequests: Texts.current("error.tooManyRequestsWait")
        case .internalServerError: Texts.current("error.somethingWentWrongOn")
        default: status.reasonPhrase
        }
    }

    /// Says which field was wrong without echoing internal type names.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "the body" : "'\(keys.joined(separator: "."))'"
        }
        switch error {
        case .typeMismatch(_, let context): return Texts.current("error.wrongType", ["path": "\(path(context))"])
        case .valueNotFound(_, let context): return Texts.current("error.missingValue", ["path": "\(path(context))"])
        case .keyNotFound(let key, _): return "Missing field '\(key.stringValue)'."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? Texts.current("error.bodyNotValidJson2") : Texts.current("error.invalidValue", ["path": "\(path(context))"])
        @unknown default: return Texts.current("error.bodyCouldNotRead")
        }
    }
}

extension DatabaseFault {
    /// Also a request that waited too long for a database connection: the server is busy.
    static func of(_ error: any Error) -> DatabaseFault? {
        error is ConnectionPoolTimeoutError ? .busy : DatabaseFault(error)
    }
}
