import BackboneDomain
import Fluent
import Foundation

/// Comments of one initiative. Mentions are checked against the initiative's members when a
/// comment is written: a mention of someone unknown is refused, never silently dropped.
public struct CommentRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    public func thread(_ target: CommentTarget, _ targetID: UUID) async throws -> [CommentModel] {
        try await CommentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$targetKind == target.rawValue)
            .filter(\.$targetID == targetID).sort(\.$createdAt).all()
    }

    public func comment(_ id: UUID) async throws -> CommentModel? {
        try await CommentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// Who may read what a comment is about: only they may be mentioned, so a mention never
    /// sends someone the title or text of a page they cannot open.
    public typealias Readers = @Sendable (MemberListing) -> Bool

    /// Members mentioned in `text`, by user id; refused when a handle matches no one, or someone
    /// who may not read the comment's page.
    public func mentioned(in text: String, readableBy mayRead: Readers) async throws -> [UUID] {
        let handles = Mentions.handles(in: text)
        guard !handles.isEmpty else { return [] }
        let members = try await MembershipRepository(db: db, scope: scope).listing()
        var ids: [UUID] = []
        for handle in handles {
            let matches = members.filter { Mentions.handle(ofEmail: $0.user.email) == handle }
            guard let match = matches.first else {
                throw CommentRefusal.unknownMention
            }
            guard mayRead(match) else {
                throw CommentRefusal.unreadableMention
            }
            ids.append(try match.user.requireID())
        }
        return ids
    }

    static func check(_ text: String) throws -> String {
        let text = text.trimmed
        if text.isEmpty { throw CommentRefusal.empty }
        if text.count > 4_000 { throw CommentRefusal.tooLong }
        if text.containsUnshowableCharacters {
            throw CommentRefusal.unshowable
        }
        return text
    }

    /// Adds a comment, or a reply to a top-level comment of the same thread. Answers it and who it mentions.
    public func add(_ target: CommentTarget, _ targetID: UUID, parentID: UUID?, text: String, authorID: UUID, now: Date,
                    readableBy mayRead: Readers) async throws -> (CommentModel, [UUID]) {
        let text = try Self.check(text)
        if let parentID {
            guard let parent = try await comment(parentID), parent.targetID == targetID, parent.targetKind == target.rawValue, parent.parentID == nil else {
                throw CommentRefusal.replyElsewhere
            }
        }
        let mentioned = try await mentioned(in: text, readableBy: mayRead)
        let comment = CommentModel()
        comment.initiativeID = scope.initiativeID
        comment.targetKind = target.rawValue
        comment.targetID = targetID
        comment.parentID = parentID
        comment.authorID = authorID
        comment.text = text
        comment.createdAt = now
        try await comment.create(on: db)
        return (comment, mentioned)
    }

    /// Rewrites the author's own comment; it shows as edited. Answers who is newly mentioned.
    public func edit(_ comment: CommentModel, text: String, authorID: UUID, now: Date, readableBy mayRead: Readers) async throws -> [UUID] {
        guard comment.authorID == authorID, comment.deletedAt == nil else { throw CommentRefusal.notAuthor }
        let text = try Self.check(text)
        // Who was mentioned before (someone since gone or moved no longer counts).
        let before = Set((try? await mentioned(in: comment.text, readableBy: mayRead)) ?? [])
        let after = try await mentioned(in: text, readableBy: mayRead)
        comment.text = text
        comment.editedAt = now
        try await comment.update(on: db)
        return after.filter { !before.contains($0) }
    }

    /// Deletes a comment's text; the comment stays as a tombstone so replies keep their place.
    public func delete(_ comment: CommentModel, now: Date) async throws {
        comment.text = ""
        comment.deletedAt = now
        try await comment.update(on: db)
    }
}
