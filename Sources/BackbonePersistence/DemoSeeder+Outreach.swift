import BackboneDomain
import Fluent
import Foundation

extension DemoSeeder {
    /// The demo's outreach events, feedback and answers (see `DemoOutreach`), once, through the
    /// same checks as the forms; the public voice page open.
    @discardableResult
    public func seedOutreach(asOf today: Date) async throws -> Bool {
        try await db.transaction { tx in try await DemoSeeder(db: tx).seedOutreachOnce(asOf: today) }
    }

    private func seedOutreachOnce(asOf now: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let outreach = OutreachRepository(db: db, scope: scope)
        if try await !outreach.events().isEmpty { return false }
        let organizations = Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: db, scope: scope).all().map { ($0.name, $0.id!) })
        let parts = Dictionary(uniqueKeysWithValues: try await TheoryOfChangeRepository(db: db, scope: scope).snapshot().nodes.map { ($0.title, $0.id!) })
        let activities = Dictionary(try await ActivityRepository(db: db, scope: scope).all().map { ($0.kind, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let staff = try await UserRepository(db: db).find(email: DemoInitiative.people[1].email)?.requireID()
        let today = CalendarDay(containing: now, in: initiative.zone)
        var events: [String: UUID] = [:]
        for event in DemoOutreach.events {
            let terms = OutreachEventTerms(title: event.title, kind: event.kind.rawValue, heldOn: today.adding(days: -event.daysAgo).key, place: event.place,
                                           languages: event.languages, note: "", reach: event.reach.map { (name: $0.0, people: String($0.1)) },
                                           categories: Dictionary(uniqueKeysWithValues: event.ages.map { ("age_band.\($0.key)", String($0.value)) }))
            let saved = try await outreach.createEvent(.init(terms: terms, organizerIDs: event.organizers.compactMap { organizations[$0] },
                                                             strategyIDs: event.strategies.compactMap { parts[$0] }), userID: staff, now: now)
            events[event.title] = try saved.requireID()
        }
        for (index, item) in DemoOutreach.feedback.enumerated() {
            let heard = item.event.flatMap { title in DemoOutreach.events.first { $0.title == title } }
            let day = today.adding(days: -(heard?.daysAgo ?? 3))
            let saved = try await outreach.record(FeedbackTerms(text: item.text, neighborhood: item.neighborhood, contactName: "", contactEmail: "", consent: false),
                                                  source: item.event == nil ? .publicForm : .staff, eventID: item.event.flatMap { events[$0] },
                                                  strategyIDs: item.strategies.compactMap { parts[$0] }, userID: item.event == nil ? nil : staff,
                                                  today: day, now: day.start.addingTimeInterval(Double(index) * 3_600))
            guard let response = item.response else { continue }
            let link = item.activity.flatMap { activities[$0] }
            try await outreach.respond(saved.requireID(), FeedbackResponseTerms(text: response, link: link == nil ? "none" : "activity"), linkID: link,
                                       strategyIDs: item.strategies.compactMap { parts[$0] }, expectedRevision: 1, userID: staff,
                                       now: day.start.addingTimeInterval(20 * 86_400))
        }
        try await outreach.setVoicePublic(true)
        return true
    }
}
