import Prometheus
import Vapor

/// Counts requests and records their latency by route pattern, and writes one log line per
/// request. The pattern (`/i/:slug/partners`) rather than the raw path is used on purpose: it
/// keeps the metric small and keeps one-time tokens in paths out of the logs.
struct RequestMetricsMiddleware: AsyncMiddleware {
    let metrics: BackboneMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        let elapsed = ContinuousClock.now - started
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        request.logger.info("\(request.method.rawValue) \(route) \(response.status.code)", metadata: [
            "duration_ms": "\(elapsed.components.attoseconds / 1_000_000_000_000_000 + elapsed.components.seconds * 1000)",
        ])
        return response
    }
}

/// The Prometheus registry and the series Backbone exposes at `/metrics`.
final class BackboneMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let databaseErrors: Counter

    init() {
        databaseErrors = registry.makeCounter(
            descriptor: .init(namespace: "backbone", metricName: "database_errors", unitName: "total",
                              helpText: "Database operations that failed."),
            labels: [])
    }

    func record(method: String, route: String, status: UInt, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: .init(namespace: "backbone", metricName: "http_requests", unitName: "total",
                              helpText: "HTTP requests answered, by route and status."),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "backbone", metricName: "http_request_duration", unitName: "seconds",
                              helpText: "Time to answer an HTTP request."),
            labels: [("method", method), ("route", route)],
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5)]
        ).record(duration)
    }

    func recordDatabaseError() { databaseErrors.increment() }

    func exposition() -> String { registry.emitToString() }
}
