import BackboneDomain
import BackbonePersistence
import Vapor

/// Funding: the aligned-funding map of a year, the commitments and their forms, and the needs
/// the backbone states per strategy with its own budget.
enum FundingController {
    struct CommitmentForm: Content {
        var title: String?
        var funder: String?
        var kind: String?
        var status: String?
        var currency: String?
        var amount: String?
        var startsOn: String?
        var endsOn: String?
        /// `unrestricted`, `backbone`, or a kind and an id: `strategy:<uuid>`.
        var restriction: String?
        var indicators: [String]?
        var note: String?
        var revision: String?

        var input: FundingRepository.Input {
            let parts = (restriction ?? "").split(separator: ":", maxSplits: 1).map(String.init)
            return FundingRepository.Input(
                terms: CommitmentTerms(title: title ?? "", kind: kind ?? "", status: status ?? "", currency: currency ?? "", amount: amount ?? "",
                                       startsOn: startsOn ?? "", endsOn: endsOn ?? "", restriction: parts.first ?? "", note: note ?? ""),
                funderID: funder.flatMap(UUID.init(uuidString:)), restrictionID: parts.count == 2 ? UUID(uuidString: parts[1]) : nil,
                indicatorIDs: (indicators ?? []).compactMap(UUID.init(uuidString:)))
        }

        init() {
            kind = CommitmentKind.grant.rawValue
            status = CommitmentStatus.committed.rawValue
            restriction = RestrictionKind.unrestricted.rawValue
        }

        init(_ commitment: FundingCommitmentModel, indicators: [UUID]) {
            title = commitment.title
            funder = commitment.funderID.uuidString
            kind = commitment.kind
            status = commitment.status
            currency = commitment.currency
            amount = commitment.amount.plain
            startsOn = commitment.startsOn
            endsOn = commitment.endsOn
            restriction = commitment.restrictionID.map { "\(commitment.restrictionKind):\($0.uuidString)" } ?? commitment.restrictionKind
            self.indicators = indicators.map(\.uuidString)
            note = commitment.note
            revision = String(commitment.revision)
        }
    }

    /// The year asked for in the query (`?year=2027`), if it is one.
    static func year(_ req: Request) -> Int? {
        (try? req.query.get(String.self, at: "year")).flatMap { $0.count == 4 ? Int($0) : nil }
    }

    /// GET /i/:slug/funding
    @Sendable static func overview(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let desk = try await FundingDesk.load(req, access, year: year(req))
        return FundingPage(access: access, desk: desk, notice: Notice.from(req)).render(try await req.chrome(.funding, access: access)).response()
    }

