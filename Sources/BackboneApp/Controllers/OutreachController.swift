import BackboneDomain
import BackbonePersistence
import Vapor

/// Community outreach: the overview (reach by neighborhood, strategies without community input,
/// events, feedback awaiting an answer), the event form, and the public voice page's switch.
enum OutreachController {
    /// Rows of "neighborhood, people" the event form offers (more once an event has more).
    static let reachRows = 6

    struct EventForm: Content {
        var title: String?
        var kind: String?
        var heldOn: String?
        var place: String?
        var languages: [String]?
        var organizers: [String]?
        var strategies: [String]?
        var note: String?
        var reachName: [String]?
        var reachPeople: [String]?
        /// "breakdown.category" → people.
        var category: [String: String]?
        var revision: String?

        var input: OutreachRepository.EventInput {
            let names = reachName ?? [], people = reachPeople ?? []
            let rows = (0..<max(names.count, people.count)).map { index in
                (name: index < names.count ? names[index] : "", people: index < people.count ? people[index] : "")
            }
            return OutreachRepository.EventInput(
                terms: OutreachEventTerms(title: title ?? "", kind: kind ?? "", heldOn: heldOn ?? "", place: place ?? "", languages: languages ?? [],
                                          note: note ?? "", reach: rows, categories: category ?? [:]),
                organizerIDs: (organizers ?? []).compactMap(UUID.init(uuidString:)), strategyIDs: (strategies ?? []).compactMap(UUID.init(uuidString:)))
        }

        init(own organization: UUID?) {
            kind = OutreachKind.listeningSession.rawValue
            languages = ["en"]
            organizers = organization.map { [$0.uuidString] }
        }

        init(_ event: OutreachEventModel, organizers: [UUID], strategies: [UUID]) {
            title = event.title
            kind = event.kind
            heldOn = event.heldOn
            place = event.place
            languages = event.languages
            self.organizers = organizers.map(\.uuidString)
            self.strategies = strategies.map(\.uuidString)
            note = event.note
            reachName = event.reach.neighborhoods.map(\.name)
            reachPeople = event.reach.neighborhoods.map { String($0.people) }
            category = Dictionary(uniqueKeysWithValues: event.reach.categories.flatMap { key, counts in counts.map { ("\(key).\($0.key)", String($0.value)) } })
            revision = String(event.revision)
        }
    }

    /// GET /i/:slug/outreach?months=6
    @Sendable static func overview(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let months = (try? req.query.get(String.self, at: "months")).flatMap { $0.count <= 2 ? Int($0) : nil }
        let desk = try await OutreachDesk.load(req, access, months: months)
        return OutreachPage(access: access, desk: desk, notice: Notice.from(req)).render(try await req.chrome(.outreach, access: access)).response()
    }

    /// GET /i/:slug/outreach/events/new
    @Sendable static func new(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.recordOutreach)
        return try await eventPage(req, access, event: nil, form: EventForm(own: access.role.isBackbone ? nil : access.membership?.organizationID), errors: [:])
    }

    /// POST /i/:slug/outreach/events
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.recordOutreach)
        let form = try req.content.decode(EventForm.self)
        let input = form.input
        do {
            // Outside the backbone an event names one's own organization among its organizers.
            guard OutreachDesk.canEdit(access, organizers: input.organizerIDs) else { throw FieldErrors("organizers", Texts.current("error.outreachOwnOrganizer")) }
            let saved = try await OutreachRepository(db: req.db, scope: access.scope).createEvent(input, userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.eventSaved.appended(to: SiteURL.outreachEvent(slug: access.slug, id: try saved.requireID()).path))
        } catch let errors as FieldErrors {
            return try await eventPage(req, access, event: nil, form: form, errors: errors.messages, status: .unprocessableEntity)
        }
    }

    private static func event(_ req: Request, _ access: InitiativeAccess) async throws -> (OutreachEventModel, [UUID], [UUID]) {
        let repository = OutreachRepository(db: req.db, scope: access.scope)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let event = try await repository.event(id) else { throw Abort(.notFound) }
        let links = try await repository.links(of: [event])
        return (event, links.organizers[id] ?? [], links.strategies[id] ?? [])
    }

    /// GET /i/:slug/outreach/events/:id: the form for those who may change it, the facts for the others.
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewOutreach)
        let (event, organizers, strategies) = try await event(req, access)
        return try await eventPage(req, access, event: event, form: EventForm(event, organizers: organizers, strategies: strategies), errors: [:],
                                   notice: Notice.from(req), editable: OutreachDesk.canEdit(access, organizers: organizers))
    }

    /// POST /i/:slug/outreach/events/:id
    @Sendable static func update(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.recordOutreach)
        let (event, organizers, _) = try await event(req, access)
        guard OutreachDesk.canEdit(access, organizers: organizers) else { throw Abort(.forbidden, reason: Texts.current("error.outreachOwnOrganizer")) }
        let form = try req.content.decode(EventForm.self)
        let input = form.input
        var status = HTTPResponseStatus.unprocessableEntity
        do {
            guard OutreachDesk.canEdit(access, organizers: input.organizerIDs) else { throw FieldErrors("organizers", Texts.current("error.outreachOwnOrganizer")) }
            let saved = try await OutreachRepository(db: req.db, scope: access.scope)
                .updateEvent(event.requireID(), input, expectedRevision: try Revision.fromForm(form.revision), userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.eventSaved.appended(to: SiteURL.outreachEvent(slug: access.slug, id: try saved.requireID()).path))
        } catch let errors as FieldErrors {
            if errors.isConflict { status = .conflict }
            return try await eventPage(req, access, event: event, form: form, errors: errors.messages, status: status)
        }
    }

    private static func eventPage(_ req: Request, _ access: InitiativeAccess, event: OutreachEventModel?, form: EventForm, errors: [String: String],
                                  notice: Notice? = nil, editable: Bool = true, status: HTTPResponseStatus = .ok) async throws -> Response {
        let desk = try await OutreachDesk.load(req, access)
        return EventPage(access: access, desk: desk, event: event, form: form, errors: errors, notice: notice, editable: editable)
            .render(try await req.chrome(.outreach, access: access)).response(status: status)
    }

    /// POST /i/:slug/outreach/settings: opens or closes the public voice page.
    @Sendable static func settings(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageOutreach)
        struct Form: Content { var voicePublic: String? }
        let form = try req.content.decode(Form.self)
        try await OutreachRepository(db: req.db, scope: access.scope).setVoicePublic(form.voicePublic == "on")
        return req.redirect(to: Notice.outreachSettingsSaved.appended(to: SiteURL.outreach(slug: access.slug).path))
    }
}
