import BackboneDomain
import BackbonePersistence
import Vapor

/// Comments under indicators, activities, decisions and stories, with replies and mentions.
enum CommentController {
    /// The page a comment thread lives on, after checking the target is this initiative's and
    /// the caller may see it.
    static func page(of target: CommentTarget, _ id: UUID, _ req: Request, _ access: InitiativeAccess) async throws -> (path: String, title: String) {
        switch target {
        case .indicator:
            try access.require(.viewIndicators)
            guard let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).find(id: id) else { throw Abort(.notFound) }
            return (SiteURL.indicator(slug: access.slug, id: id).path, indicator.name)
        case .activity:
            try access.require(.viewInitiative)
            guard let activity = try await ActivityRepository(db: req.db, scope: access.scope).find(id) else { throw Abort(.notFound) }
            return (SiteURL.activity(slug: access.slug, id: id).path, activity.kind)
        case .decision:
            try access.require(.viewInitiative)
            guard let decision = try await MeetingRepository(db: req.db, scope: access.scope).decision(id) else { throw Abort(.notFound) }
            return (SiteURL.decision(slug: access.slug, id: id).path, String(decision.text.prefix(60)))
        case .story:
            guard let story = try await StoryRepository(db: req.db, scope: access.scope).find(id), StoryController.canSee(story, access) else { throw Abort(.notFound) }
            return (SiteURL.story(slug: access.slug, id: id).path, story.title)
        }
    }

    /// Sends a refused comment back to its page with the message and the typed text in the query,
    /// which the thread shows: the pages that carry threads need not each know how to re-render.
    static func back(_ req: Request, _ path: String, error: String, text: String, anchor: String) -> Response {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "comment_error", value: error), URLQueryItem(name: "comment_text", value: String(text.prefix(4_000)))]
        return req.redirect(to: path + (components.percentEncodedQuery.map { "?" + $0 } ?? "") + anchor)
    }

    /// POST /i/:slug/comments
    @Sendable static func add(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let form = try req.content.decode([String: String].self)
        guard let target = form["target"].flatMap(CommentTarget.init(rawValue:)), let targetID = form["targetID"].flatMap(UUID.init(uuidString:)) else {
            throw Abort(.badRequest, reason: "Say what the comment is about.")
        }
        let (path, title) = try await page(of: target, targetID, req, access)
        let author = try req.requireSignedIn().user
        do {
            let (comment, mentioned) = try await CommentRepository(db: req.db, scope: access.scope)
                .add(target, targetID, parentID: form["parent"].flatMap(UUID.init(uuidString:)), text: form["text"] ?? "", authorID: author.requireID(), now: Date())
            let anchor = "#comment-\(try comment.requireID().uuidString)"
            try await req.notify(mentioned, in: access, .mention, "\(author.displayName) mentioned you on “\(title)”: \(comment.text.prefix(200))", path: path + anchor)
            return req.redirect(to: path + anchor)
        } catch let errors as FieldErrors {
            return back(req, path, error: errors.messages.values.first ?? "The comment was not saved.", text: form["text"] ?? "", anchor: "#comments")
        }
    }

    /// POST /i/:slug/comments/:id/edit
    @Sendable static func edit(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let repository = CommentRepository(db: req.db, scope: access.scope)
        guard let comment = try await repository.comment(try req.uuidParameter("id")), let target = CommentTarget(rawValue: comment.targetKind) else { throw Abort(.notFound) }
        let (path, title) = try await page(of: target, comment.targetID, req, access)
        let author = try req.requireSignedIn().user
        guard comment.authorID == author.id else { throw Abort(.forbidden, reason: "Only the author can edit a comment.") }
        let text = try req.content.decode([String: String].self)["text"] ?? ""
        let anchor = "#comment-\(try comment.requireID().uuidString)"
        do {
            let newlyMentioned = try await repository.edit(comment, text: text, authorID: author.requireID(), now: Date())
            try await req.notify(newlyMentioned, in: access, .mention, "\(author.displayName) mentioned you on “\(title)”: \(comment.text.prefix(200))", path: path + anchor)
        } catch let errors as FieldErrors {
            return back(req, path, error: errors.messages.values.first ?? "The comment was not saved.", text: text, anchor: "#comments")
        }
        return req.redirect(to: path + anchor)
    }

    /// POST /i/:slug/comments/:id/delete: the author's own, or any for the backbone.
    @Sendable static func delete(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let repository = CommentRepository(db: req.db, scope: access.scope)
        guard let comment = try await repository.comment(try req.uuidParameter("id")), let target = CommentTarget(rawValue: comment.targetKind) else { throw Abort(.notFound) }
        let (path, _) = try await page(of: target, comment.targetID, req, access)
        guard comment.authorID == req.signedIn?.user.id || access.can(.manageMeetings) else {
            throw Abort(.forbidden, reason: "Only the author and the backbone can delete a comment.")
        }
        try await repository.delete(comment, now: Date())
        return req.redirect(to: path + "#comment-\(try comment.requireID().uuidString)")
    }
}
