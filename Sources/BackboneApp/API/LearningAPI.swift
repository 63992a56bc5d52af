import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/learning`: the learning summary for a span of periods, with the
/// figures every statement rests on (rules in docs/learning.md).
enum LearningAPI {
    struct EvidenceDTO: Content {
        let role: String
        let period: String?
        let value: Double
    }

    struct StatementDTO: Content {
        let kind: String
        let indicatorId: UUID
        let indicatorName: String
        let unit: String
        /// The statement in the caller's language.
        let sentence: String
        let evidence: [EvidenceDTO]
        let missingPeriods: [String]
        let path: String

        init(_ statement: LearningStatement, slug: String, t: Texts) {
            kind = statement.kind.rawValue
            indicatorId = statement.indicatorID
            indicatorName = statement.indicatorName
            unit = statement.unit
            sentence = statement.sentence(t)
            evidence = statement.evidence.map { EvidenceDTO(role: $0.role.rawValue, period: $0.period, value: $0.value) }
            missingPeriods = statement.missingPeriods
            path = SiteURL.indicator(slug: slug, id: statement.indicatorID).path
        }
    }

    struct SummaryDTO: Content {
        let from: String
        let to: String
        let basis: String
        let statements: [StatementDTO]
    }

    struct Query: Decodable {
        var from: String?
        var to: String?
    }

    /// GET /api/v1/initiatives/:slug/learning?from=PERIOD&to=PERIOD
    @Sendable static func summary(req: Request) async throws -> SummaryDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let span = try span(req.query.decode(Query.self), now: Date())
        let reading = try await ResultsController.reading(req, access)
        let statements = LearningSummary.statements(for: reading.learningInputs, span: span, now: Date(),
                                                    calendar: access.initiative.reportingCalendar)
        return SummaryDTO(from: span.first.key, to: span.last.key, basis: reading.basis.rawValue,
                          statements: statements.map { StatementDTO($0, slug: access.slug, t: Texts.current) })
    }

    /// The span asked for: both ends as period keys (2026-03, 2026-Q1, 2026), or neither for the
    /// last four quarters.
    static func span(_ query: Query, now: Date) throws -> LearningSpan {
        let from = query.from ?? "", to = query.to ?? ""
        if from.isEmpty, to.isEmpty { return .year(endingIn: now) }
        // Exactly as written by `ReportingPeriod.key`: no spaces, a capital Q.
        func period(_ key: String) -> ReportingPeriod? { ReportingPeriod(key: key).flatMap { $0.key == key ? $0 : nil } }
        guard let first = period(from) else {
            throw Abort(.unprocessableEntity, reason: Texts.current("error.learningPeriod", ["field": "from"]))
        }
        guard let last = period(to) else {
            throw Abort(.unprocessableEntity, reason: Texts.current("error.learningPeriod", ["field": "to"]))
        }
        guard let span = LearningSpan(first: first, last: last) else {
            throw Abort(.unprocessableEntity, reason: Texts.current("error.learningSpanOrder"))
        }
        return span
    }
}
