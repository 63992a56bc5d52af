import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// `POST /api/v1/initiatives/{slug}/assignments` and `.../lock-exceptions`: the setup a migration
/// does for many partners at once, each all or nothing.
enum AssignmentAPI {
    /// Who a bulk request is for: exactly one of a chosen list, a sector, or every partner
    /// (every organization but the backbone).
    struct Partners {
        let organizations: [UUID]?
        let sector: String?
        let everyPartner: Bool?

        /// Partners one request may list by id.
        static let limit = 1_000

        func resolve(_ req: Request, _ access: InitiativeAccess) async throws -> [UUID] {
            if everyPartner == false { throw FieldErrors("everyPartner", Texts.current("error.everyPartnerTrue")) }
            let chosen = [organizations != nil, sector != nil, everyPartner == true].filter { $0 }.count
            guard chosen == 1 else { throw FieldErrors("organizations", Texts.current("error.bulkWhichPartners")) }
            if let organizations {
                guard organizations.count <= Self.limit else {
                    throw FieldErrors("organizations", Texts.current("error.bulkTooMany", ["limit": "\(Self.limit)"]))
                }
                return organizations
            }
            let all = try await OrganizationRepository(db: req.db, scope: access.scope).all().filter { !$0.isBackbone }
            if let sector {
                guard Sector(rawValue: sector) != nil else {
                    throw FieldErrors("sector", Texts.current("error.chooseSectorFromList"))
                }
                return all.filter { $0.sector == sector }.map { $0.id! }
            }
            return all.map { $0.id! }
        }
    }

    struct AssignmentBody: StrictBody {
        let indicator: String
        let organizations: [UUID]?
        let sector: String?
        let everyPartner: Bool?
        let dimensions: [String]?
        static let allowedFields: Set<String> = ["indicator", "organizations", "sector", "everyPartner", "dimensions"]
    }

    struct AssignedDTO: Content {
        let indicator: String
        let organizations: [UUID]
        let created: Int
    }

    /// POST /api/v1/initiatives/:slug/assignments
    @Sendable static func assign(req: Request) async throws -> AssignedDTO {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let body = try req.decodeStrict(AssignmentBody.self)
        let indicators = IndicatorRepository(db: req.db, scope: access.scope)
        guard let indicator = try await indicators.listing().first(where: { $0.indicator.code.uppercased() == body.indicator.uppercased() })?.indicator else {
            throw FieldErrors("indicator", Texts.current("error.initiativeHasNoIndicator", ["code": body.indicator]))
        }
        if (body.dimensions ?? []).count > 20 { throw FieldErrors("dimensions", Texts.current("error.bulkTooMany", ["limit": "20"])) }
        let organizations = try await Partners(organizations: body.organizations, sector: body.sector, everyPartner: body.everyPartner).resolve(req, access)
        let created = try await indicators.assign(indicator: indicator, organizationIDs: organizations, dimensionKeys: body.dimensions ?? [], now: Date())
        return AssignedDTO(indicator: indicator.code, organizations: Array(Set(organizations)).sorted { $0.uuidString < $1.uuidString }, created: created)
    }

    struct ExceptionBody: StrictBody {
        let periods: [String]
        let organizations: [UUID]?
        let sector: String?
        let everyPartner: Bool?
        let until: String
        static let allowedFields: Set<String> = ["periods", "organizations", "sector", "everyPartner", "until"]
    }

    struct GrantedDTO: Content {
        let granted: Int
        let periods: [String]
        let organizations: [UUID]
        let until: String
    }

    /// POST /api/v1/initiatives/:slug/lock-exceptions: lets the partners change the periods
    /// (locked or not yet) through the whole of `until`.
    @Sendable static func grantExceptions(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        let body = try req.decodeStrict(ExceptionBody.self)
        var errors = FieldErrors()
        let periods = body.periods.compactMap(ReportingPeriod.init(key:))
        if periods.count != body.periods.count { errors.add("periods", Texts.current("error.writePeriodQ")) }
        if body.periods.count > 100 { errors.add("periods", Texts.current("error.bulkTooMany", ["limit": "100"])) }
        let day = Date.utcDay(body.until)
        if day == nil { errors.add("until", Texts.current("error.enterLastDayChanges")) }
        try errors.throwIfAny()
        let organizations = try await Partners(organizations: body.organizations, sector: body.sector, everyPartner: body.everyPartner).resolve(req, access)
        let granted = try await ReportingRepository(db: req.db, scope: access.scope).grantExceptions(
            organizationIDs: organizations, periods: periods, until: day!.addingTimeInterval(86_400),
            grantedBy: try req.requireSignedIn().user.requireID(), now: Date())
        return try await GrantedDTO(granted: granted, periods: Array(Set(periods.map(\.key))).sorted(),
                                    organizations: Array(Set(organizations)).sorted { $0.uuidString < $1.uuidString }, until: body.until)
            .encodeResponse(status: .created, for: req)
    }
}
