import BackboneDomain
import BackbonePersistence
import Vapor

/// Comments under indicators, activities, decisions and stories, with replies and mentions.
enum CommentController {
    /// The page a comment thread lives on and who may read it, after checking the target is this
    /// initiative's and the caller may see it.
    struct ThreadPage {
        let path: String
        let title: String
        /// The members who may open the page: the only ones a comment may mention.
        let readers: CommentRepository.Readers
    }

    static func page(of target: CommentTarget, _ id: UUID, _ req: Request, _ access: InitiativeAccess) async throws -> ThreadPage {
        func allowed(_ action: InitiativeAction) -> CommentRepository.Readers {
            { Permissions.allows($0.membership.parsedRole, action) }
        }
        switch target {
        case .indicator:
            try access.require(.viewIndicators)
            guard let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).find(id: id) else { throw Abort(.notFound) }
            return ThreadPage(path: SiteURL.indicator(slug: access.slug, id: id).path, title: indicator.shownName, readers: allowed(.viewIndicators))
        case .activity:
            try access.require(.viewInitiative)
            guard let activity = try await ActivityRepository(db: req.db, scope: access.scope).find(id) else { throw Abort(.notFound) }
            return ThreadPage(path: SiteURL.activity(slug: access.slug, id: id).path, title: activity.kind, readers: allowed(.viewInitiative))
        case .decision:
            try access.require(.viewInitiative)
            guard let decision = try await MeetingRepository(db: req.db, scope: access.scope).decision(id) else { throw Abort(.notFound) }
            return ThreadPage(path: SiteURL.decision(slug: access.slug, id: id).path, title: String(decision.text.prefix(60)), readers: allowed(.viewInitiative))
        case .story:
            guard let story = try await StoryRepository(db: req.db, scope: access.scope).find(id), StoryController.canSee(story, access) else { throw Abort(.notFound) }
            let published = story.parsedStatus == .published, organizationID = story.organizationID
            return ThreadPage(path: SiteURL.story(slug: access.slug, id: id).path, title: story.title, readers: { member in
                Permissions.allows(member.membership.parsedRole, .viewInitiative)
                    && (published || Permissions.allows(member.membership.parsedRole, .publishStories) || member.membership.organizationID == organizationID)
            })
        }
    }

    /// Sends a refused comment back to its page with the reason's name and the typed text in the
    /// query, which the thread shows: the pages that carry threads need not each know how to re-render.
    static func back(_ req: Request, _ path: String, _ refusal: CommentRefusal, text: String) -> Response {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "comment_error", value: refusal.rawValue), URLQueryItem(name: "comment_text", value: String(text.prefix(4_000)))]
        return req.redirect(to: path + (components.percentEncodedQuery.map { "?" + $0 } ?? "") + "#comments")
    }

    /// POST /i/:slug/comments
    @Sendable static func add(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let form = try req.content.decode([String: String].self)
        guard let target = form["target"].flatMap(CommentTarget.init(rawValue:)), let targetID = form["targetID"].flatMap(UUID.init(uuidString:)) else {
            throw Abort(.badRequest, reason: Texts.current("error.sayWhatCommentAbout"))
        }
        let thread = try await page(of: target, targetID, req, access)
        let (path, title) = (thread.path, thread.title)
        let author = try req.requireSignedIn().user
        do {
            // The comment and the notices to those it mentions commit together.
            let anchor = try await req.db.transaction { tx in
                let (comment, mentioned) = try await CommentRepository(db: tx, scope: access.scope)
                    .add(target, targetID, parentID: form["parent"].flatMap(UUID.init(uuidString:)), text: form["text"] ?? "", authorID: author.requireID(), now: Date(),
                         readableBy: thread.readers)
                let anchor = "#comment-\(try comment.requireID().uuidString)"
                try await req.notify(mentioned, in: access, .mention, path: path + anchor, on: tx) { t in
                    t("mail.mentioned", ["name": author.displayName, "title": title, "text": String(comment.text.prefix(200))])
                }
                return anchor
            }
            return req.redirect(to: path + anchor)
        } catch let refusal as CommentRefusal {
            return back(req, path, refusal, text: form["text"] ?? "")
        }
    }

    /// POST /i/:slug/comments/:id/edit
    @Sendable static func edit(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let repository = CommentRepository(db: req.db, scope: access.scope)
        guard let comment = try await repository.comment(try req.uuidParameter("id")), let target = CommentTarget(rawValue: comment.targetKind) else { throw Abort(.notFound) }
        let thread = try await page(of: target, comment.targetID, req, access)
        let (path, title) = (thread.path, thread.title)
        let author = try req.requireSignedIn().user
        guard comment.authorID == author.id else { throw Abort(.forbidden, reason: Texts.current("error.onlyAuthorCanEdit")) }
        let text = try req.content.decode([String: String].self)["text"] ?? ""
        let anchor = "#comment-\(try comment.requireID().uuidString)"
        do {
            try await req.db.transaction { tx in
                let newlyMentioned = try await CommentRepository(db: tx, scope: access.scope)
                    .edit(comment, text: text, authorID: author.requireID(), now: Date(), readableBy: thread.readers)
                try await req.notify(newlyMentioned, in: access, .mention, path: path + anchor, on: tx) { t in
                    t("mail.mentioned", ["name": author.displayName, "title": title, "text": String(comment.text.prefix(200))])
                }
            }
        } catch let refusal as CommentRefusal {
            return back(req, path, refusal, text: text)
        }
        return req.redirect(to: path + anchor)
    }

    /// POST /i/:slug/comments/:id/delete: the author's own, or any for the backbone.
    @Sendable static func delete(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let repository = CommentRepository(db: req.db, scope: access.scope)
        guard let comment = try await repository.comment(try req.uuidParameter("id")), let target = CommentTarget(rawValue: comment.targetKind) else { throw Abort(.notFound) }
        let path = try await page(of: target, comment.targetID, req, access).path
        guard comment.authorID == req.signedIn?.user.id || access.can(.manageMeetings) else {
            throw Abort(.forbidden, reason: Texts.current("error.onlyAuthorBackboneCan"))
        }
        try await repository.delete(comment, now: Date())
        return req.redirect(to: path + "#comment-\(try comment.requireID().uuidString)")
    }
}
