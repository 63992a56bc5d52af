import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// The theory of change of one initiative: its nodes, links and attached indicators.
public struct TheoryOfChangeRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// Everything at once, for the diagram and the outline.
    public struct Snapshot: Sendable {
        public let nodes: [ChangeNodeModel]
        public let graph: ChangeGraph
        /// Indicator ids by node id.
        public let indicators: [UUID: [UUID]]
    }

    public func snapshot() async throws -> Snapshot {
        let nodes = try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$createdAt).sort(\.$title).all()
        let links = try await ChangeLinkModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
        let attached = try await ChangeNodeIndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
        let graph = ChangeGraph(kinds: Dictionary(uniqueKeysWithValues: try nodes.map { (try $0.requireID(), $0.parsedKind) }),
                                links: Set(links.map { ChangeGraph.Link(from: $0.fromID, to: $0.toID) }))
        return Snapshot(nodes: nodes, graph: graph, indicators: Dictionary(grouping: attached, by: \.nodeID).mapValues { $0.map(\.indicatorID) })
    }

    @discardableResult
    public func addNode(kind: ChangeNodeKind, title: String, description: String, now: Date) async throws -> ChangeNodeModel {
        let title = title.trimmed, description = description.trimmed
        var errors = FieldErrors()
        if title.isEmpty { errors.add("title", Texts.current("error.givePartShortTitle")) }
        if title.count > 200 { errors.add("title", Texts.current("error.titleTooLongMost")) }
        if description.count > 2_000 { errors.add("description", Texts.current("error.descriptionTooLongMost")) }
        try errors.throwIfAny()
        if try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$title == title).first() != nil {
            throw FieldErrors.conflict("title", Texts.current("error.theoryChangeAlreadyHas", ["value": "\(title)"]))
        }
        let node = ChangeNodeModel()
        node.initiativeID = scope.initiativeID
        node.kind = kind.rawValue
        node.title = title
        node.description = description
        node.createdAt = now
        try await node.create(on: db)
        return node
    }

    /// Links `from` as contributing to `to`; refused with the reason when the graph's rules say no
    /// (a circle, a link into a strategy, a part of another initiative). Checked and written in one
    /// transaction, so two links that together would make a circle cannot both get in on SQLite;
    /// on PostgreSQL the initiative's row is locked for the check.
    public func link(from: UUID, to: UUID) async throws {
        try await db.transaction { tx in
            // A no-op write that takes the initiative's row lock: concurrent links take turns.
            try await (tx as! any SQLDatabase).update(InitiativeModel.schema).set(SQLIdentifier("name"), to: SQLColumn("name"))
                .where("id", .equal, SQLBind(scope.initiativeID)).run()
            let graph = try await TheoryOfChangeRepository(db: tx, scope: scope).snapshot().graph
            if let refusal = graph.refusal(from: from, to: to) { throw FieldErrors("to", refusal) }
            let link = ChangeLinkModel()
            link.initiativeID = scope.initiativeID
            link.fromID = from
            link.toID = to
            try await link.create(on: tx)
        }
    }

    public func unlink(from: UUID, to: UUID) async throws {
        try await ChangeLinkModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$fromID == from).filter(\.$toID == to).delete()
    }

    /// Attaches one of the initiative's indicators to a result or outcome; attaching twice changes nothing.
    public func attach(indicatorID: UUID, to nodeID: UUID) async throws {
        guard let node = try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == nodeID).first() else {
            throw FieldErrors("node", Texts.current("error.choosePartTheoryChange"))
        }
        guard node.parsedKind.takesIndicators else {
            throw FieldErrors("node", Texts.current("error.indicatorsMeasureResultsOutcomes"))
        }
        guard try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == indicatorID).first() != nil else {
            throw FieldErrors("indicator", Texts.current("error.chooseOneInitiativeS8"))
        }
        if try await ChangeNodeIndicatorModel.query(on: db).filter(\.$nodeID == nodeID).filter(\.$indicatorID == indicatorID).first() != nil { return }
        let row = ChangeNodeIndicatorModel()
        row.initiativeID = scope.initiativeID
        row.nodeID = nodeID
        row.indicatorID = indicatorID
        try await row.create(on: db)
    }
}
