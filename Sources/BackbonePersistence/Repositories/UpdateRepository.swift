import BackboneDomain
import Fluent
import Foundation

public final class UpdateModel: Model, @unchecked Sendable {
    public static let schema = "updates"

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "title") public var title: String
    @Field(key: "text") public var text: String
    @Field(key: "path") public var path: String
    @OptionalField(key: "body_id") public var bodyID: UUID?
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @OptionalField(key: "author_id") public var authorID: UUID?
    @Field(key: "created_at") public var createdAt: Date
    /// The language the title and text were written in (`SiteLanguage`); nil for older entries.
    @OptionalField(key: "language") public var language: String?

    public init() {}

    public var parsedKind: UpdateKind { UpdateKind(rawValue: kind) ?? .announcement }
}

/// The updates feed of one initiative.
public struct UpdateRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    public struct Filter: Sendable, Equatable {
        public var kind: UpdateKind?
        public var bodyID: UUID?
        public var organizationID: UUID?

        public init(kind: UpdateKind? = nil, bodyID: UUID? = nil, organizationID: UUID? = nil) {
            self.kind = kind
            self.bodyID = bodyID
            self.organizationID = organizationID
        }
    }

    /// Newest first.
    public func feed(_ filter: Filter = Filter(), limit: Int = 100) async throws -> [UpdateModel] {
        let query = UpdateModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if let kind = filter.kind { query.filter(\.$kind == kind.rawValue) }
        if let body = filter.bodyID { query.filter(\.$bodyID == body) }
        if let organization = filter.organizationID { query.filter(\.$organizationID == organization) }
        return try await query.sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// Records an entry. Announcements are checked as typed; system entries are written by code.
    @discardableResult
    public func record(_ kind: UpdateKind, title: String, text: String = "", path: String, bodyID: UUID? = nil, organizationID: UUID? = nil,
                       authorID: UUID?, now: Date) async throws -> UpdateModel {
        let title = title.trimmed, text = text.trimmed
        var errors = FieldErrors()
        if title.isEmpty { errors.add("title", Texts.current("error.giveUpdateTitle")) }
        if title.count > 200 { errors.add("title", Texts.current("error.titleTooLongMost")) }
        if text.count > 10_000 { errors.add("text", Texts.current("error.textTooLongMost")) }
        if (title + text).containsUnshowableCharacters {
            errors.add("text", Texts.current("error.textContainsCharactersThat"))
        }
        if let bodyID, try await GovernanceRepository(db: db, scope: scope).body(bodyID) == nil { errors.add("body", Texts.current("error.chooseOneInitiativeS9")) }
        try errors.throwIfAny()
        let update = UpdateModel()
        update.initiativeID = scope.initiativeID
        update.kind = kind.rawValue
        update.title = title
        update.text = text
        update.path = path
        update.bodyID = bodyID
        update.organizationID = organizationID
        update.authorID = authorID
        update.language = SiteLanguage.current.rawValue
        update.createdAt = now
        try await update.create(on: db)
        return update
    }
}
