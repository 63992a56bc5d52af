import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

extension OutreachAPI {
    struct LinkDTO: Content {
        let kind: String
        let id: UUID?
    }

    struct ContactDTO: Content {
        let name: String?
        let email: String?
    }

    struct FeedbackDTO: Content {
        let id: UUID
        let source: String
        let text: String
        let neighborhood: String
        let receivedOn: String
        let event: UUID?
        let strategies: [UUID]
        let response: String?
        let link: LinkDTO
        let respondedAt: Date?
        /// Only for those who manage outreach, and only when the resident agreed.
        let contact: ContactDTO?
        let revision: Int

        init(_ item: FeedbackItemModel, strategies: [UUID], showContact: Bool) {
            id = item.id!
            source = item.source
            text = item.text
            neighborhood = item.neighborhood
            receivedOn = item.receivedOn
            event = item.eventID
            self.strategies = strategies.sorted { $0.uuidString < $1.uuidString }
            response = item.response
            link = LinkDTO(kind: item.responseLink, id: item.responseLinkID)
            respondedAt = item.respondedAt
            contact = showContact && (item.contactName != nil || item.contactEmail != nil) ? ContactDTO(name: item.contactName, email: item.contactEmail) : nil
            revision = item.revision
        }
    }

    struct FeedbackListDTO: Content { let items: [FeedbackDTO] }

    /// What a resident said, as staff write it down.
    struct FeedbackBody: StrictBody {
        struct Contact: Decodable {
            var name: String?
            var email: String?
        }

        var text: String?
        var neighborhood: String?
        var event: UUID?
        var strategies: [UUID]?
        var contact: Contact?
        var consent: Bool?

        static let allowedFields: Set<String> = ["text", "neighborhood", "event", "strategies", "contact", "consent"]
        static let contactFields: Set<String> = ["name", "email"]

        static func checkNested(_ object: [String: Any], into errors: inout FieldErrors) {
            checkObject(object["contact"], at: "contact", allowed: contactFields, into: &errors)
        }
    }

    /// The answer to a piece of feedback.
    struct ResponseBody: StrictBody {
        struct Link: Decodable {
            var kind: String?
            var id: UUID?
        }

        var response: String?
        var link: Link?
        var strategies: [UUID]?
        var revision: Revision?

        static let allowedFields: Set<String> = ["response", "link", "strategies", "revision"]
        static let linkFields: Set<String> = ["kind", "id"]

        static func checkNested(_ object: [String: Any], into errors: inout FieldErrors) {
            checkObject(object["link"], at: "link", allowed: linkFields, required: ["kind"], into: &errors)
        }
    }

    private static func feedback(_ req: Request, _ access: InitiativeAccess, _ items: [FeedbackItemModel]) async throws -> [FeedbackDTO] {
        let strategies = try await OutreachRepository(db: req.db, scope: access.scope).strategies(of: items)
        return items.map { FeedbackDTO($0, strategies: strategies[$0.id!] ?? [], showContact: access.can(.manageOutreach)) }
    }

    /// GET /api/v1/initiatives/:slug/outreach/feedback
    @Sendable static func listFeedback(req: Request) async throws -> FeedbackListDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewOutreach)
        return FeedbackListDTO(items: try await feedback(req, access, try await OutreachRepository(db: req.db, scope: access.scope).feedback()))
    }

    /// POST /api/v1/initiatives/:slug/outreach/feedback
    @Sendable static func recordFeedback(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.recordOutreach)
        let body = try req.decodeStrict(FeedbackBody.self)
        let terms = FeedbackTerms(text: body.text ?? "", neighborhood: body.neighborhood ?? "", contactName: body.contact?.name ?? "",
                                  contactEmail: body.contact?.email ?? "", consent: body.consent ?? false)
        let saved = try await OutreachRepository(db: req.db, scope: access.scope)
            .record(terms, source: .staff, eventID: body.event, strategyIDs: body.strategies ?? [], userID: req.signedIn?.user.id,
                    today: CalendarDay(containing: Date(), in: access.initiative.zone), now: Date())
        let response = try await feedback(req, access, [saved])[0].encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/initiatives/\(access.slug)/outreach/feedback/\(try saved.requireID().uuidString)")
        return response
    }

    /// PUT /api/v1/initiatives/:slug/outreach/feedback/:id/response
    @Sendable static func respond(req: Request) async throws -> FeedbackDTO {
        let access = try await req.initiativeAccess()
        try access.require(.respondToFeedback)
        let repository = OutreachRepository(db: req.db, scope: access.scope)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), try await repository.feedbackItem(id) != nil else { throw Abort(.notFound) }
        let body = try req.decodeStrict(ResponseBody.self)
        guard let revision = body.revision else { throw FieldErrors("revision", Texts.current("error.sendRevisionYouRead")) }
        let saved = try await repository.respond(id, FeedbackResponseTerms(text: body.response ?? "", link: body.link?.kind ?? ""), linkID: body.link?.id,
                                                 strategyIDs: body.strategies ?? [], expectedRevision: revision, userID: req.signedIn?.user.id, now: Date())
        return try await feedback(req, access, [saved])[0]
    }
}
