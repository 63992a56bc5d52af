import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// `/api/v1/initiatives/{slug}/funding`: commitments (read and write) and the aligned-funding
/// map of a year, with the same checks and permissions as the funding pages. Money is always an
/// integer count of minor units with its currency; amounts of different currencies stay apart.
enum FundingAPI {
    struct MoneyDTO: Content {
        let currency: String
        let minorUnits: Int64

        init(_ money: Money) {
            currency = money.currency.code
            minorUnits = money.minorUnits
        }

        static func list(_ totals: MoneyTotals) -> [MoneyDTO] { totals.amounts.map(MoneyDTO.init) }
    }

    struct RestrictionDTO: Content {
        let kind: String
        let id: UUID?
    }

    struct CommitmentDTO: Content {
        let id: UUID
        let title: String
        let funder: UUID
        let funderName: String
        let kind: String
        let status: String
        let amount: MoneyDTO
        let startsOn: String
        let endsOn: String
        let restriction: RestrictionDTO
        let indicators: [UUID]
        let note: String
        let revision: Int
        let updatedAt: Date

        init(_ commitment: FundingCommitmentModel, funderName: String, indicators: [UUID]) {
            id = commitment.id!
            title = commitment.title
            funder = commitment.funderID
            self.funderName = funderName
            kind = commitment.kind
            status = commitment.status
            amount = MoneyDTO(commitment.amount)
            startsOn = commitment.startsOn
            endsOn = commitment.endsOn
            restriction = RestrictionDTO(kind: commitment.restrictionKind, id: commitment.restrictionID)
            self.indicators = indicators.sorted { $0.uuidString < $1.uuidString }
            note = commitment.note
            revision = commitment.revision
            updatedAt = commitment.updatedAt
        }
    }

    struct ListDTO: Content { let items: [CommitmentDTO] }

    /// A commitment to record, or (with `revision`) the whole of a commitment's new terms.
    struct Body: StrictBody {
        struct Amount: Decodable {
            var currency: String?
            var minorUnits: Int64?
        }

        struct Restriction: Decodable {
            var kind: String?
            var id: UUID?
        }

        var title: String?
        var funder: UUID?
        var kind: String?
        var status: String?
        var amount: Amount?
        var startsOn: String?
        var endsOn: String?
        var restriction: Restriction?
        var indicators: [UUID]?
        var note: String?
        var revision: Revision?

        static let allowedFields: Set<String> = ["title", "funder", "kind", "status", "amount", "startsOn", "endsOn", "restriction", "indicators", "note", "revision"]
        static let amountFields: Set<String> = ["currency", "minorUnits"]
        static let restrictionFields: Set<String> = ["kind", "id"]

        static func checkNested(_ object: [String: Any], into errors: inout FieldErrors) {
            checkObject(object["amount"], at: "amount", allowed: amountFields, required: amountFields, into: &errors)
            checkObject(object["restriction"], at: "restriction", allowed: restrictionFields, required: ["kind"], into: &errors)
        }

        /// The terms as the form would post them: the amount in minor units is written back as
        /// text so both go through the same checks (a negative count is refused there).
        var input: FundingRepository.Input {
            let currency = Currency(code: amount?.currency ?? "")
            let text = currency.flatMap { currency in amount?.minorUnits.map { Money($0, currency).plain } } ?? ""
            return FundingRepository.Input(
                terms: CommitmentTerms(title: title ?? "", kind: kind ?? "", status: status ?? "", currency: amount?.currency ?? "", amount: text,
                                       startsOn: startsOn ?? "", endsOn: endsOn ?? "", restriction: restriction?.kind ?? "", note: note ?? ""),
                funderID: funder, restrictionID: restriction?.id, indicatorIDs: indicators ?? [])
        }
    }

