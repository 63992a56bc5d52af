import BackboneDomain
import BackbonePersistence
import Vapor

/// What-if scenarios on an indicator: the form that saves one, its page (the scenario drawn
/// against the forecast and the target), editing and deleting. Saving never touches figures.
enum ScenarioController {
    /// The scenario form as posted. Change rows arrive as `changes[0][kind]`, `changes[0][partners][]`…
    struct ScenarioForm: Content {
        struct Row: Content {
            var kind: String?
            var partners: [String]?
            var from: String?
            var amount: String?
            var name: String?
            var numerator: String?
            var denominator: String?

            var isBlank: Bool {
                [amount, name, numerator, denominator].allSatisfy { ($0 ?? "").trimmed.isEmpty } && (partners ?? []).isEmpty
            }
        }

        var name: String?
        var description: String?
        var strategy: String?
        var activities: [String]?
        var revision: String?
        var changes: [String: Row]?

        init() {}

        init(_ scenario: ScenarioModel) {
            let plan = scenario.plan
            name = plan.name
            description = plan.description
            strategy = plan.strategyID?.uuidString
            activities = plan.activityIDs.map(\.uuidString)
            revision = String(scenario.revision)
            changes = Dictionary(uniqueKeysWithValues: plan.changes.enumerated().map { index, change in
                (String(index), Row(kind: change.kind.rawValue, partners: change.partners.map(\.uuidString), from: change.from,
                                    amount: change.amount.map(Self.text), name: change.name,
                                    numerator: change.numerator.map(Self.text), denominator: change.denominator.map(Self.text)))
            })
        }

        static func text(_ number: Double) -> String {
            number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        }

        /// The rows in the order shown, at most as many as a form shows (others are no one's rows).
        var rows: [(index: Int, row: Row)] {
            (changes ?? [:]).compactMap { key, row in Int(key).flatMap { (0..<ScenarioPages.rowsAtMost).contains($0) ? ($0, row) : nil } }
                .sorted { $0.index < $1.index }
        }

        /// The plan, and where each of its changes came from in the form (blank rows are skipped).
        /// Something that is no id or no number becomes what the plan's checks refuse.
        var plan: (plan: ScenarioPlan, rowOfChange: [Int]) {
            func number(_ text: String?) -> Double? {
                let trimmed = (text ?? "").trimmed.replacingOccurrences(of: ",", with: "")
                return trimmed.isEmpty ? nil : Double(trimmed)
            }
            let filled = rows.filter { !$0.row.isBlank }
            let changes = filled.map { _, row in
                ScenarioChange(kind: row.kind.flatMap(ScenarioChange.Kind.init(rawValue:)) ?? .add,
                               // An unreadable id stands for a partner no one has: the check names it.
                               partners: (row.partners ?? []).map { UUID(uuidString: $0) ?? UUID() },
                               from: (row.from ?? "").trimmed, amount: number(row.amount), name: row.name?.trimmed,
                               numerator: number(row.numerator), denominator: number(row.denominator))
            }
            let plan = ScenarioPlan(name: name ?? "", description: (description ?? "").trimmed, changes: changes,
                                    activityIDs: (activities ?? []).map { UUID(uuidString: $0) ?? UUID() },
                                    strategyID: (strategy ?? "").isEmpty ? nil : UUID(uuidString: strategy!) ?? UUID())
            return (plan, filled.map(\.index))
        }

        /// The plan's problems keyed by the form's fields (`changes.2.amount` → `change-5-amount`).
        static func fieldErrors(_ problems: FieldErrors, rowOfChange: [Int]) -> [String: String] {
            var errors: [String: String] = [:]
            for (key, message) in problems.messages {
                let parts = key.split(separator: ".")
                if parts.count == 3, parts[0] == "changes", let index = Int(parts[1]), index < rowOfChange.count {
                    errors["change-\(rowOfChange[index])-\(parts[2])"] = message
                } else {
                    errors[key] = message
                }
            }
            return errors
        }
    }

