import BackboneDomain
import BackbonePersistence
import Vapor

/// The common agenda: the published version with who endorses it, older versions and their
/// comparison, the backbone's draft, and endorsing for one's organization.
enum AgendaController {
    struct AgendaForm: Content {
        var problemStatement: String?
        var vision: String?
        var results: String?
        var geography: String?
        var population: String?
        var timeFrame: String?
        var principles: String?
        var strategies: String?
        var note: String?
        var revision: String?

        var content: AgendaContent {
            AgendaContent(problemStatement: problemStatement ?? "", vision: vision ?? "", results: results ?? "", geography: geography ?? "",
                          population: population ?? "", timeFrame: timeFrame ?? "", principles: principles ?? "", strategies: strategies ?? "")
        }
    }

    struct VersionForm: Content {
        var version: Int?
    }

    /// GET /i/:slug/agenda
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await page(req, access, number: nil)
    }

    /// GET /i/:slug/agenda/versions/:number
    @Sendable static func version(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        guard let number = req.parameters.get("number", as: Int.self) else { throw Abort(.notFound) }
        return try await page(req, access, number: number)
    }

    private static func page(_ req: Request, _ access: InitiativeAccess, number: Int?, error: String? = nil) async throws -> Response {
        try access.require(.viewInitiative)
        let agenda = AgendaRepository(db: req.db, scope: access.scope)
        let versions = try await agenda.versions()
        let shown = number.map { wanted in versions.first { $0.number == wanted } } ?? versions.last
        if number != nil, shown == nil { throw Abort(.notFound) }
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        return AgendaPage(access: access, versions: versions, shown: shown, organizations: organizations,
                          endorsements: try await agenda.endorsements(of: versions),
                          notice: Notice.from(req), error: error)
            .render(try await req.chrome(.agenda, access: access)).response(status: error == nil ? .ok : .unprocessableEntity)
    }

    /// GET /i/:slug/agenda/compare?from=1&to=2
    @Sendable static func compare(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let versions = try await AgendaRepository(db: req.db, scope: access.scope).versions()
        guard versions.count >= 2 else { throw Abort(.notFound, reason: Texts.current("error.agendaHasFewerThan")) }
        let from = (try? req.query.get(Int.self, at: "from")) ?? versions[versions.count - 2].number
        let to = (try? req.query.get(Int.self, at: "to")) ?? versions[versions.count - 1].number
        guard let old = versions.first(where: { $0.number == from }), let new = versions.first(where: { $0.number == to }) else {
            throw Abort(.notFound, reason: Texts.current("error.thereNoSuchVersion"))
        }
        return AgendaComparisonPage(access: access, versions: versions, old: old, new: new)
            .render(try await req.chrome(.agenda, access: access)).response()
    }

    /// GET /i/:slug/agenda/draft
    @Sendable static func edit(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.editAgenda)
        let agenda = AgendaRepository(db: req.db, scope: access.scope)
        let draft = try await agenda.draft()
        return AgendaDraftPage(access: access, content: draft.content, revision: draft.revision, note: "",
                               latest: try await agenda.versions().last, notice: Notice.from(req))
            .render(try await req.chrome(.agenda, access: access)).response()
    }

    /// POST /i/:slug/agenda/draft: saves the draft.
    @Sendable static func save(req: Request) async throws -> Response {
        try await write(req, publishing: false)
    }

    /// POST /i/:slug/agenda/publish: saves the form's text and publishes it as the next version.
    @Sendable static func publish(req: Request) async throws -> Response {
        try await write(req, publishing: true)
    }

    private static func write(_ req: Request, publishing: Bool) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.editAgenda)
        let form = try req.content.decode(AgendaForm.self)
        let agenda = AgendaRepository(db: req.db, scope: access.scope)
        let userID = try req.requireSignedIn().user.requireID()
        do {
            if publishing {
                let expected = try Revision.fromForm(form.revision)
                let version = try await req.db.transaction { tx in
                    let version = try await AgendaRepository(db: tx, scope: access.scope).publish(form.content, note: form.note ?? "", expectedRevision: expected,
                                                                                                 userID: userID, now: Date())
                    try await req.recordUpdate(.agendaPublished, in: access, title: Texts.current("feed.agendaPublished", ["number": Texts.current.count(version.number)]),
                                               text: version.note, path: SiteURL.agendaVersion(slug: access.slug, number: version.number).path, on: tx)
                    return version
                }
                return req.redirect(to: Notice.agendaPublished.appended(to: SiteURL.agendaVersion(slug: access.slug, number: version.number).path))
            }
            try await agenda.saveDraft(form.content, expectedRevision: try Revision.fromForm(form.revision), userID: userID, now: Date())
            return req.redirect(to: Notice.agendaDraftSaved.appended(to: SiteURL.agendaEdit(slug: access.slug).path))
        } catch let errors as FieldErrors {
            // What was typed stays in the form; the revision stays the one it was opened at, so a
            // stale form keeps being refused until reopened.
            return AgendaDraftPage(access: access, content: form.content, revision: Revision(text: form.revision ?? "")?.value ?? 0, note: form.note ?? "",
                                   latest: try await agenda.versions().last, errors: errors.messages)
                .render(try await req.chrome(.agenda, access: access)).response(status: errors.isConflict ? .conflict : .unprocessableEntity)
        }
    }

    /// POST /i/:slug/agenda/endorse
    @Sendable static func endorse(req: Request) async throws -> Response {
        try await endorsement(req, withdrawing: false)
    }

    /// POST /i/:slug/agenda/withdraw
    @Sendable static func withdraw(req: Request) async throws -> Response {
        try await endorsement(req, withdrawing: true)
    }

    private static func endorsement(_ req: Request, withdrawing: Bool) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.endorseAgenda)
        guard let organizationID = access.membership?.organizationID else {
            throw Abort(.forbidden, reason: Texts.current("error.onlyMemberOrganizationCan"))
        }
        guard let number = try req.content.decode(VersionForm.self).version else {
            return try await page(req, access, number: nil, error: Texts.current("error.chooseVersionEndorse"))
        }
        let agenda = AgendaRepository(db: req.db, scope: access.scope)
        let userID = try req.requireSignedIn().user.requireID()
        do {
            if withdrawing {
                try await agenda.withdraw(number: number, organizationID: organizationID, userID: userID, now: Date())
            } else {
                try await agenda.endorse(number: number, organizationID: organizationID, userID: userID, now: Date())
            }
        } catch let errors as FieldErrors {
            return try await page(req, access, number: nil, error: errors.messages.values.first)
        }
        let notice: Notice = withdrawing ? .agendaWithdrawn : .agendaEndorsed
        return req.redirect(to: notice.appended(to: SiteURL.agendaVersion(slug: access.slug, number: number).path))
    }
}
