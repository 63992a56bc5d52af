import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/assessments` and `/periodic-assessments`: rounds with their
/// questions, the caller's own answers, a closed round's anonymous results, and the periodic
/// assessments shared with the steering committee. Same checks as the pages (`AssessmentDesk`,
/// `AssessmentController.save`).
enum AssessmentAPI {
    struct QuestionDTO: Content {
        let key: String
        let statement: String
    }

    struct SectionDTO: Content {
        let key: String
        let name: String
        let phase: ReadinessPhase?
        let component: ReadinessComponent?
        let questions: [QuestionDTO]
    }

    struct RoundDTO: Content {
        let id: UUID
        let title: String
        let kind: AssessmentKind
        let templateVersion: Int
        let opensOn: String
        let closesOn: String
        let state: RoundState
        let threshold: Int
        let handedIn: Int
        /// Whether the round asks the caller, and where the caller's own answers stand.
        let asksYou: Bool
        let yourStatus: ResponseStatus?
        let yourRevision: Int?
        let sections: [SectionDTO]
    }

    struct ListDTO: Content { let items: [RoundDTO] }

    /// GET /api/v1/initiatives/:slug/assessments
    @Sendable static func list(req: Request) async throws -> ListDTO {
        let access = try await req.initiativeAccess()
        let desk = try await AssessmentDesk.load(req, access)
        let repository = AssessmentRepository(db: req.db, scope: access.scope)
        let userID = try req.requireSignedIn().user.requireID()
        let asking = try await repository.asking(desk.rounds, userID: userID, on: desk.today)
        let mine = try await repository.responses(userID: userID)
        let counts = try await repository.counts(roundIDs: desk.rounds.compactMap(\.id))
        return ListDTO(items: desk.rounds.map { round in
            let template = desk.template(of: round)
            return RoundDTO(id: round.id!, title: round.title, kind: round.parsedKind, templateVersion: desk.version(of: round),
                            opensOn: round.opensOn, closesOn: round.closesOn, state: round.state(on: desk.today), threshold: round.threshold,
                            handedIn: counts[round.id!]?.submitted ?? 0, asksYou: asking.contains(round.id!),
                            yourStatus: mine[round.id!]?.parsedStatus, yourRevision: mine[round.id!]?.revision,
                            sections: template.sections.map { section in
                                SectionDTO(key: section.key, name: section.name, phase: section.phase, component: section.component,
                                           questions: section.questions.map { QuestionDTO(key: $0.key, statement: $0.statement()) })
                            })
        })
    }

    /// One answer: `score` 1–5, or `dontKnow: true`; a comment either way.
    struct AnswerDTO: Codable {
        var score: Int?
        var dontKnow: Bool?
        var comment: String?
    }

    /// The caller's answers, by question key. `revision`: 0 for a first answer, else the one read.
    struct AnswersBody: StrictBody {
        var answers: [String: AnswerDTO]
        var submit: Bool?
        var revision: Revision?

        static let allowedFields: Set<String> = ["answers", "submit", "revision"]
        static let answerFields: Set<String> = ["score", "dontKnow", "comment"]

        static func checkNested(_ object: [String: Any], into errors: inout FieldErrors) {
            guard let answers = object["answers"] as? [String: Any] else { return }
            for (key, item) in answers {
                guard let answer = item as? [String: Any] else { continue }
                let place = "answers.\(key.prefix(60))"
                for field in Set(answer.keys).subtracting(answerFields).sorted() {
                    errors.add("\(place).\(field)", Texts.current("error.unknownFieldAllowed", ["allowed": answerFields.sorted().joined(separator: ", ")]))
                }
                for (field, value) in answer where value is NSNull { errors.add("\(place).\(field)", Texts.current("error.mustNotNullLeave")) }
                let knows = answer["score"] != nil, doesNot = (answer["dontKnow"] as? Bool) == true
                if knows == doesNot { errors.add(place, Texts.current("error.assessmentScale")) }
            }
        }

        var domainAnswers: [String: AssessmentAnswer] {
            answers.mapValues { AssessmentAnswer(score: $0.dontKnow == true ? nil : $0.score, comment: $0.comment ?? "") }
        }
    }

    struct SavedDTO: Content {
        let round: UUID
        let status: ResponseStatus
        let revision: Int
        let answers: [String: AnswerDTO]
    }

    /// PUT /api/v1/initiatives/:slug/assessments/:id/answers: saves (or, with `submit`, hands in)
    /// the caller's own answers while the round is open.
    @Sendable static func answer(req: Request) async throws -> SavedDTO {
        let access = try await req.initiativeAccess()
        let (desk, round) = try await AssessmentDesk.round(req, access, id: try req.uuidParameter("id"))
        let body = try req.decodeStrict(AnswersBody.self)
        let saved = try await AssessmentController.save(req, desk, round, answers: body.domainAnswers, submit: body.submit ?? false,
                                                        revision: body.revision ?? .none)
        return SavedDTO(round: try round.requireID(), status: saved.parsedStatus, revision: saved.revision,
                        answers: saved.answers.mapValues { AnswerDTO(score: $0.score, dontKnow: $0.score == nil ? true : nil, comment: $0.comment) })
    }

    struct StatsDTO: Content {
        let key: String
        let mean: Double?
        let count: Int
        let dontKnow: Int
        let dontKnowShare: Double
        /// How many chose 1, 2, 3, 4 and 5.
        let distribution: [Int]

        init(key: String, _ stats: AnswerStats) {
            self.key = key
            mean = stats.mean
            count = stats.count
            dontKnow = stats.dontKnow
            dontKnowShare = stats.dontKnowShare
            distribution = stats.distribution
        }
    }

    struct GroupDTO: Content {
        let kind: String
        let key: String
        let name: String
        let respondents: Int
        let sections: [StatsDTO]
        let questions: [StatsDTO]
    }

    struct CommentsDTO: Content {
        let section: String
        let texts: [String]
    }

    struct ResultsDTO: Content {
        let round: UUID
        let state: RoundState
        let threshold: Int
        /// Everyone who handed in answers; 0 while the round is open (no results before it closes).
        let respondents: Int
        /// Only groups of at least `threshold` people; each carries its own `respondents`.
        let groups: [GroupDTO]
        let hiddenSectors: Int
        let hiddenBodies: Int
        let comments: [CommentsDTO]
    }

    /// GET /api/v1/initiatives/:slug/assessments/:id/results
    @Sendable static func results(req: Request) async throws -> ResultsDTO {
        let access = try await req.initiativeAccess()
        let (desk, round) = try await AssessmentDesk.round(req, access, id: try req.uuidParameter("id"))
        let state = round.state(on: desk.today)
        guard let results = try await desk.results(req, round) else {
            return ResultsDTO(round: try round.requireID(), state: state, threshold: round.threshold, respondents: 0, groups: [],
                              hiddenSectors: 0, hiddenBodies: 0, comments: [])
        }
        let template = desk.template(of: round)
        let bodies = Dictionary(uniqueKeysWithValues: try await GovernanceRepository(db: req.db, scope: access.scope).bodies().map { ($0.id!, $0.name) })
        return ResultsDTO(
            round: try round.requireID(), state: state, threshold: results.threshold, respondents: results.respondents,
            groups: results.shownGroups.map { group in
                GroupDTO(kind: group.group.kind.rawValue, key: group.group.key, name: AssessmentDesk.groupName(group.group, bodies: bodies),
                         respondents: group.respondents,
                         sections: template.sections.compactMap { section in group.sections[section.key].map { StatsDTO(key: section.key, $0) } },
                         questions: template.questions.compactMap { question in group.questions[question.key].map { StatsDTO(key: question.key, $0) } })
            },
            hiddenSectors: results.hiddenSectors, hiddenBodies: results.hiddenBodies,
            comments: template.sections.compactMap { section in results.comments[section.key].map { CommentsDTO(section: section.key, texts: $0) } })
    }

    struct PeriodicDTO: Content {
        let id: UUID
        let quarter: String
        let sharedAt: Date?
        let groups: [GroupReview]
    }

    struct PeriodicListDTO: Content { let items: [PeriodicDTO] }

    /// GET /api/v1/initiatives/:slug/periodic-assessments: the shared ones, as frozen.
    @Sendable static func periodic(req: Request) async throws -> PeriodicListDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewPeriodicAssessments)
        let shared = try await PeriodicAssessmentRepository(db: req.db, scope: access.scope).all(sharedOnly: true)
        return PeriodicListDTO(items: shared.compactMap { model in
            model.content.map { PeriodicDTO(id: model.id!, quarter: model.quarter, sharedAt: model.sharedAt, groups: $0.groups) }
        })
    }
}