    private static func dtos(_ req: Request, _ access: InitiativeAccess, _ commitments: [FundingCommitmentModel]) async throws -> [CommitmentDTO] {
        let names = Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: req.db, scope: access.scope).all()
            .compactMap { org in org.id.map { ($0, org.name) } })
        let indicators = try await FundingRepository(db: req.db, scope: access.scope).indicators(of: commitments)
        return commitments.map { CommitmentDTO($0, funderName: names[$0.funderID] ?? "", indicators: indicators[$0.id!] ?? []) }
    }

    /// GET /api/v1/initiatives/:slug/funding/commitments: all of them, or a funder's people's own.
    @Sendable static func list(req: Request) async throws -> ListDTO {
        let access = try await req.initiativeAccess()
        let funder = FundingDesk.ownFunder(access)
        if !access.can(.viewFunding), funder == nil { try access.require(.viewFunding) }
        let commitments = try await FundingRepository(db: req.db, scope: access.scope).commitments(funderID: funder)
        return ListDTO(items: try await dtos(req, access, commitments))
    }

    /// POST /api/v1/initiatives/:slug/funding/commitments
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageFunding)
        let body = try req.decodeStrict(Body.self)
        guard body.revision == nil else { throw FieldErrors("revision", Texts.current("error.revisionOnlyForChanges")) }
        let saved = try await FundingRepository(db: req.db, scope: access.scope).create(body.input, userID: req.signedIn?.user.id, now: Date())
        let response = try await dtos(req, access, [saved])[0].encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/initiatives/\(access.slug)/funding/commitments/\(try saved.requireID().uuidString)")
        return response
    }

    /// PUT /api/v1/initiatives/:slug/funding/commitments/:id: the whole terms, with the revision read.
    @Sendable static func update(req: Request) async throws -> CommitmentDTO {
        let access = try await req.initiativeAccess()
        try access.require(.manageFunding)
        let repository = FundingRepository(db: req.db, scope: access.scope)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)), try await repository.find(id) != nil else { throw Abort(.notFound) }
        let body = try req.decodeStrict(Body.self)
        guard let revision = body.revision else { throw FieldErrors("revision", Texts.current("error.sendRevisionYouRead")) }
        let saved = try await repository.update(id, body.input, expectedRevision: revision, userID: req.signedIn?.user.id, now: Date())
        return try await dtos(req, access, [saved])[0]
    }

    struct FunderAmountsDTO: Content {
        let funder: UUID
        let amounts: [MoneyDTO]
    }

    struct StrategyDTO: Content {
        let id: UUID
        let name: String
        let hasActivities: Bool
        let secured: [MoneyDTO]
        let pledged: [MoneyDTO]
        let byFunder: [FunderAmountsDTO]
        let need: MoneyDTO?
        let fundedPercent: Int64?
        let gap: Bool
        let needMissing: Bool
    }

    struct BackboneDTO: Content {
        let budget: MoneyDTO?
        let secured: [MoneyDTO]
        let pledged: [MoneyDTO]
        let byFunder: [FunderAmountsDTO]
        let coveredPercent: Int64?
    }

    struct FunderDTO: Content {
        let id: UUID
        let name: String
    }

    struct MapDTO: Content {
        let year: Int
        let gapPercent: Int
        let published: Bool
        let funders: [FunderDTO]
        let strategies: [StrategyDTO]
        let backbone: BackboneDTO
        let elsewhere: [FunderAmountsDTO]
        let total: [MoneyDTO]
    }

    /// GET /api/v1/initiatives/:slug/funding/map?year=YYYY (this year by default)
    @Sendable static func map(req: Request) async throws -> MapDTO {
        let access = try await req.initiativeAccess()
        var year: Int?
        if let text = try? req.query.get(String.self, at: "year") {
            guard text.count == 4, let value = Int(text), FundingRepository.yearRange.contains(value) else { throw FieldErrors("year", Texts.current("error.fundingYear")) }
            year = value
        }
        let desk = try await FundingDesk.load(req, access, year: year)
        // A funder's people without the published map see their own commitments, not the map.
        guard let map = desk.map else { try access.require(.viewFunding); throw Abort(.forbidden) }
        func byFunder(_ totals: [UUID: MoneyTotals]) -> [FunderAmountsDTO] {
            map.funders.compactMap { funder in totals[funder].map { FunderAmountsDTO(funder: funder, amounts: MoneyDTO.list($0)) } }
        }
        return MapDTO(
            year: map.year, gapPercent: map.gapPercent, published: desk.settings.mapPublished,
            funders: map.funders.map { FunderDTO(id: $0, name: desk.names[$0] ?? "") },
            strategies: map.strategies.map { line in
                StrategyDTO(id: line.strategyID, name: line.name, hasActivities: line.hasActivities, secured: MoneyDTO.list(line.secured),
                            pledged: MoneyDTO.list(line.pledged), byFunder: byFunder(line.byFunder), need: line.need.map(MoneyDTO.init),
                            fundedPercent: line.fundedPercent, gap: line.isGap, needMissing: line.needMissing)
            },
            backbone: BackboneDTO(budget: map.backbone.budget.map(MoneyDTO.init), secured: MoneyDTO.list(map.backbone.secured),
                                  pledged: MoneyDTO.list(map.backbone.pledged), byFunder: byFunder(map.backbone.byFunder), coveredPercent: map.backbone.percent),
            elsewhere: byFunder(map.elsewhere), total: MoneyDTO.list(map.total))
    }
}
