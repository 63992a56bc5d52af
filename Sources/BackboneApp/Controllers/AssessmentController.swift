import BackboneDomain
import BackbonePersistence
import Vapor

/// Self-assessment rounds: the list, opening a round, a person's answers, a closed round's
/// results, and the backbone's edits of the templates.
enum AssessmentController {
    /// The new-round form as posted.
    struct RoundForm: Content {
        var title: String?
        var kind: String?
        var opensOn: String?
        var closesOn: String?
        var threshold: String?
        var roles: [String]?
        var bodies: [String]?

        /// The plan, or the problems with each field. Unknown roles or bodies are refused by name.
        func plan(today: CalendarDay, bodies known: Set<UUID>) -> (RoundPlan?, Int, FieldErrors) {
            var errors = FieldErrors()
            let kind = kind.flatMap(AssessmentKind.init(rawValue:))
            if kind == nil { errors.add("kind", Texts.current("error.chooseAssessmentKind")) }
            let first = CalendarDay(key: (opensOn ?? "").trimmed), last = CalendarDay(key: (closesOn ?? "").trimmed)
            if first == nil { errors.add("opensOn", Texts.current("error.giveDayDateExample2")) }
            if last == nil { errors.add("closesOn", Texts.current("error.giveDayDateExample3")) }
            let threshold = Int((threshold ?? "").trimmed) ?? -1
            if !(AssessmentResults.lowestThreshold...50).contains(threshold) {
                errors.add("threshold", Texts.current("error.thresholdRange", ["lowest": String(AssessmentResults.lowestThreshold)]))
            }
            let roles = (self.roles ?? []).map { Role(rawValue: $0) }
            let bodies = (self.bodies ?? []).map { UUID(uuidString: $0) }
            if roles.contains(nil) || bodies.contains(where: { $0 == nil || !known.contains($0!) }) {
                errors.add("audience", Texts.current("error.chooseFromList"))
            }
            guard let kind, let first, let last else { return (nil, threshold, errors) }
            let plan = RoundPlan(title: title ?? "", kind: kind, audience: AssessmentAudience(roles: roles.compactMap { $0 }, bodyIDs: bodies.compactMap { $0 }),
                                 opensOn: first, closesOn: last)
            for (field, message) in plan.errors(today: today).messages { errors.add(field, message) }
            return (plan, threshold, errors)
        }
    }

    /// Answers as posted: by question position, `score[3]=4` (or `dk`) and `comment[3]=…`.
    struct AnswerForm: Content {
        var score: [String: String]?
        var comment: [String: String]?
        var revision: String?
        var intent: String?

        func answers(_ template: AssessmentTemplate) -> [String: AssessmentAnswer] {
            var answers: [String: AssessmentAnswer] = [:]
            for (index, question) in template.questions.enumerated() {
                let choice = score?[String(index)] ?? ""
                let note = comment?[String(index)] ?? ""
                if choice == "dk" { answers[question.key] = AssessmentAnswer(score: nil, comment: note) }
                // Something that is no point on the scale stays a number the check refuses (0).
                else if !choice.isEmpty { answers[question.key] = AssessmentAnswer(score: Int(choice.prefix(3)) ?? 0, comment: note) }
            }
            return answers
        }

        /// Comments typed without a choice would be lost: they are refused instead.
        func commentsWithoutChoice(_ template: AssessmentTemplate) -> [String] {
            template.questions.enumerated().filter { index, _ in
                (score?[String(index)] ?? "").isEmpty && !(comment?[String(index)] ?? "").trimmed.isEmpty
            }.map(\.element.key)
        }
    }

    /// Template edits as posted: one textarea per section and language, one statement per line.
    struct TemplateForm: Content {
        var en: [String: String]?
        var es: [String: String]?

        func statements(_ template: AssessmentTemplate) -> [String: (en: [String], es: [String])] {
            func lines(_ text: String?) -> [String] { (text ?? "").split(whereSeparator: \.isNewline).map(String.init) }
            return Dictionary(uniqueKeysWithValues: template.sections.enumerated().map { index, section in
                (section.key, (lines(en?[String(index)]), lines(es?[String(index)])))
            })
        }
    }

