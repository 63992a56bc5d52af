import BackboneDomain
import BackbonePersistence
import Vapor

/// What the assessment pages and the API read: the rounds with their templates, and a closed
/// round's results with anonymity kept. Results exist only once a round has closed: while it is
/// open, each new answer would move the figures by exactly that person's answers.
struct AssessmentDesk {
    let access: InitiativeAccess
    let today: CalendarDay
    let rounds: [AssessmentRoundModel]
    let templates: [UUID: AssessmentTemplateModel]

    static func load(_ req: Request, _ access: InitiativeAccess) async throws -> AssessmentDesk {
        let repository = AssessmentRepository(db: req.db, scope: access.scope)
        let rounds = try await repository.rounds()
        return AssessmentDesk(access: access, today: CalendarDay(containing: Date(), in: access.initiative.zone), rounds: rounds,
                              templates: try await repository.templates(ids: Array(Set(rounds.map(\.templateID)))))
    }

    /// One round of this initiative; another initiative's or an unknown id is a page that does not exist.
    static func round(_ req: Request, _ access: InitiativeAccess, id: UUID) async throws -> (AssessmentDesk, AssessmentRoundModel) {
        let desk = try await load(req, access)
        guard let round = desk.rounds.first(where: { $0.id == id }) else { throw Abort(.notFound) }
        return (desk, round)
    }

    func template(of round: AssessmentRoundModel) -> AssessmentTemplate {
        templates[round.templateID]?.template ?? AssessmentTemplate.shipped[round.parsedKind]!
    }

    func version(of round: AssessmentRoundModel) -> Int { templates[round.templateID]?.version ?? 1 }

    /// A closed round's results as the caller may see them: everyone's, and the breakdowns only
    /// with `viewAssessmentBreakdowns`. Nil while the round is not closed.
    func results(_ req: Request, _ round: AssessmentRoundModel) async throws -> AssessmentResults? {
        guard round.state(on: today) == .closed else { return nil }
        let responses = try await AssessmentRepository(db: req.db, scope: access.scope).submitted(round, today: today)
        var results = AssessmentResults(template: template(of: round), responses: responses, threshold: round.threshold)
        if !access.can(.viewAssessmentBreakdowns) {
            results.bySector = []
            results.byBody = []
            results.hiddenSectors = 0
            results.hiddenBodies = 0
        }
        return results
    }

    /// One point of a section's trend: a closed round of the same kind, and its mean when that
    /// round asked the same template version (else the questions differ and nothing is compared).
    struct TrendPoint {
        let round: AssessmentRoundModel
        let comparable: Bool
        let respondents: Int
        let means: [String: Double]
    }

    /// Every closed round of the round's kind, oldest first, with everyone's section means
    /// (only where everyone's results may be shown).
    func trend(_ req: Request, of round: AssessmentRoundModel) async throws -> [TrendPoint] {
        var points: [TrendPoint] = []
        for other in rounds.reversed() where other.kind == round.kind && other.state(on: today) == .closed {
            let comparable = other.templateID == round.templateID
            let results = try await self.results(req, other)
            let means = comparable ? (results?.overall?.sections.compactMapValues(\.mean) ?? [:]) : [:]
            points.append(TrendPoint(round: other, comparable: comparable, respondents: results?.respondents ?? 0, means: means))
        }
        return points
    }

    /// The group a breakdown shows, in words.
    static func groupName(_ group: ResultGroup, bodies: [UUID: String]) -> String {
        switch group.kind {
        case .overall: Texts.current("assessment.everyone")
        case .sector: Sector(rawValue: group.key)?.title ?? group.key
        case .body: UUID(uuidString: group.key).flatMap { bodies[$0] } ?? Texts.current("assessment.unknownBody")
        }
    }
}
