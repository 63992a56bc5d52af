import BackboneDomain
import Fluent
import Foundation

/// A saved what-if scenario for one indicator (see `ScenarioPlan`).
public final class ScenarioModel: Model, @unchecked Sendable {
    public static let schema = "scenarios"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID
    @OptionalField(key: "strategy_id") public var strategyID: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "plan_json") public var planJSON: String
    @Field(key: "revision") public var revision: Int
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @OptionalField(key: "updated_by") public var updatedBy: UUID?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    /// The plan as saved; a row that cannot be read (never written by this code) reads as no changes.
    public var plan: ScenarioPlan {
        (try? JSONDecoder().decode(ScenarioPlan.self, from: Data(planJSON.utf8))) ?? ScenarioPlan(name: name, changes: [])
    }
}
