import BackboneDomain
import Fluent
import Foundation
import SQLKit

extension OutreachRepository {
    /// The most feedback the public form takes for one initiative in one day: each address is
    /// limited too, but many addresses together must not fill the database.
    public static let mostPublicFeedbackPerDay = 500

    /// Every piece of feedback, the latest first (or only the answered ones).
    public func feedback(answeredOnly: Bool = false) async throws -> [FeedbackItemModel] {
        let query = FeedbackItemModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if answeredOnly { query.filter(\.$response != nil) }
        return try await query.sort(\.$receivedAt, .descending).all()
    }

    public func feedbackItem(_ id: UUID) async throws -> FeedbackItemModel? {
        try await FeedbackItemModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Strategy ids by feedback id.
    public func strategies(of items: [FeedbackItemModel]) async throws -> [UUID: [UUID]] {
        let ids = items.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        return Dictionary(grouping: try await FeedbackStrategyModel.query(on: db).filter(\.$feedbackID ~~ ids).all(), by: \.feedbackID)
            .mapValues { $0.map(\.strategyID) }
    }

    /// Records what a resident said: by staff (with the event it was heard at, if any) or from
    /// the public form (no event, no strategies: staff tag it later when they answer).
    @discardableResult
    public func record(_ terms: FeedbackTerms, source: FeedbackSource, eventID: UUID?, strategyIDs: [UUID], userID: UUID?,
                       today: CalendarDay, now: Date) async throws -> FeedbackItemModel {
        var errors = FieldErrors()
        var checked: FeedbackTerms.Checked?
        do { checked = try terms.checked() } catch let problems as FieldErrors { errors = problems }
        if let eventID, try await event(eventID) == nil { errors.add("event", Texts.current("error.noSuchEvent")) }
        if !strategyIDs.isEmpty, try await !strategiesExist(strategyIDs) {
            errors.add("strategies", Texts.current("error.chooseOneStrategiesInitiative"))
        }
        try errors.throwIfAny()
        if source == .publicForm {
            let todays = try await FeedbackItemModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
                .filter(\.$source == FeedbackSource.publicForm.rawValue).filter(\.$receivedOn == today.key).count()
            guard todays < Self.mostPublicFeedbackPerDay else { throw FeedbackFlood() }
        }
        let item = FeedbackItemModel()
        item.initiativeID = scope.initiativeID
        item.eventID = eventID
        item.source = source.rawValue
        item.text = checked!.text
        item.neighborhood = checked!.neighborhood
        item.contactName = checked!.contactName
        item.contactEmail = checked!.contactEmail
        item.receivedOn = today.key
        item.receivedAt = now
        item.recordedBy = userID
        item.responseLink = ResponseLink.none.rawValue
        item.revision = 1
        try await db.transaction { tx in
            try await item.create(on: tx)
            try await Self.tag(feedback: item.requireID(), strategyIDs, on: tx)
        }
        return item
    }

    /// Answers a piece of feedback ("you said, we did"), tags its strategies, and links the
    /// activity or decision that answers it, when nobody changed it since `expectedRevision`.
    @discardableResult
    public func respond(_ id: UUID, _ terms: FeedbackResponseTerms, linkID: UUID?, strategyIDs: [UUID], expectedRevision: Revision,
                        userID: UUID?, now: Date) async throws -> FeedbackItemModel {
        guard try await feedbackItem(id) != nil else { throw FieldErrors("feedback", Texts.current("error.noSuchFeedback")) }
        var errors = FieldErrors()
        var checked: (text: String, link: ResponseLink)?
        do { checked = try terms.checked() } catch let problems as FieldErrors { errors = problems }
        if let link = checked?.link {
            switch link {
            case .none:
                if linkID != nil { errors.add("link", Texts.current("error.responseLink")) }
            case .activity:
                if try await !linked(ActivityModel.self, linkID) { errors.add("link", Texts.current("error.responseLinkActivity")) }
            case .decision:
                if try await !linked(DecisionModel.self, linkID) { errors.add("link", Texts.current("error.responseLinkDecision")) }
            }
        }
        if !strategyIDs.isEmpty, try await !strategiesExist(strategyIDs) {
            errors.add("strategies", Texts.current("error.chooseOneStrategiesInitiative"))
        }
        try errors.throwIfAny()
        let answer = checked!
        try await db.transaction { tx in
            let updated = try await (tx as! any SQLDatabase).update(FeedbackItemModel.schema)
                .set("response", to: answer.text).set("response_link", to: answer.link.rawValue)
                .set("response_link_id", to: answer.link == .none ? nil : linkID).set("responded_at", to: now).set("responded_by", to: userID)
                .set("revision", to: SQLRaw("revision + 1"))
                .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID).where("revision", .equal, expectedRevision.value)
                .returning("revision").all()
            guard !updated.isEmpty else { throw FieldErrors.conflict("revision", GovernanceRepository.staleMessage) }
            try await FeedbackStrategyModel.query(on: tx).filter(\.$feedbackID == id).delete()
            try await Self.tag(feedback: id, strategyIDs, on: tx)
        }
        guard let saved = try await feedbackItem(id) else { throw FieldErrors("feedback", Texts.current("error.noSuchFeedback")) }
        return saved
    }

    /// Whether `id` names an activity or decision of this initiative.
    private func linked<M: Model>(_ model: M.Type, _ id: UUID?) async throws -> Bool where M.IDValue == UUID {
        guard let id else { return false }
        return try await (db as! any SQLDatabase).select().column("id").from(M.schema)
            .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID).first() != nil
    }

    private static func tag(feedback: UUID, _ strategyIDs: [UUID], on db: any Database) async throws {
        for strategy in Set(strategyIDs) {
            let row = FeedbackStrategyModel()
            row.feedbackID = feedback
            row.strategyID = strategy
            try await row.create(on: db)
        }
    }

    /// Whether residents may send feedback on the public voice page.
    public func voiceIsPublic() async throws -> Bool {
        try await OutreachSettingsModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).first()?.voicePublic ?? false
    }

    public func setVoicePublic(_ open: Bool) async throws {
        if let row = try await OutreachSettingsModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).first() {
            row.voicePublic = open
            try await row.update(on: db)
        } else {
            try await (db as! any SQLDatabase).insert(into: OutreachSettingsModel.schema).columns("id", "initiative_id", "voice_public")
                .values(SQLBind(UUID()), SQLBind(scope.initiativeID), SQLBind(open)).ignoringConflicts(with: ["initiative_id"]).run()
        }
    }
}

/// The public form took its most feedback for the day: answered 429, like a flood from one address.
public struct FeedbackFlood: Error {}

