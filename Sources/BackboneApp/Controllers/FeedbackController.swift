import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// Residents' feedback inside the initiative: the list (awaiting an answer first), recording
/// what was heard, and answering it ("you said, we did").
enum FeedbackController {
    struct FeedbackForm: Content {
        var text: String?
        var neighborhood: String?
        var event: String?
        var strategies: [String]?
        var contactName: String?
        var contactEmail: String?
        var consent: String?

        var terms: FeedbackTerms {
            FeedbackTerms(text: text ?? "", neighborhood: neighborhood ?? "", contactName: contactName ?? "", contactEmail: contactEmail ?? "",
                          consent: consent == "on")
        }
    }

    struct ResponseForm: Content {
        var response: String?
        /// `none`, or a kind and an id: `activity:<uuid>`, `decision:<uuid>`.
        var link: String?
        var strategies: [String]?
        var revision: String?

        var parts: (kind: String, id: UUID?) {
            let parts = (link ?? "").split(separator: ":", maxSplits: 1).map(String.init)
            return (parts.first ?? "", parts.count == 2 ? UUID(uuidString: parts[1]) : nil)
        }
    }

    /// GET /i/:slug/outreach/feedback
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let desk = try await OutreachDesk.load(req, access)
        return FeedbackListPage(access: access, desk: desk).render(try await req.chrome(.outreach, access: access)).response()
    }

    /// GET /i/:slug/outreach/feedback/new
    @Sendable static func new(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.recordOutreach)
        let desk = try await OutreachDesk.load(req, access)
        return FeedbackNewPage(access: access, desk: desk, form: FeedbackForm(event: try? req.query.get(String.self, at: "event")), errors: [:])
            .render(try await req.chrome(.outreach, access: access)).response()
    }

    /// POST /i/:slug/outreach/feedback
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.recordOutreach)
        let form = try req.content.decode(FeedbackForm.self)
        do {
            let event = form.event.flatMap { $0.isEmpty ? nil : $0 }
            if event != nil, event.flatMap(UUID.init(uuidString:)) == nil { throw FieldErrors("event", Texts.current("error.noSuchEvent")) }
            let saved = try await OutreachRepository(db: req.db, scope: access.scope)
                .record(form.terms, source: .staff, eventID: event.flatMap(UUID.init(uuidString:)), strategyIDs: (form.strategies ?? []).compactMap(UUID.init(uuidString:)),
                        userID: req.signedIn?.user.id, today: CalendarDay(containing: Date(), in: access.initiative.zone), now: Date())
            return req.redirect(to: Notice.feedbackSaved.appended(to: SiteURL.feedbackItem(slug: access.slug, id: try saved.requireID()).path))
        } catch let errors as FieldErrors {
            let desk = try await OutreachDesk.load(req, access)
            return FeedbackNewPage(access: access, desk: desk, form: form, errors: errors.messages)
                .render(try await req.chrome(.outreach, access: access)).response(status: .unprocessableEntity)
        }
    }

    private static func item(_ req: Request, _ access: InitiativeAccess) async throws -> FeedbackItemModel {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let item = try await OutreachRepository(db: req.db, scope: access.scope).feedbackItem(id) else { throw Abort(.notFound) }
        return item
    }

    /// GET /i/:slug/outreach/feedback/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let desk = try await OutreachDesk.load(req, access)
        let item = try await item(req, access)
        let form = ResponseForm(response: item.response, link: item.responseLinkID.map { "\(item.responseLink):\($0.uuidString)" } ?? ResponseLink.none.rawValue,
                                strategies: (desk.feedbackStrategies[item.id!] ?? []).map(\.uuidString), revision: String(item.revision))
        return try await itemPage(req, access, desk, item, form: form, errors: [:], notice: Notice.from(req))
    }

    /// POST /i/:slug/outreach/feedback/:id: the answer.
    @Sendable static func respond(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.respondToFeedback)
        let item = try await item(req, access)
        let form = try req.content.decode(ResponseForm.self)
        var status = HTTPResponseStatus.unprocessableEntity
        do {
            let (kind, id) = form.parts
            try await OutreachRepository(db: req.db, scope: access.scope)
                .respond(item.requireID(), FeedbackResponseTerms(text: form.response ?? "", link: kind), linkID: id,
                         strategyIDs: (form.strategies ?? []).compactMap(UUID.init(uuidString:)), expectedRevision: try Revision.fromForm(form.revision),
                         userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.feedbackAnswered.appended(to: SiteURL.feedbackItem(slug: access.slug, id: try item.requireID()).path))
        } catch let errors as FieldErrors {
            if errors.isConflict { status = .conflict }
            return try await itemPage(req, access, try await OutreachDesk.load(req, access), item, form: form, errors: errors.messages, status: status)
        }
    }

    private static func itemPage(_ req: Request, _ access: InitiativeAccess, _ desk: OutreachDesk, _ item: FeedbackItemModel, form: ResponseForm,
                                 errors: [String: String], notice: Notice? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let activities = try await ActivityRepository(db: req.db, scope: access.scope).all()
        let decisions = try await DecisionModel.query(on: req.db).filter(\.$initiativeID == access.scope.initiativeID).sort(\.$text).all()
        return FeedbackItemPage(access: access, desk: desk, item: item, form: form, errors: errors, notice: notice,
                                links: FeedbackItemPage.linkChoices(activities: activities, decisions: decisions, names: desk.names))
            .render(try await req.chrome(.outreach, access: access)).response(status: status)
    }
}

extension FeedbackController.FeedbackForm {
    init(event: String?) {
        self.event = event
    }
}
