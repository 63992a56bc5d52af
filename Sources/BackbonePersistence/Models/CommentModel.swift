import BackboneDomain
import Fluent
import Foundation

/// What a comment is about.
public enum CommentTarget: String, CaseIterable, Codable, Sendable {
    case indicator, activity, decision, story
}

public final class CommentModel: Model, @unchecked Sendable {
    public static let schema = "comments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "target_kind") public var targetKind: String
    @Field(key: "target_id") public var targetID: UUID
    @OptionalField(key: "parent_id") public var parentID: UUID?
    @OptionalField(key: "author_id") public var authorID: UUID?
    @Field(key: "text") public var text: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "edited_at") public var editedAt: Date?
    @OptionalField(key: "deleted_at") public var deletedAt: Date?

    public init() {}
}
