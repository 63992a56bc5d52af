import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/theory-of-change`: the graph as data.
enum TheoryOfChangeAPI {
    struct PartDTO: Content {
        let id: UUID
        let kind: String
        let title: String
        let description: String
        let indicatorIDs: [UUID]
    }

    struct LinkDTO: Content {
        let from: UUID
        let to: UUID
    }

    struct GraphDTO: Content {
        let parts: [PartDTO]
        let links: [LinkDTO]
    }

    /// GET /api/v1/initiatives/:slug/theory-of-change
    @Sendable static func graph(req: Request) async throws -> GraphDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let snapshot = try await TheoryOfChangeRepository(db: req.db, scope: access.scope).snapshot()
        return GraphDTO(
            parts: try snapshot.nodes.map { node in
                let id = try node.requireID()
                return PartDTO(id: id, kind: node.parsedKind.rawValue, title: node.title, description: node.description,
                               indicatorIDs: (snapshot.indicators[id] ?? []).sorted { $0.uuidString < $1.uuidString })
            },
            links: snapshot.graph.links.sorted { ($0.from.uuidString, $0.to.uuidString) < ($1.from.uuidString, $1.to.uuidString) }
                .map { LinkDTO(from: $0.from, to: $0.to) })
    }
}
