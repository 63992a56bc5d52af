import Fluent
import Foundation

/// One collective impact effort: the tenant that scopes all other data.
public final class InitiativeModel: Model, @unchecked Sendable {
    public static let schema = "initiatives"

    @ID(key: .id) public var id: UUID?
    @Field(key: "slug") public var slug: String
    @Field(key: "name") public var name: String
    @Field(key: "place") public var place: String
    @Field(key: "problem_statement") public var problemStatement: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public init(id: UUID? = nil, slug: String, name: String, place: String, problemStatement: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.place = place
        self.problemStatement = problemStatement
        self.createdAt = createdAt
    }
}