    /// GET /i/:slug/assessments
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let desk = try await AssessmentDesk.load(req, access)
        let repository = AssessmentRepository(db: req.db, scope: access.scope)
        let userID = try req.requireSignedIn().user.requireID()
        let page = AssessmentListPage(desk: desk, asking: try await repository.asking(desk.rounds, userID: userID, on: desk.today),
                                      mine: try await repository.responses(userID: userID),
                                      counts: try await repository.counts(roundIDs: desk.rounds.compactMap(\.id)), notice: Notice.from(req))
        return page.render(try await req.chrome(.assessments, access: access)).response()
    }

    /// GET /i/:slug/assessments/new
    @Sendable static func new(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageAssessments)
        let today = CalendarDay(containing: Date(), in: access.initiative.zone)
        var form = RoundForm()
        form.kind = (try? req.query.get(String.self, at: "kind")).flatMap(AssessmentKind.init(rawValue:))?.rawValue ?? AssessmentKind.readiness.rawValue
        form.opensOn = today.key
        form.closesOn = CalendarDay(containing: today.start.addingTimeInterval(20 * 86_400)).key
        form.threshold = String(AssessmentResults.standardThreshold)
        return try await newPage(req, access, form: form, errors: [:], status: .ok)
    }

    private static func newPage(_ req: Request, _ access: InitiativeAccess, form: RoundForm, errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let bodies = try await GovernanceRepository(db: req.db, scope: access.scope).bodies().filter { $0.parsedStatus != .closed }
        return NewRoundPage(access: access, bodies: bodies, form: form, errors: errors)
            .render(try await req.chrome(.assessments, access: access)).response(status: status)
    }

    /// POST /i/:slug/assessments
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageAssessments)
        let form = try req.content.decode(RoundForm.self)
        let today = CalendarDay(containing: Date(), in: access.initiative.zone)
        let bodies = Set(try await GovernanceRepository(db: req.db, scope: access.scope).bodies().compactMap(\.id))
        var (plan, threshold, errors) = form.plan(today: today, bodies: bodies)
        if let plan, errors.isEmpty {
            do {
                let round = try await AssessmentRepository(db: req.db, scope: access.scope)
                    .open(plan, threshold: threshold, today: today, userID: req.signedIn?.user.id, now: Date())
                return req.redirect(to: Notice.roundOpened.appended(to: SiteURL.assessmentRound(slug: access.slug, id: try round.requireID()).path))
            } catch let problems as FieldErrors {
                errors = problems
            }
        }
        return try await newPage(req, access, form: form, errors: errors.messages, status: .unprocessableEntity)
    }

    /// GET /i/:slug/assessments/:id: the round, and the caller's answers when it asks them.
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let (desk, round) = try await AssessmentDesk.round(req, access, id: try req.uuidParameter("id"))
        return try await answerPage(req, desk, round, form: nil, errors: [:], notice: Notice.from(req), status: .ok)
    }

    private static func answerPage(_ req: Request, _ desk: AssessmentDesk, _ round: AssessmentRoundModel, form: AnswerForm?, errors: [String: String],
                                   notice: Notice?, status: HTTPResponseStatus) async throws -> Response {
        let repository = AssessmentRepository(db: req.db, scope: desk.access.scope)
        let userID = try req.requireSignedIn().user.requireID()
        let asked = try await repository.isAsked(round, userID: userID, on: desk.today)
        let response = try await repository.response(roundID: try round.requireID(), userID: userID)
        let counts = try await repository.counts(roundIDs: [try round.requireID()])[try round.requireID()]
        return AnswerPage(desk: desk, round: round, template: desk.template(of: round), asked: asked, response: response,
                          posted: form.map { ($0.answers(desk.template(of: round)), $0.revision ?? "") }, submitted: counts?.submitted ?? 0,
                          errors: errors, notice: notice)
            .render(try await req.chrome(.assessments, access: desk.access)).response(status: status)
    }

    /// POST /i/:slug/assessments/:id: saves (or hands in) the caller's own answers.
    @Sendable static func answer(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let (desk, round) = try await AssessmentDesk.round(req, access, id: try req.uuidParameter("id"))
        let form = try req.content.decode(AnswerForm.self)
        let template = desk.template(of: round)
        let submit = form.intent == "submit"
        do {
            _ = try await save(req, desk, round, answers: form.answers(template), commentsWithoutChoice: form.commentsWithoutChoice(template),
                               submit: submit, revision: try Revision.fromForm(form.revision))
            return req.redirect(to: (submit ? Notice.answersSubmitted : Notice.answersSaved).appended(to: SiteURL.assessmentRound(slug: access.slug, id: try round.requireID()).path))
        } catch let problems as FieldErrors {
            return try await answerPage(req, desk, round, form: form, errors: problems.messages, notice: nil,
                                        status: problems.isConflict ? .conflict : .unprocessableEntity)
        }
    }

    /// The one way answers are saved, for the form and the API: the caller must be asked by the
    /// round; the answers must fit the template.
    static func save(_ req: Request, _ desk: AssessmentDesk, _ round: AssessmentRoundModel, answers: [String: AssessmentAnswer],
                     commentsWithoutChoice: [String] = [], submit: Bool, revision: Revision) async throws -> AssessmentResponseModel {
        let repository = AssessmentRepository(db: req.db, scope: desk.access.scope)
        let userID = try req.requireSignedIn().user.requireID()
        guard try await repository.isAsked(round, userID: userID, on: desk.today) else {
            throw Abort(.forbidden, reason: Texts.current("error.roundNotAsked"))
        }
        var errors = AssessmentAnswers.errors(answers, template: desk.template(of: round), submitting: submit)
        for key in commentsWithoutChoice { errors.add("answer.\(key)", Texts.current("error.assessmentCommentNeedsChoice")) }
        try errors.throwIfAny()
        return try await repository.saveAnswers(round: try round.requireID(), userID: userID, organizationID: desk.access.membership?.organizationID,
                                                answers: answers, submit: submit, expectedRevision: revision, today: desk.today, now: Date())
    }

    /// GET /i/:slug/assessments/:id/results
    @Sendable static func results(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let (desk, round) = try await AssessmentDesk.round(req, access, id: try req.uuidParameter("id"))
        let bodies = Dictionary(uniqueKeysWithValues: try await GovernanceRepository(db: req.db, scope: access.scope).bodies().map { ($0.id!, $0.name) })
        return AssessmentResultsPage(desk: desk, round: round, template: desk.template(of: round), results: try await desk.results(req, round),
                                     trend: try await desk.trend(req, of: round), bodies: bodies)
            .render(try await req.chrome(.assessments, access: access)).response()
    }

    /// GET /i/:slug/assessments/templates/:kind
    @Sendable static func template(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageAssessments)
        guard let kind = req.parameters.get("kind").flatMap(AssessmentKind.init(rawValue:)) else { throw Abort(.notFound) }
        let (model, template) = try await AssessmentRepository(db: req.db, scope: access.scope).currentTemplate(kind)
        return TemplatePage(access: access, template: template, stored: model != nil, posted: nil, errors: [:], notice: Notice.from(req))
            .render(try await req.chrome(.assessments, access: access)).response()
    }

    /// POST /i/:slug/assessments/templates/:kind
    @Sendable static func saveTemplate(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageAssessments)
        guard let kind = req.parameters.get("kind").flatMap(AssessmentKind.init(rawValue:)) else { throw Abort(.notFound) }
        let form = try req.content.decode(TemplateForm.self)
        let repository = AssessmentRepository(db: req.db, scope: access.scope)
        let (model, current) = try await repository.currentTemplate(kind)
        let statements = form.statements(current)
        do {
            let versioned = try await repository.saveTemplate(kind, edit: { template, version in try template.edited(statements: statements, version: version) },
                                                              userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: (versioned ? Notice.templateVersioned : Notice.templateSaved).appended(to: SiteURL.assessmentTemplate(slug: access.slug, kind: kind).path))
        } catch let problems as FieldErrors {
            return TemplatePage(access: access, template: current, stored: model != nil, posted: form, errors: problems.messages, notice: nil)
                .render(try await req.chrome(.assessments, access: access)).response(status: .unprocessableEntity)
        }
    }
}
