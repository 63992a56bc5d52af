import BackboneDomain
import BackbonePersistence
import Vapor

/// The measurement overview: every indicator's latest initiative figure against its target.
enum ResultsController {
    /// GET /i/:slug/results
    @Sendable static func overview(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let chrome = try await req.chrome(.results, access: access)
        let t = chrome.t
        let content = try await req.keptAnswer(access, "results.html", viewer: AnswerCache.viewerClass(access, t.language)) {
            try await overviewContent(req, access, t)
        }
        return ResultsPage.page(content: content, chrome).response()
    }

    private static func overviewContent(_ req: Request, _ access: InitiativeAccess, _ t: Texts) async throws -> String {
        let (basis, standings) = try await standings(req, access)
        // A partner's members also see their own organization's figure beside each total it reports.
        var own: [UUID: [String: RollupModel]] = [:]
        var ownName: String?
        if let organizationID = access.membership?.organizationID,
           let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: organizationID), !organization.isBackbone {
            ownName = organization.name
            let assigned = Set(try await IndicatorRepository(db: req.db, scope: access.scope).assignments(organizationID: organizationID).map(\.indicatorID))
            for row in try await RollupRepository(db: req.db, scope: access.scope).totals(basis: basis, organizationID: organizationID)
            where assigned.contains(row.indicatorID) {
                own[row.indicatorID, default: [:]][row.periodKey] = row
            }
        }
        let items = standings.map { item in
            var item = item
            if ownName != nil { item.ownByPeriod = own[item.listing.indicator.id!] ?? [:] }
            return item
        }
        return ResultsPage(access: access, items: items, provisional: basis == .provisional, ownName: ownName).content(t).render()
    }

    /// What results are read from: every indicator, its initiative totals by frequency (one per
    /// period, oldest first) and its target, on the basis the initiative shows.
    struct Reading {
        let basis: RollupBasis
        let listing: [IndicatorListing]
        let totals: [UUID: [String: [RollupModel]]]
        let targets: [UUID: TargetModel]

        var items: [ResultsPage.Item] {
            listing.map { ResultsPage.Item(listing: $0, totals: totals[$0.indicator.id!] ?? [:], target: targets[$0.indicator.id!]) }
        }

        /// The learning summary's view of the same figures.
        var learningInputs: [LearningInput] {
            listing.map { entry in
                let id = entry.indicator.id!
                return LearningInput(rows: totals[id]?[entry.indicator.parsedFrequency.rawValue] ?? [], listing: entry,
                                     name: entry.indicator.shownName, target: targets[id])
            }
        }
    }

    static func reading(_ req: Request, _ access: InitiativeAccess) async throws -> Reading {
        let basis: RollupBasis = access.initiative.dashboardsIncludeSubmitted ? .provisional : .approved
        let listing = try await IndicatorRepository(db: req.db, scope: access.scope).listing()
        let rollups = RollupRepository(db: req.db, scope: access.scope)
        let totals = try await req.application.totalsCache.totals(.init(initiativeID: access.scope.initiativeID, basis: basis),
                                                                  generation: try await rollups.generation()) {
            try await rollups.totals(basis: basis)
        }
        let targets = try await TargetRepository(db: req.db, scope: access.scope).initiativeTargets()
        return Reading(basis: basis, listing: listing, totals: totals, targets: targets)
    }

    /// Every indicator's initiative totals and target, on the basis the initiative shows.
    static func standings(_ req: Request, _ access: InitiativeAccess) async throws -> (RollupBasis, [ResultsPage.Item]) {
        let reading = try await reading(req, access)
        return (reading.basis, reading.items)
    }
}
