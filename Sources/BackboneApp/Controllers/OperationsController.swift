import BackbonePersistence
import Fluent
import SQLKit
import Vapor

/// Health, metrics and static assets.
enum OperationsController {
    /// GET /healthz: 200 when the database answers and accepts writes and (SQLite) its disk has
    /// room; 503 with one line per problem otherwise.
    @Sendable static func health(req: Request) async throws -> Response {
        var problems: [String] = []
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS ok").all()
            let config = req.application.backbone
            problems = await DatabaseHealth.problems(req.db, location: config.database, minimumFreeBytes: config.minimumFreeDiskBytes)
        } catch {
            req.logger.error("health check: database did not answer", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            problems = ["database unavailable"]
        }
        if !problems.isEmpty { req.logger.warning("health check failed", metadata: ["problems": "\(problems.joined(separator: "; "))"]) }
        let status: HTTPResponseStatus = problems.isEmpty ? .ok : .serviceUnavailable
        let response = Response(status: status, body: .init(string: problems.isEmpty ? "ok\n" : problems.joined(separator: "\n") + "\n"))
        response.headers.contentType = .plainText
        return response
    }

    /// GET /metrics: Prometheus text format, for a scraper that sends `BACKBONE_METRICS_TOKEN` as
    /// a bearer token; without the setting the address does not exist.
    @Sendable static func metrics(req: Request) async throws -> Response {
        guard let token = req.application.backbone.metricsToken else { throw Abort(.notFound) }
        guard SecretToken.equal(req.headers.bearerAuthorization?.token ?? "", token) else {
            // An answer for a program, not the sign-in page a browser would be sent to.
            let refused = Response(status: .unauthorized, body: .init(string: "Send the metrics token as a bearer token.\n"))
            refused.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            refused.headers.contentType = .plainText
            return refused
        }
        let response = Response(status: .ok, body: .init(string: req.application.metrics.exposition()))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return response
    }

    /// GET /assets/backbone.css
    @Sendable static func stylesheet(req: Request) async throws -> Response { asset(Resources.stylesheet, type: "text/css") }

    /// GET /assets/import.js: progress for CSV imports (the import form works without it).
    @Sendable static func importScript(req: Request) async throws -> Response { asset(Resources.importScript, type: "text/javascript") }

    /// GET /assets/report.js: running sums and ratio values on the report form (it works without it).
    @Sendable static func reportScript(req: Request) async throws -> Response { asset(Resources.reportScript, type: "text/javascript") }

    /// GET /assets/live.js: keeps open results pages current (they work without it).
    @Sendable static func liveScript(req: Request) async throws -> Response { asset(Resources.liveScript, type: "text/javascript") }

    /// GET /assets/session.js: warns before a session runs out while a form is open.
    @Sendable static func sessionScript(req: Request) async throws -> Response { asset(Resources.sessionScript, type: "text/javascript") }
    @Sendable static func printScript(req: Request) async throws -> Response { asset(Resources.printScript, type: "text/javascript") }

    /// Shipped files hold nothing private, so unlike pages they may be cached.
    private static func asset(_ text: String, type: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "\(type); charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    /// GET /api/openapi.yaml
    @Sendable static func openAPI(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Resources.openAPI))
        response.headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        return response
    }
}

/// Files shipped inside the app target, read once.
enum Resources {
    static let stylesheet = load("backbone", "css")
    static let openAPI = load("openapi", "yaml")
    static let importScript = load("import", "js")
    static let liveScript = load("live", "js")
    static let reportScript = load("report", "js")
    static let sessionScript = load("session", "js")
    static let printScript = load("print", "js")

    private static func load(_ name: String, _ ext: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("resource \(name).\(ext) is missing from the build") }
        return text
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = BackboneMetrics }

    var metrics: BackboneMetrics {
        if let metrics = storage[MetricsKey.self] { return metrics }
        let metrics = BackboneMetrics()
        storage[MetricsKey.self] = metrics
        return metrics
    }
}
