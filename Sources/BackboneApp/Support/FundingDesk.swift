import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// What one person may see of the initiative's funding, read once per page or API answer:
/// everything for those who steer (view_funding); a funder's own commitments and the results
/// of what it funds (view_own_funding); the map for everyone once the backbone publishes it.
struct FundingDesk {
    /// One indicator of a strategy a funder funds, as the funder's page lists it.
    struct FundedResult {
        let indicatorID: UUID
        let name: String
        let latest: Double?
        let isPercent: Bool
        let period: String?
        let status: TargetStatus
    }

    struct FundedStrategy {
        let strategyID: UUID
        let name: String
        let results: [FundedResult]
    }

    let year: Int
    let today: CalendarDay
    let settings: FundingRepository.Settings
    /// Organizations' names by id (funders are organizations of the initiative).
    let names: [UUID: String]
    let strategies: [(id: UUID, name: String, hasActivities: Bool)]
    /// The commitments this person may see: all, or their own organization's.
    let commitments: [FundingCommitmentModel]
    /// Nil when the person may not see the map.
    let map: FundingMap?
    /// For a funder's people: the strategies its secured or pledged support goes to.
    let funded: [FundedStrategy]

    var endingSoon: [FundingCommitmentModel] {
        commitments.filter { RenewalWindow.endsSoon(status: $0.parsedStatus, last: $0.lastDay, today: today) }.sorted { $0.endsOn < $1.endsOn }
    }

    /// The funder whose commitments a funder's member sees.
    static func ownFunder(_ access: InitiativeAccess) -> UUID? {
        access.can(.viewFunding) || !access.can(.viewOwnFunding) ? nil : access.membership?.organizationID
    }

    /// Refuses (403) those who may see nothing of the funding, the map being unpublished.
    static func load(_ req: Request, _ access: InitiativeAccess, year requested: Int?) async throws -> FundingDesk {
        let repository = FundingRepository(db: req.db, scope: access.scope)
        let settings = try await repository.settings()
        let seesAll = access.can(.viewFunding), funder = ownFunder(access)
        if !seesAll, funder == nil, !settings.mapPublished { try access.require(.viewFunding) }
        let today = CalendarDay(containing: Date(), in: access.initiative.zone)
        let year = requested.flatMap { FundingRepository.yearRange.contains($0) ? $0 : nil } ?? today.year
        let all = try await repository.commitments()
        let visible = seesAll ? all : funder.map { id in all.filter { $0.funderID == id } } ?? []
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let names = Dictionary(uniqueKeysWithValues: organizations.compactMap { org in org.id.map { ($0, org.name) } })
        let withActivities = Set(try await ActivityRepository(db: req.db, scope: access.scope).all()
            .filter { $0.parsedStatus != .dropped }.map(\.strategyID))
        let strategies = try await ChangeNodeModel.query(on: req.db).filter(\.$initiativeID == access.scope.initiativeID).sort(\.$title).all()
            .filter { $0.parsedKind == .strategy }.compactMap { node in node.id.map { (id: $0, name: node.title, hasActivities: withActivities.contains($0)) } }
        var map: FundingMap?
        if seesAll || settings.mapPublished {
            map = FundingMap(year: year, commitments: try await repository.mapped(all), strategies: strategies,
                             needs: try await repository.needs(year: year), gapPercent: settings.gapPercent) { a, b in
                (names[a] ?? "", a.uuidString) < (names[b] ?? "", b.uuidString)
            }
        }
        var funded: [FundedStrategy] = []
        if funder != nil {
            funded = try await fundedStrategies(req, access, repository.mapped(visible), strategies: strategies)
        }
        return FundingDesk(year: year, today: today, settings: settings, names: names, strategies: strategies,
                           commitments: visible, map: map, funded: funded)
    }

    /// The strategies a funder's running or secured support goes to, each with the indicators
    /// that measure it or anything it leads to in the theory of change.
    private static func fundedStrategies(_ req: Request, _ access: InitiativeAccess, _ mapped: [MappedCommitment],
                                         strategies: [(id: UUID, name: String, hasActivities: Bool)]) async throws -> [FundedStrategy] {
        var ids = Set<UUID>()
        for commitment in mapped where commitment.status != .prospect {
            if case .strategy(let id) = commitment.target { ids.insert(id) }
        }
        guard !ids.isEmpty else { return [] }
        let db = req.db, initiative = access.scope.initiativeID
        let measured = Dictionary(grouping: try await ChangeNodeIndicatorModel.query(on: db).filter(\.$initiativeID == initiative).all(), by: \.nodeID)
            .mapValues { Set($0.map(\.indicatorID)) }
        let arrows = try await ChangeLinkModel.query(on: db).filter(\.$initiativeID == initiative).all().map { (from: $0.fromID, to: $0.toID) }
        let (_, items) = try await ResultsController.standings(req, access)
        return strategies.filter { ids.contains($0.id) }.map { strategy in
            let reach = StrategyReach.indicators(of: [strategy.id], links: arrows, indicators: measured)
            let results = items.filter { reach.contains($0.listing.indicator.id ?? UUID()) }.map { item in
                FundedResult(indicatorID: item.listing.indicator.id!, name: item.listing.indicator.shownName, latest: item.latest?.value,
                             isPercent: item.listing.current.definition.unit == .percent, period: item.latest?.periodKey, status: item.status)
            }
            return FundedStrategy(strategyID: strategy.id, name: strategy.name, results: results.sorted { $0.name < $1.name })
        }
    }
}
