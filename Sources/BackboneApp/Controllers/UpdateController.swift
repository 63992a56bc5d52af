import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// The updates feed: announcements and what happened, newest first, filterable.
enum UpdateController {
    /// GET /i/:slug/updates?kind=&body=&partner=
    @Sendable static func feed(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await page(req, access, notice: Notice.from(req))
    }

    private static func page(_ req: Request, _ access: InitiativeAccess, notice: Notice? = nil, errors: [String: String] = [:],
                             posted: [String: String] = [:]) async throws -> Response {
        try access.require(.viewInitiative)
        let filter = UpdateRepository.Filter(
            kind: (try? req.query.get(String.self, at: "kind")).flatMap(UpdateKind.init(rawValue:)),
            bodyID: (try? req.query.get(String.self, at: "body")).flatMap(UUID.init(uuidString:)),
            organizationID: (try? req.query.get(String.self, at: "partner")).flatMap(UUID.init(uuidString:)))
        let members = try await MembershipRepository(db: req.db, scope: access.scope).listing()
        return UpdatesPage(access: access, filter: filter, updates: try await UpdateRepository(db: req.db, scope: access.scope).feed(filter),
                           bodies: try await GovernanceRepository(db: req.db, scope: access.scope).bodies(),
                           organizations: try await OrganizationRepository(db: req.db, scope: access.scope).all(),
                           authors: Dictionary(members.map { ($0.user.id!, $0.user.displayName) }, uniquingKeysWith: { a, _ in a }),
                           notice: notice, errors: errors, posted: posted)
            .render(try await req.chrome(.updates, access: access)).response(status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// POST /i/:slug/updates: an announcement.
    @Sendable static func announce(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.postUpdates)
        let form = try req.content.decode([String: String].self)
        do {
            try await UpdateRepository(db: req.db, scope: access.scope).record(
                .announcement, title: form["title"] ?? "", text: form["text"] ?? "", path: SiteURL.updates(slug: access.slug).path,
                bodyID: form["aboutBody"].flatMap(UUID.init(uuidString:)), authorID: req.signedIn?.user.id, now: Date())
        } catch let errors as FieldErrors {
            return try await page(req, access, errors: errors.messages, posted: form)
        }
        return req.redirect(to: Notice.updatePosted.appended(to: SiteURL.updates(slug: access.slug).path))
    }
}

extension Request {
    /// Records something that happened in the initiative's feed. `db` is the transaction of the
    /// change itself: the entry commits with what happened, or neither does.
    func recordUpdate(_ kind: UpdateKind, in access: InitiativeAccess, title: String, text: String = "", path: String,
                      bodyID: UUID? = nil, organizationID: UUID? = nil, on db: any Database) async throws {
        try await UpdateRepository(db: db, scope: access.scope).record(kind, title: String(title.prefix(200)), text: text, path: path, bodyID: bodyID,
                                                                       organizationID: organizationID, authorID: signedIn?.user.id, now: Date())
    }
}
