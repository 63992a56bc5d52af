import BackboneDomain
import Fluent
import Foundation

public final class ChangeNodeModel: Model, @unchecked Sendable {
    public static let schema = "change_nodes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "title") public var title: String
    @Field(key: "description") public var description: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var parsedKind: ChangeNodeKind { ChangeNodeKind(rawValue: kind) ?? .outcome }
}

public final class ChangeLinkModel: Model, @unchecked Sendable {
    public static let schema = "change_links"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "from_id") public var fromID: UUID
    @Field(key: "to_id") public var toID: UUID

    public init() {}
}

public final class ChangeNodeIndicatorModel: Model, @unchecked Sendable {
    public static let schema = "change_node_indicators"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "node_id") public var nodeID: UUID
    @Field(key: "indicator_id") public var indicatorID: UUID

    public init() {}
}
