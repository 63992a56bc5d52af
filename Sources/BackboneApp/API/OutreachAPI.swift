import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// `/api/v1/initiatives/{slug}/outreach`: events (read and write) and residents' feedback (read,
/// record, answer), with the same checks and permissions as the outreach pages. Contact details
/// residents agreed to leave are in the answer only for those who manage outreach.
enum OutreachAPI {
    struct ReachDTO: Content {
        struct Place: Content {
            let name: String
            let people: Int
        }

        let neighborhoods: [Place]
        let categories: [String: [String: Int]]
    }

    struct EventDTO: Content {
        let id: UUID
        let title: String
        let kind: String
        let heldOn: String
        let place: String
        let languages: [String]
        let organizers: [UUID]
        let strategies: [UUID]
        let reach: ReachDTO
        let peopleReached: Int
        let note: String
        let revision: Int
        let updatedAt: Date

        init(_ event: OutreachEventModel, organizers: [UUID], strategies: [UUID]) {
            id = event.id!
            title = event.title
            kind = event.kind
            heldOn = event.heldOn
            place = event.place
            languages = event.languages
            self.organizers = organizers.sorted { $0.uuidString < $1.uuidString }
            self.strategies = strategies.sorted { $0.uuidString < $1.uuidString }
            let reach = event.reach
            self.reach = ReachDTO(neighborhoods: reach.neighborhoods.map { .init(name: $0.name, people: $0.people) }, categories: reach.categories)
            peopleReached = event.peopleReached
            note = event.note
            revision = event.revision
            updatedAt = event.updatedAt
        }
    }

    struct EventsDTO: Content { let items: [EventDTO] }

    /// An event to record, or (with `revision`) an event's whole new terms.
    struct EventBody: StrictBody {
        struct Place: Decodable {
            var name: String?
            var people: Int?
        }

        var title: String?
        var kind: String?
        var heldOn: String?
        var place: String?
        var languages: [String]?
        var organizers: [UUID]?
        var strategies: [UUID]?
        var reach: [Place]?
        var categories: [String: [String: Int]]?
        var note: String?
        var revision: Revision?

        static let allowedFields: Set<String> = ["title", "kind", "heldOn", "place", "languages", "organizers", "strategies", "reach", "categories", "note", "revision"]
        static let placeFields: Set<String> = ["name", "people"]

        static func checkNested(_ object: [String: Any], into errors: inout FieldErrors) {
            for (index, item) in (object["reach"] as? [Any] ?? []).enumerated() {
                checkObject(item, at: "reach.\(index)", allowed: placeFields, required: placeFields, into: &errors)
            }
        }

        var input: OutreachRepository.EventInput {
            var categories: [String: String] = [:]
            for (dimension, counts) in self.categories ?? [:] {
                for (category, people) in counts { categories["\(dimension).\(category)"] = String(people) }
            }
            return OutreachRepository.EventInput(
                terms: OutreachEventTerms(title: title ?? "", kind: kind ?? "", heldOn: heldOn ?? "", place: place ?? "", languages: languages ?? [],
                                          note: note ?? "", reach: (reach ?? []).map { (name: $0.name ?? "", people: $0.people.map(String.init) ?? "") },
                                          categories: categories),
                organizerIDs: organizers ?? [], strategyIDs: strategies ?? [])
        }
    }

    private static func events(_ req: Request, _ access: InitiativeAccess, _ events: [OutreachEventModel]) async throws -> [EventDTO] {
        let links = try await OutreachRepository(db: req.db, scope: access.scope).links(of: events)
        return events.map { EventDTO($0, organizers: links.organizers[$0.id!] ?? [], strategies: links.strategies[$0.id!] ?? []) }
    }

    /// GET /api/v1/initiatives/:slug/outreach/events
    @Sendable static func listEvents(req: Request) async throws -> EventsDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewOutreach)
        return EventsDTO(items: try await events(req, access, try await OutreachRepository(db: req.db, scope: access.scope).events()))
    }

    /// POST /api/v1/initiatives/:slug/outreach/events
    @Sendable static func createEvent(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.recordOutreach)
        let body = try req.decodeStrict(EventBody.self)
        guard body.revision == nil else { throw FieldErrors("revision", Texts.current("error.revisionOnlyForChanges")) }
        let input = body.input
        guard OutreachDesk.canEdit(access, organizers: input.organizerIDs) else { throw FieldErrors("organizers", Texts.current("error.outreachOwnOrganizer")) }
        let saved = try await OutreachRepository(db: req.db, scope: access.scope).createEvent(input, userID: req.signedIn?.user.id, now: Date())
        let response = try await events(req, access, [saved])[0].encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/initiatives/\(access.slug)/outreach/events/\(try saved.requireID().uuidString)")
        return response
    }

    /// PUT /api/v1/initiatives/:slug/outreach/events/:id
    @Sendable static func updateEvent(req: Request) async throws -> EventDTO {
        let access = try await req.initiativeAccess()
        try access.require(.recordOutreach)
        let repository = OutreachRepository(db: req.db, scope: access.scope)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), let event = try await repository.event(id) else { throw Abort(.notFound) }
        guard OutreachDesk.canEdit(access, organizers: try await repository.links(of: [event]).organizers[id] ?? []) else {
            throw Abort(.forbidden, reason: Texts.current("error.outreachOwnOrganizer"))
        }
        let body = try req.decodeStrict(EventBody.self)
        guard let revision = body.revision else { throw FieldErrors("revision", Texts.current("error.sendRevisionYouRead")) }
        let input = body.input
        guard OutreachDesk.canEdit(access, organizers: input.organizerIDs) else { throw FieldErrors("organizers", Texts.current("error.outreachOwnOrganizer")) }
        let saved = try await repository.updateEvent(id, input, expectedRevision: revision, userID: req.signedIn?.user.id, now: Date())
        return try await events(req, access, [saved])[0]
    }
}
