import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// An initiative's community outreach: events with their organizers, strategies and reach.
/// Resident feedback is in `OutreachRepository+Feedback`.
public struct OutreachRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// An event as typed in a form or sent to the API, before it is checked.
    public struct EventInput: Sendable {
        public var terms: OutreachEventTerms
        public var organizerIDs: [UUID]
        public var strategyIDs: [UUID]

        public init(terms: OutreachEventTerms, organizerIDs: [UUID], strategyIDs: [UUID]) {
            self.terms = terms
            self.organizerIDs = organizerIDs
            self.strategyIDs = strategyIDs
        }
    }

    /// The most events an initiative keeps, so that every page and total stays bounded.
    public static let mostEvents = 20_000

    /// Every event, the latest first.
    public func events() async throws -> [OutreachEventModel] {
        try await OutreachEventModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$heldOn, .descending).sort(\.$title).all()
    }

    public func event(_ id: UUID) async throws -> OutreachEventModel? {
        try await OutreachEventModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Organizer ids and strategy ids by event id.
    public func links(of events: [OutreachEventModel]) async throws -> (organizers: [UUID: [UUID]], strategies: [UUID: [UUID]]) {
        let ids = events.compactMap(\.id)
        guard !ids.isEmpty else { return ([:], [:]) }
        let organizers = Dictionary(grouping: try await OutreachEventOrganizerModel.query(on: db).filter(\.$eventID ~~ ids).all(), by: \.eventID)
            .mapValues { $0.map(\.organizationID) }
        let strategies = Dictionary(grouping: try await OutreachEventStrategyModel.query(on: db).filter(\.$eventID ~~ ids).all(), by: \.eventID)
            .mapValues { $0.map(\.strategyID) }
        return (organizers, strategies)
    }

    @discardableResult
    public func createEvent(_ input: EventInput, userID: UUID?, now: Date) async throws -> OutreachEventModel {
        let checked = try await check(input)
        guard try await OutreachEventModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).count() < Self.mostEvents else {
            throw FieldErrors("title", Texts.current("error.tooManyEvents", ["limit": "\(Self.mostEvents)"]))
        }
        let event = OutreachEventModel()
        event.initiativeID = scope.initiativeID
        event.revision = 1
        try fill(event, checked, userID: userID, now: now)
        try await db.transaction { tx in
            try await event.create(on: tx)
            try await Self.link(event: event.requireID(), input, on: tx)
        }
        return event
    }

    /// Replaces the event's fields when nobody changed it since `expectedRevision`.
    public func updateEvent(_ id: UUID, _ input: EventInput, expectedRevision: Revision, userID: UUID?, now: Date) async throws -> OutreachEventModel {
        guard let event = try await event(id) else { throw FieldErrors("event", Texts.current("error.noSuchEvent")) }
        let checked = try await check(input)
        try fill(event, checked, userID: userID, now: now)
        try await db.transaction { tx in
            let updated = try await (tx as! any SQLDatabase).update(OutreachEventModel.schema)
                .set("title", to: event.title).set("kind", to: event.kind).set("held_on", to: event.heldOn).set("place", to: event.place)
                .set("languages_json", to: event.languagesJSON).set("reach_json", to: event.reachJSON).set("people_reached", to: event.peopleReached)
                .set("note", to: event.note).set("revision", to: SQLRaw("revision + 1")).set("updated_by", to: userID).set("updated_at", to: now)
                .where("id", .equal, id).where("initiative_id", .equal, scope.initiativeID).where("revision", .equal, expectedRevision.value)
                .returning("revision").all()
            guard let row = updated.first else { throw FieldErrors.conflict("revision", GovernanceRepository.staleMessage) }
            event.revision = try row.decode(column: "revision", as: Int.self)
            try await OutreachEventOrganizerModel.query(on: tx).filter(\.$eventID == id).delete()
            try await OutreachEventStrategyModel.query(on: tx).filter(\.$eventID == id).delete()
            try await Self.link(event: id, input, on: tx)
        }
        return event
    }

    /// Every rule at once, so a form shows all problems together; nothing is written on failure.
    private func check(_ input: EventInput) async throws -> OutreachEventTerms.Checked {
        var errors = FieldErrors()
        var checked: OutreachEventTerms.Checked?
        do {
            checked = try input.terms.checked(dimensions: try await IndicatorRepository(db: db, scope: scope).dimensions())
        } catch let problems as FieldErrors { errors = problems }
        let organizations = Set(try await OrganizationModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all().compactMap(\.id))
        if input.organizerIDs.isEmpty || !Set(input.organizerIDs).isSubset(of: organizations) {
            errors.add("organizers", Texts.current("error.outreachOrganizers"))
        }
        if !input.strategyIDs.isEmpty, try await !strategiesExist(input.strategyIDs) {
            errors.add("strategies", Texts.current("error.chooseOneStrategiesInitiative"))
        }
        try errors.throwIfAny()
        return checked!
    }

    /// Whether every id names a strategy of this initiative's theory of change.
    func strategiesExist(_ ids: [UUID]) async throws -> Bool {
        let known = try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id ~~ Set(ids)).all()
            .filter { $0.parsedKind == .strategy }.count
        return known == Set(ids).count
    }

    private func fill(_ event: OutreachEventModel, _ checked: OutreachEventTerms.Checked, userID: UUID?, now: Date) throws {
        event.title = checked.title
        event.kind = checked.kind.rawValue
        event.heldOn = checked.heldOn.key
        event.place = checked.place
        event.languagesJSON = String(decoding: try JSONEncoder().encode(checked.languages), as: UTF8.self)
        event.reachJSON = String(decoding: try JSONEncoder().encode(checked.reach), as: UTF8.self)
        event.peopleReached = checked.reach.total
        event.note = checked.note
        event.updatedBy = userID
        event.updatedAt = now
    }

    private static func link(event: UUID, _ input: EventInput, on db: any Database) async throws {
        for organization in Set(input.organizerIDs) {
            let row = OutreachEventOrganizerModel()
            row.eventID = event
            row.organizationID = organization
            try await row.create(on: db)
        }
        for strategy in Set(input.strategyIDs) {
            let row = OutreachEventStrategyModel()
            row.eventID = event
            row.strategyID = strategy
            try await row.create(on: db)
        }
    }
}
