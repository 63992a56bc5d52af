import BackboneDomain
import BackbonePersistence
import Vapor

/// The theory of change: everyone reads the diagram and outline; the backbone edits through
/// plain forms on the same page.
enum TheoryOfChangeController {
    struct PartForm: Content {
        var kind: String?
        var title: String?
        var description: String?
    }

    struct LinkForm: Content {
        var from: String?
        var to: String?
    }

    struct AttachForm: Content {
        var node: String?
        var indicator: String?
    }

    /// GET /i/:slug/theory-of-change
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await page(req, access, notice: Notice.from(req))
    }

    private static func page(_ req: Request, _ access: InitiativeAccess, notice: Notice? = nil, errors: [String: String] = [:],
                             form: PartForm? = nil) async throws -> Response {
        try access.require(.viewInitiative)
        let snapshot = try await TheoryOfChangeRepository(db: req.db, scope: access.scope).snapshot()
        let indicators = try await IndicatorRepository(db: req.db, scope: access.scope).listing().map(\.indicator)
        return TheoryOfChangePage(access: access, snapshot: snapshot, indicators: indicators, notice: notice, errors: errors, partForm: form)
            .render(try await req.chrome(.agenda, access: access)).response(status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// POST /i/:slug/theory-of-change/parts
    @Sendable static func addPart(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.editAgenda)
        let form = try req.content.decode(PartForm.self)
        guard let kind = form.kind.flatMap(ChangeNodeKind.init(rawValue:)) else {
            return try await page(req, access, errors: ["kind": Texts.current("error.chooseWhatKindPart")], form: form)
        }
        do {
            try await TheoryOfChangeRepository(db: req.db, scope: access.scope)
                .addNode(kind: kind, title: form.title ?? "", description: form.description ?? "", now: Date())
        } catch let errors as FieldErrors {
            return try await page(req, access, errors: errors.messages, form: form)
        }
        return req.redirect(to: Notice.changePartAdded.appended(to: SiteURL.theoryOfChange(slug: access.slug).path))
    }

    /// POST /i/:slug/theory-of-change/links
    @Sendable static func link(req: Request) async throws -> Response {
        try await changeLink(req, removing: false)
    }

    /// POST /i/:slug/theory-of-change/links/remove
    @Sendable static func unlink(req: Request) async throws -> Response {
        try await changeLink(req, removing: true)
    }

    private static func changeLink(_ req: Request, removing: Bool) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.editAgenda)
        let form = try req.content.decode(LinkForm.self)
        guard let from = form.from.flatMap(UUID.init(uuidString:)), let to = form.to.flatMap(UUID.init(uuidString:)) else {
            return try await page(req, access, errors: ["to": Texts.current("error.chooseBothPartsLink")])
        }
        let repository = TheoryOfChangeRepository(db: req.db, scope: access.scope)
        do {
            if removing { try await repository.unlink(from: from, to: to) } else { try await repository.link(from: from, to: to) }
        } catch let errors as FieldErrors {
            return try await page(req, access, errors: errors.messages)
        }
        let notice: Notice = removing ? .changeUnlinked : .changeLinked
        return req.redirect(to: notice.appended(to: SiteURL.theoryOfChange(slug: access.slug).path))
    }

    /// POST /i/:slug/theory-of-change/indicators
    @Sendable static func attach(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.editAgenda)
        let form = try req.content.decode(AttachForm.self)
        guard let node = form.node.flatMap(UUID.init(uuidString:)), let indicator = form.indicator.flatMap(UUID.init(uuidString:)) else {
            return try await page(req, access, errors: ["indicator": Texts.current("error.choosePartIndicator")])
        }
        do {
            try await TheoryOfChangeRepository(db: req.db, scope: access.scope).attach(indicatorID: indicator, to: node)
        } catch let errors as FieldErrors {
            return try await page(req, access, errors: errors.messages)
        }
        return req.redirect(to: Notice.changeIndicatorAttached.appended(to: SiteURL.theoryOfChange(slug: access.slug).path))
    }
}
