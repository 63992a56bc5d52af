import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// An initiative's assessment templates, rounds and answers. Individual answers leave this
/// repository only as the person's own response or as anonymous `SubmittedResponse`s.
public struct AssessmentRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    // MARK: Templates

    /// The initiative's latest version of a kind's template, or the shipped one when it never
    /// stored its own (`model` is then nil).
    public func currentTemplate(_ kind: AssessmentKind) async throws -> (model: AssessmentTemplateModel?, template: AssessmentTemplate) {
        let model = try await AssessmentTemplateModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$kind == kind.rawValue).sort(\.$version, .descending).first()
        return (model, model?.template ?? AssessmentTemplate.shipped[kind]!)
    }

    public func templates(ids: [UUID]) async throws -> [UUID: AssessmentTemplateModel] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await AssessmentTemplateModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id!, $0) })
    }

    /// Saves the backbone's edit of a template. A version some round has asked stays as it was
    /// (its answers mean what its statements said): the edit becomes the next version. Answers
    /// whether a new version was made.
    @discardableResult
    public func saveTemplate(_ kind: AssessmentKind, edit: @escaping @Sendable (AssessmentTemplate, Int) throws -> AssessmentTemplate,
                             userID: UUID?, now: Date) async throws -> Bool {
        try await db.transaction { tx in
            let repository = AssessmentRepository(db: tx, scope: scope)
            let (model, current) = try await repository.currentTemplate(kind)
            var used = false
            if let model { used = try await AssessmentRoundModel.query(on: tx).filter(\.$templateID == model.requireID()).count() > 0 }
            if let model, !used {
                model.contentJSON = try Self.json(try edit(current, model.version))
                try await model.update(on: tx)
                return false
            }
            let version = model == nil ? current.version : current.version + 1
            _ = try await repository.storeTemplate(try edit(current, version), userID: userID, now: now)
            return model != nil
        }
    }

    private func storeTemplate(_ template: AssessmentTemplate, userID: UUID?, now: Date) async throws -> AssessmentTemplateModel {
        let row = AssessmentTemplateModel()
        row.initiativeID = scope.initiativeID
        row.kind = template.kind.rawValue
        row.version = template.version
        row.contentJSON = try Self.json(template)
        row.createdBy = userID
        row.createdAt = now
        try await row.create(on: db)
        return row
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: Rounds

    /// Every round, the latest first.
    public func rounds() async throws -> [AssessmentRoundModel] {
        try await AssessmentRoundModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .sort(\.$opensOn, .descending).sort(\.$createdAt, .descending).all()
    }

    public func round(_ id: UUID) async throws -> AssessmentRoundModel? {
        try await AssessmentRoundModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Opens a round of the current template of its kind (stored first when still the shipped one).
    /// Refused when nobody would be asked.
    public func open(_ plan: RoundPlan, threshold: Int, today: CalendarDay, userID: UUID?, now: Date) async throws -> AssessmentRoundModel {
        try await db.transaction { tx in
            let repository = AssessmentRepository(db: tx, scope: scope)
            guard try await !repository.eligibleUserIDs(plan.audience, on: max(today, plan.opensOn)).isEmpty else {
                throw FieldErrors("audience", Texts.current("error.roundNobodyAsked"))
            }
            let (model, template) = try await repository.currentTemplate(plan.kind)
            var stored = model
            if stored == nil { stored = try await repository.storeTemplate(template, userID: userID, now: now) }
            let row = AssessmentRoundModel()
            row.initiativeID = scope.initiativeID
            row.templateID = try stored!.requireID()
            row.kind = plan.kind.rawValue
            row.title = plan.title
            row.audienceJSON = try Self.json(plan.audience)
            row.opensOn = plan.opensOn.key
            row.closesOn = plan.closesOn.key
            row.threshold = max(AssessmentResults.lowestThreshold, threshold)
            row.createdBy = userID
            row.createdAt = now
            try await row.create(on: tx)
            return row
        }
    }

    /// The people a round asks: members holding one of its roles or sitting (on `day`) in one of
    /// its bodies; everyone in the initiative when it names neither.
    public func eligibleUserIDs(_ audience: AssessmentAudience, on day: CalendarDay) async throws -> Set<UUID> {
        let memberships = try await MembershipModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
        let seats = audience.bodyIDs.isEmpty ? [:] : try await bodySeats(userIDs: memberships.map(\.userID), on: day)
        return Set(memberships.filter { audience.includes(role: $0.parsedRole, bodies: seats[$0.userID] ?? []) }.map(\.userID))
    }

    /// Whether one person is asked by a round.
    public func isAsked(_ round: AssessmentRoundModel, userID: UUID, on day: CalendarDay) async throws -> Bool {
        try await asking([round], userID: userID, on: day).contains(try round.requireID())
    }

    /// The rounds among `rounds` that ask one person (a member of the initiative).
    public func asking(_ rounds: [AssessmentRoundModel], userID: UUID, on day: CalendarDay) async throws -> Set<UUID> {
        guard let membership = try await MembershipModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$userID == userID).first() else { return [] }
        let seats = rounds.allSatisfy({ $0.audience.bodyIDs.isEmpty }) ? [:] : try await bodySeats(userIDs: [userID], on: day)
        return Set(rounds.filter { $0.audience.includes(role: membership.parsedRole, bodies: seats[userID] ?? []) }.compactMap(\.id))
    }

    /// One person's responses, by round.
    public func responses(userID: UUID) async throws -> [UUID: AssessmentResponseModel] {
        Dictionary(uniqueKeysWithValues: try await AssessmentResponseModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$userID == userID).all().map { ($0.roundID, $0) })
    }

    /// The initiative's bodies each person sits in on `day`.
    func bodySeats(userIDs: [UUID], on day: CalendarDay) async throws -> [UUID: Set<UUID>] {
        guard !userIDs.isEmpty else { return [:] }
        let bodies = try await GovernanceBodyModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all().compactMap(\.id)
        guard !bodies.isEmpty else { return [:] }
        let seats = try await BodyMemberModel.query(on: db).filter(\.$bodyID ~~ bodies).filter(\.$userID ~~ userIDs).all()
        var result: [UUID: Set<UUID>] = [:]
        for seat in seats where seat.serves(on: day) { if let user = seat.userID { result[user, default: []].insert(seat.bodyID) } }
        return result
    }

    // MARK: Answers

    public func response(roundID: UUID, userID: UUID) async throws -> AssessmentResponseModel? {
        try await AssessmentResponseModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$roundID == roundID).filter(\.$userID == userID).first()
    }

    /// Saves one person's answers (already checked against the template) while the round is open.
    /// The first save sends no revision; a later one the revision it read, so a second first
    /// answer or a stale page is a conflict, never a second response. Handed-in answers can be
    /// changed and handed in again until the round closes, not taken back to a draft.
    public func saveAnswers(round roundID: UUID, userID: UUID, organizationID: UUID?, answers: [String: AssessmentAnswer], submit: Bool,
                            expectedRevision: Revision?, today: CalendarDay, now: Date) async throws -> AssessmentResponseModel {
        try await db.transaction { tx in
            let repository = AssessmentRepository(db: tx, scope: scope)
            guard let round = try await repository.round(roundID) else { throw FieldErrors("round", Texts.current("error.roundNotFound")) }
            switch round.state(on: today) {
            case .closed: throw FieldErrors.conflict("round", Texts.current("error.roundClosed", ["day": round.lastDay.key]))
            case .scheduled: throw FieldErrors.conflict("round", Texts.current("error.roundNotOpen", ["day": round.firstDay.key]))
            case .open: break
            }
            let json = try Self.json(answers)
            let status = submit ? ResponseStatus.submitted : .draft
            guard let existing = try await repository.response(roundID: roundID, userID: userID) else {
                if let expectedRevision, expectedRevision != .none { throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile")) }
                let row = AssessmentResponseModel()
                row.initiativeID = scope.initiativeID
                row.roundID = roundID
                row.userID = userID
                row.organizationID = organizationID
                row.status = status.rawValue
                row.answersJSON = json
                row.submittedAt = submit ? now : nil
                row.updatedAt = now
                row.revision = 1
                do { try await row.create(on: tx) } catch let error as any DatabaseError where error.isConstraintFailure {
                    throw FieldErrors.conflict("revision", Texts.current("error.roundAnsweredAlready"))
                }
                return row
            }
            guard let expectedRevision, expectedRevision != .none else {
                throw FieldErrors.conflict("revision", Texts.current("error.roundAnsweredAlready"))
            }
            if existing.parsedStatus == .submitted, !submit { throw FieldErrors("answers", Texts.current("error.roundNoDraftAfterSubmit")) }
            let updated = try await repository.sql.update(AssessmentResponseModel.schema)
                .set("answers_json", to: json).set("status", to: status.rawValue).set("organization_id", to: organizationID)
                .set("submitted_at", to: submit ? now : nil).set("updated_at", to: now).set("revision", to: SQLRaw("revision + 1"))
                .where("id", .equal, try existing.requireID()).where("revision", .equal, expectedRevision.value)
                .returning("revision").all()
            guard let revision = try updated.first?.decode(column: "revision", as: Int.self) else {
                throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile"))
            }
            existing.answersJSON = json
            existing.status = status.rawValue
            existing.revision = revision
            return existing
        }
    }

    /// A round's handed-in answers without who gave them: each with the sector of the person's
    /// organization and the bodies they sat in on the round's last day (or today, if earlier).
    public func submitted(_ round: AssessmentRoundModel, today: CalendarDay) async throws -> [SubmittedResponse] {
        let responses = try await AssessmentResponseModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$roundID == round.requireID()).filter(\.$status == ResponseStatus.submitted.rawValue).all()
        let organizations = Set(responses.compactMap(\.organizationID))
        let sectors = organizations.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await OrganizationModel.query(on: db)
            .filter(\.$initiativeID == scope.initiativeID).filter(\.$id ~~ organizations).all().map { ($0.id!, $0.sector) })
        let seats = try await bodySeats(userIDs: responses.map(\.userID), on: min(today, round.lastDay))
        return responses.map { response in
            SubmittedResponse(sector: response.organizationID.flatMap { sectors[$0] }.flatMap(Sector.init(rawValue:)),
                              bodyIDs: seats[response.userID] ?? [], answers: response.answers)
        }
    }

    /// How many handed in and how many keep a draft, per round.
    public func counts(roundIDs: [UUID]) async throws -> [UUID: (submitted: Int, drafts: Int)] {
        guard !roundIDs.isEmpty else { return [:] }
        var result: [UUID: (submitted: Int, drafts: Int)] = [:]
        for row in try await sql.select().column("round_id").column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(AssessmentResponseModel.schema).where("round_id", .in, SQLBind.group(roundIDs))
            .where("initiative_id", .equal, SQLBind(scope.initiativeID)).groupBy("round_id").groupBy("status").all() {
            let id = try row.decode(column: "round_id", as: UUID.self)
            let n = try row.decode(column: "n", as: Int.self)
            var entry = result[id] ?? (0, 0)
            if try row.decode(column: "status", as: String.self) == ResponseStatus.submitted.rawValue { entry.submitted += n } else { entry.drafts += n }
            result[id] = entry
        }
        return result
    }
}
