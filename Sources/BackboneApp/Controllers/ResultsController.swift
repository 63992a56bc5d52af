import BackboneDomain
import BackbonePersistence
import Vapor

/// The measurement overview: every indicator's latest initiative figure against its target.
enum ResultsController {
    /// GET /i/:slug/results
    @Sendable static func overview(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewIndicators)
        let basis: RollupBasis = access.initiative.dashboardsIncludeSubmitted ? .provisional : .approved
        let listing = try await IndicatorRepository(db: req.db, scope: access.scope).listing()
        let totals = Dictionary(grouping: try await RollupRepository(db: req.db, scope: access.scope).initiativeTotals(basis: basis), by: \.indicatorID)
        let targets = try await TargetRepository(db: req.db, scope: access.scope).initiativeTargets()
        let items = listing.map { item in
            ResultsPage.Item(listing: item, totals: totals[item.indicator.id!] ?? [], target: targets[item.indicator.id!])
        }
        return ResultsPage(access: access, items: items, provisional: basis == .provisional)
            .render(try await req.chrome(.results, access: access)).response()
    }
}