    /// GET /i/:slug/funding/commitments
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        if !access.can(.viewFunding), FundingDesk.ownFunder(access) == nil { try access.require(.viewFunding) }
        let desk = try await FundingDesk.load(req, access, year: year(req))
        return CommitmentListPage(access: access, desk: desk).render(try await req.chrome(.funding, access: access)).response()
    }

    /// GET /i/:slug/funding/commitments/new
    @Sendable static func new(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageFunding)
        return try await formPage(req, access, commitment: nil, form: CommitmentForm(), errors: [:])
    }

    /// POST /i/:slug/funding/commitments
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageFunding)
        let form = try req.content.decode(CommitmentForm.self)
        do {
            let saved = try await FundingRepository(db: req.db, scope: access.scope).create(form.input, userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.commitmentSaved.appended(to: SiteURL.fundingCommitment(slug: access.slug, id: try saved.requireID()).path))
        } catch let errors as FieldErrors {
            return try await formPage(req, access, commitment: nil, form: form, errors: errors.messages, status: .unprocessableEntity)
        }
    }

    private static func commitment(_ req: Request, _ access: InitiativeAccess) async throws -> FundingCommitmentModel {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let commitment = try await FundingRepository(db: req.db, scope: access.scope).find(id) else { throw Abort(.notFound) }
        // A funder's people see their own organization's commitments only; the rest do not exist for them.
        guard access.can(.viewFunding) || (FundingDesk.ownFunder(access).map { $0 == commitment.funderID } ?? false) else { throw Abort(.notFound) }
        return commitment
    }

    /// GET /i/:slug/funding/commitments/:id: the form for the backbone, the facts for the others.
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let commitment = try await commitment(req, access)
        let indicators = try await FundingRepository(db: req.db, scope: access.scope).indicators(of: [commitment])[commitment.id!] ?? []
        return try await formPage(req, access, commitment: commitment, form: CommitmentForm(commitment, indicators: indicators), errors: [:],
                                  notice: Notice.from(req))
    }

    /// POST /i/:slug/funding/commitments/:id
    @Sendable static func update(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageFunding)
        let commitment = try await commitment(req, access)
        let form = try req.content.decode(CommitmentForm.self)
        var status = HTTPResponseStatus.unprocessableEntity
        do {
            let saved = try await FundingRepository(db: req.db, scope: access.scope)
                .update(commitment.requireID(), form.input, expectedRevision: try Revision.fromForm(form.revision), userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.commitmentSaved.appended(to: SiteURL.fundingCommitment(slug: access.slug, id: try saved.requireID()).path))
        } catch let errors as FieldErrors {
            if errors.isConflict { status = .conflict }
            return try await formPage(req, access, commitment: commitment, form: form, errors: errors.messages, status: status)
        }
    }

    private static func formPage(_ req: Request, _ access: InitiativeAccess, commitment: FundingCommitmentModel?, form: CommitmentForm,
                                 errors: [String: String], notice: Notice? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let plan = try await ActivityController.plan(req, access)
        let bodies = plan.structure.bodies.filter { $0.parsedKind == .workingGroup }
        return CommitmentPage(access: access, commitment: commitment, form: form, errors: errors, notice: notice,
                              choices: CommitmentPage.Choices(organizations: plan.organizations, strategies: plan.strategies, workingGroups: bodies,
                                                              activities: plan.activities, indicators: plan.indicators))
            .render(try await req.chrome(.funding, access: access)).response(status: status)
    }

    /// GET /i/:slug/funding/needs?year=
    @Sendable static func needs(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageFunding)
        let desk = try await FundingDesk.load(req, access, year: year(req))
        let stated = try await FundingRepository(db: req.db, scope: access.scope).needs(year: desk.year)
        return NeedsPage(access: access, desk: desk, values: NeedsPage.values(stated), errors: [:])
            .render(try await req.chrome(.funding, access: access)).response()
    }

    /// Needs as posted: an amount and a currency per strategy id, and the backbone's budget.
    struct NeedsForm: Content {
        var year: String?
        var amount: [String: String]?
        var currency: [String: String]?
        var gapPercent: String?
        var published: String?
        var revision: String?
    }

    /// POST /i/:slug/funding/needs
    @Sendable static func saveNeeds(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageFunding)
        let form = try req.content.decode(NeedsForm.self)
        let year = form.year.flatMap { $0.count == 4 ? Int($0) : nil } ?? 0
        let desk = try await FundingDesk.load(req, access, year: year)
        let targets = [NeedsPage.backboneKey] + desk.strategies.map(\.id.uuidString)
        var errors = FieldErrors(), needs: [FundingTarget: Money] = [:], values: [String: (amount: String, currency: String)] = [:]
        for key in targets {
            let amount = (form.amount?[key] ?? "").trimmed, code = (form.currency?[key] ?? "").trimmed
            values[key] = (amount, code)
            guard !amount.isEmpty else { continue }
            guard let currency = Currency(code: code) else { errors.add("currency.\(key)", Texts.current("error.currency")); continue }
            guard let money = Money.parse(amount, currency: currency) else {
                errors.add("amount.\(key)", Texts.current("error.amount", ["digits": "\(currency.minorDigits)", "example": Money(1_250_000 * currency.minorPerMajor, currency).plain]))
                continue
            }
            needs[key == NeedsPage.backboneKey ? .backbone : .strategy(UUID(uuidString: key)!)] = money
        }
        let gap = (form.gapPercent ?? "").trimmed
        let settings = FundingRepository.Settings(gapPercent: gap.count <= 3 ? Int(gap) ?? 0 : 0, mapPublished: form.published == "on", revision: 0)
        var status = HTTPResponseStatus.unprocessableEntity
        do {
            try errors.throwIfAny()
            try await FundingRepository(db: req.db, scope: access.scope)
                .saveNeeds(year: year, needs, settings: settings, expectedRevision: try Revision.fromForm(form.revision))
            return req.redirect(to: SiteURL.funding(slug: access.slug).path + "?year=\(desk.year)&done=\(Notice.needsSaved.rawValue)")
        } catch let problems as FieldErrors {
            if problems.isConflict { status = .conflict }
            errors = problems
        }
        return NeedsPage(access: access, desk: desk, values: values, errors: errors.messages, gapPercent: gap, published: settings.mapPublished)
            .render(try await req.chrome(.funding, access: access)).response(status: status)
    }
}
