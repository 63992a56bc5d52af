import BackboneDomain
import BackbonePersistence
import Vapor

/// A meeting's data walk packet: the latest results of the indicators its body's strategies
/// work toward, and what changed since the body last met.
enum DataWalkController {
    /// GET /i/:slug/meetings/:id/packet
    @Sendable static func packet(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let meetings = MeetingRepository(db: req.db, scope: access.scope)
        guard let meeting = try await meetings.meeting(try req.uuidParameter("id")) else { throw Abort(.notFound) }
        let body = try await meeting.bodyID.asyncFlatMap { try await GovernanceRepository(db: req.db, scope: access.scope).body($0) }
        let theory = try await TheoryOfChangeRepository(db: req.db, scope: access.scope).snapshot()
        let owned = try await meeting.bodyID.asyncFlatMap { try await GovernanceRepository(db: req.db, scope: access.scope).strategies()[$0] }
        let indicators = relevantIndicators(theory: theory, strategies: owned)
        let (_, standings) = try await ResultsController.standings(req, access)
        let previous = try await meetings.meetings(bodyID: meeting.bodyID).last { $0.bodyID == meeting.bodyID && $0.startsAt < meeting.startsAt }
        return DataWalkPage(access: access, meeting: meeting, bodyName: body?.name ?? "All partners",
                            items: standings.filter { item in indicators?.contains(item.listing.indicator.id!) ?? true },
                            scoped: indicators != nil, previous: previous)
            .render(try await req.chrome(.meetings, access: access)).response()
    }

    /// The indicators on the parts of the theory of change that `strategies` contribute to,
    /// directly or further along; nil (every indicator) for a meeting not tied to strategies.
    static func relevantIndicators(theory: TheoryOfChangeRepository.Snapshot, strategies: [UUID]?) -> Set<UUID>? {
        guard let strategies, !strategies.isEmpty else { return nil }
        let reached = theory.nodes.compactMap(\.id).filter { node in strategies.contains { theory.graph.reaches(from: $0, target: node) } }
        return Set(reached.flatMap { theory.indicators[$0] ?? [] })
    }
}
