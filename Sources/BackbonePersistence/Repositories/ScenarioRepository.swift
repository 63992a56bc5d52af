import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// An initiative's what-if scenarios. Saving one never touches figures or aggregates.
public struct ScenarioRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// The initiative's scenarios, or one indicator's, newest first.
    public func all(indicatorID: UUID? = nil) async throws -> [ScenarioModel] {
        var query = ScenarioModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if let indicatorID { query = query.filter(\.$indicatorID == indicatorID) }
        return try await query.sort(\.$updatedAt, .descending).sort(\.$name).all()
    }

    public func find(id: UUID) async throws -> ScenarioModel? {
        try await ScenarioModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Saves a checked plan as a new scenario.
    public func create(indicatorID: UUID, plan: ScenarioPlan, userID: UUID?, now: Date) async throws -> ScenarioModel {
        let row = ScenarioModel()
        row.initiativeID = scope.initiativeID
        row.indicatorID = indicatorID
        row.strategyID = plan.strategyID
        row.name = plan.name.trimmed
        row.planJSON = try Self.json(plan)
        row.revision = 1
        row.createdBy = userID
        row.updatedBy = userID
        row.updatedAt = now
        try await row.create(on: db)
        return row
    }

    /// Replaces a scenario's plan; someone else's save since `expectedRevision` is a conflict.
    public func update(id: UUID, plan: ScenarioPlan, expectedRevision: Revision, userID: UUID?, now: Date) async throws -> Int {
        let updated = try await (db as! any SQLDatabase).update(ScenarioModel.schema)
            .set("name", to: plan.name.trimmed).set("plan_json", to: try Self.json(plan)).set("strategy_id", to: plan.strategyID)
            .set("updated_by", to: userID).set("updated_at", to: now).set("revision", to: SQLRaw("revision + 1"))
            .where("initiative_id", .equal, scope.initiativeID).where("id", .equal, id).where("revision", .equal, expectedRevision.value)
            .returning("revision").all()
        guard let row = updated.first else { throw FieldErrors.conflict("revision", Texts.current("error.someoneElseChangedWhile")) }
        return try row.decode(column: "revision", as: Int.self)
    }

    public func delete(id: UUID) async throws {
        try await ScenarioModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).delete()
    }

    static func json(_ plan: ScenarioPlan) throws -> String {
        var plan = plan
        plan.name = plan.name.trimmed
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(plan), as: UTF8.self)
    }
}
