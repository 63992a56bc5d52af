import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// What the outreach pages read, once: events with organizers and strategies, feedback, the
/// reach table of the last quarters and the strategies without community input lately.
struct OutreachDesk {
    let today: CalendarDay
    let names: [UUID: String]
    let strategies: [(id: UUID, name: String)]
    let dimensions: [DisaggregationDimension]
    let events: [OutreachEventModel]
    let organizers: [UUID: [UUID]]
    let eventStrategies: [UUID: [UUID]]
    let feedback: [FeedbackItemModel]
    let feedbackStrategies: [UUID: [UUID]]
    let voicePublic: Bool
    let months: Int

    /// Quarters the reach table shows, the current one last.
    static let quarters = 4

    var reach: ReachByNeighborhood {
        ReachByNeighborhood(events: events.map { ($0.day, $0.reach) }, endingWith: today.quarter, quarters: Self.quarters)
    }

    /// The first day counted for community input.
    var since: CalendarDay {
        CalendarDay(containing: ReportingPeriod.calendar.date(byAdding: .month, value: -months, to: today.start) ?? today.start)
    }

    var strategiesWithoutInput: [UUID] {
        let inputs = events.compactMap { event in event.id.map { (day: event.day, strategies: eventStrategies[$0] ?? []) } }
            + feedback.compactMap { item in item.id.map { (day: item.day, strategies: feedbackStrategies[$0] ?? []) } }
        return CommunityInputGap.strategiesWithout(strategies.map(\.id), inputs: inputs, since: since)
    }

    var awaitingResponse: [FeedbackItemModel] { feedback.filter { !$0.isAnswered } }

    func strategyName(_ id: UUID) -> String { strategies.first { $0.id == id }?.name ?? "—" }

    /// Whether the person may change an event: the backbone any, others their organization's.
    static func canEdit(_ access: InitiativeAccess, organizers: [UUID]) -> Bool {
        guard access.can(.recordOutreach) else { return false }
        return access.role.isBackbone || access.membership.map { organizers.contains($0.organizationID) } ?? false
    }

    static func load(_ req: Request, _ access: InitiativeAccess, months requested: Int? = nil) async throws -> OutreachDesk {
        try access.require(.viewOutreach)
        let repository = OutreachRepository(db: req.db, scope: access.scope)
        let events = try await repository.events()
        let links = try await repository.links(of: events)
        let feedback = try await repository.feedback()
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let strategies = try await ChangeNodeModel.query(on: req.db).filter(\.$initiativeID == access.scope.initiativeID).sort(\.$title).all()
            .filter { $0.parsedKind == .strategy }.compactMap { node in node.id.map { (id: $0, name: node.title) } }
        return OutreachDesk(
            today: CalendarDay(containing: Date(), in: access.initiative.zone),
            names: Dictionary(uniqueKeysWithValues: organizations.compactMap { org in org.id.map { ($0, org.name) } }),
            strategies: strategies, dimensions: try await IndicatorRepository(db: req.db, scope: access.scope).dimensions(),
            events: events, organizers: links.organizers, eventStrategies: links.strategies,
            feedback: feedback, feedbackStrategies: try await repository.strategies(of: feedback),
            voicePublic: try await repository.voiceIsPublic(),
            months: requested.flatMap { CommunityInputGap.monthChoices.contains($0) ? $0 : nil } ?? CommunityInputGap.defaultMonths)
    }
}