    private static func indicator(_ req: Request, _ access: InitiativeAccess, id: UUID) async throws -> IndicatorModel {
        try access.require(.viewInitiative)
        guard let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).find(id: id) else { throw Abort(.notFound) }
        return indicator
    }

    private static func requireSaving(_ desk: ScenarioDesk) throws {
        guard desk.canSave else {
            throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot2", ["role": "\(desk.access.role.title)"]))
        }
    }

    /// GET /i/:slug/indicators/:id/scenarios/new
    @Sendable static func new(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let desk = try await ScenarioDesk.load(req, access, indicator: try await indicator(req, access, id: try req.uuidParameter("id")))
        try requireSaving(desk)
        return ScenarioPages.new(desk: desk, form: ScenarioForm(), errors: [:]).render(try await req.chrome(.indicators, access: access)).response()
    }

    /// POST /i/:slug/indicators/:id/scenarios
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let desk = try await ScenarioDesk.load(req, access, indicator: try await indicator(req, access, id: try req.uuidParameter("id")))
        try requireSaving(desk)
        let form = try req.content.decode(ScenarioForm.self)
        let (plan, rows) = form.plan
        let problems = desk.problems(plan)
        guard problems.isEmpty else {
            return ScenarioPages.new(desk: desk, form: form, errors: ScenarioForm.fieldErrors(problems, rowOfChange: rows))
                .render(try await req.chrome(.indicators, access: access)).response(status: .unprocessableEntity)
        }
        let saved = try await ScenarioRepository(db: req.db, scope: access.scope)
            .create(indicatorID: try desk.indicator.requireID(), plan: plan, userID: req.signedIn?.user.id, now: Date())
        return req.redirect(to: Notice.scenarioSaved.appended(to: SiteURL.scenario(slug: access.slug, id: try saved.requireID()).path))
    }

    /// GET /i/:slug/scenarios/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let (scenario, desk) = try await ScenarioDesk.scenario(req, access)
        return try await page(req, desk, scenario, form: ScenarioForm(scenario), errors: [:], notice: Notice.from(req), status: .ok)
    }

    private static func page(_ req: Request, _ desk: ScenarioDesk, _ scenario: ScenarioModel, form: ScenarioForm, errors: [String: String],
                             notice: Notice?, status: HTTPResponseStatus) async throws -> Response {
        ScenarioPages.show(desk: desk, outlook: try await desk.view(req, compare: [try scenario.requireID()]), scenario: scenario, form: form,
                           errors: errors, notice: notice)
            .render(try await req.chrome(.indicators, access: desk.access)).response(status: status)
    }

    /// POST /i/:slug/scenarios/:id
    @Sendable static func update(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let (scenario, desk) = try await ScenarioDesk.scenario(req, access)
        guard desk.canEdit(scenario) else { throw Abort(.forbidden, reason: Texts.current("scenario.error.notYours")) }
        let form = try req.content.decode(ScenarioForm.self)
        let (plan, rows) = form.plan
        var errors = ScenarioForm.fieldErrors(desk.problems(plan), rowOfChange: rows)
        var status = HTTPResponseStatus.unprocessableEntity
        if errors.isEmpty {
            do {
                _ = try await ScenarioRepository(db: req.db, scope: access.scope)
                    .update(id: try scenario.requireID(), plan: plan, expectedRevision: try Revision.fromForm(form.revision),
                            userID: req.signedIn?.user.id, now: Date())
                return req.redirect(to: Notice.scenarioSaved.appended(to: SiteURL.scenario(slug: access.slug, id: try scenario.requireID()).path))
            } catch let problems as FieldErrors {
                errors = problems.messages
                if problems.isConflict { status = .conflict }
            }
        }
        return try await page(req, desk, scenario, form: form, errors: errors, notice: nil, status: status)
    }

    /// POST /i/:slug/scenarios/:id/delete
    @Sendable static func delete(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let (scenario, desk) = try await ScenarioDesk.scenario(req, access)
        guard desk.canEdit(scenario) else { throw Abort(.forbidden, reason: Texts.current("scenario.error.notYours")) }
        try await ScenarioRepository(db: req.db, scope: access.scope).delete(id: try scenario.requireID())
        return req.redirect(to: Notice.scenarioDeleted.appended(to: SiteURL.indicator(slug: access.slug, id: scenario.indicatorID).path) + "#scenarios")
    }
}
