import BackboneDomain
import Fluent
import Foundation
import SQLKit

extension FundingRepository {
    /// The map's settings as stored, or the defaults before the backbone saved any.
    public struct Settings: Sendable, Equatable {
        public var gapPercent: Int
        public var mapPublished: Bool
        public var revision: Int

        public static let initial = Settings(gapPercent: FundingMap.defaultGapPercent, mapPublished: false, revision: 0)

        public init(gapPercent: Int, mapPublished: Bool, revision: Int) {
            self.gapPercent = gapPercent
            self.mapPublished = mapPublished
            self.revision = revision
        }
    }

    public func settings() async throws -> Settings {
        guard let row = try await FundingSettingsModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).first() else { return .initial }
        return Settings(gapPercent: row.gapPercent, mapPublished: row.mapPublished, revision: row.revision)
    }

    /// The needs stated for `year`: strategies' and the backbone's budget.
    public func needs(year: Int) async throws -> [FundingTarget: Money] {
        var needs: [FundingTarget: Money] = [:]
        for row in try await FundingNeedModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$year == year).all() {
            if let target = row.fundingTarget, let amount = row.amount { needs[target] = amount }
        }
        return needs
    }

    /// Replaces the needs of `year` (a target without an amount has none) and the settings, in
    /// one transaction, when nobody saved them since `expectedRevision`.
    public func saveNeeds(year: Int, _ needs: [FundingTarget: Money], settings: Settings, expectedRevision: Revision) async throws {
        var errors = FieldErrors()
        if !FundingMap.gapPercentRange.contains(settings.gapPercent) { errors.add("gapPercent", Texts.current("error.gapPercent")) }
        if !FundingRepository.yearRange.contains(year) { errors.add("year", Texts.current("error.fundingYear")) }
        let strategies = Set(try await ChangeNodeModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
            .filter { $0.parsedKind == .strategy }.compactMap(\.id))
        for target in needs.keys {
            if case .strategy(let id) = target, !strategies.contains(id) { errors.add("need.\(id.uuidString)", Texts.current("error.chooseOneStrategiesInitiative")) }
            if target == .elsewhere { errors.add("need", Texts.current("error.chooseOneStrategiesInitiative")) }
        }
        try errors.throwIfAny()
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            let initiative = scope.initiativeID
            if expectedRevision == .none {
                let rows = try await sql.insert(into: FundingSettingsModel.schema).columns("id", "initiative_id", "gap_percent", "map_published", "revision")
                    .values(SQLBind(UUID()), SQLBind(initiative), SQLBind(settings.gapPercent), SQLBind(settings.mapPublished), SQLBind(1))
                    .ignoringConflicts(with: ["initiative_id"]).returning("revision").all()
                guard !rows.isEmpty else { throw FieldErrors.conflict("revision", GovernanceRepository.staleMessage) }
            } else {
                let rows = try await sql.update(FundingSettingsModel.schema).set("gap_percent", to: settings.gapPercent)
                    .set("map_published", to: settings.mapPublished).set("revision", to: SQLRaw("revision + 1"))
                    .where("initiative_id", .equal, initiative).where("revision", .equal, expectedRevision.value).returning("revision").all()
                guard !rows.isEmpty else { throw FieldErrors.conflict("revision", GovernanceRepository.staleMessage) }
            }
            try await FundingNeedModel.query(on: tx).filter(\.$initiativeID == initiative).filter(\.$year == year).delete()
            for (target, amount) in needs {
                let row = FundingNeedModel()
                row.initiativeID = initiative
                row.year = year
                switch target {
                case .strategy(let id): row.target = id.uuidString
                case .backbone: row.target = FundingNeedModel.backboneTarget
                case .elsewhere: continue
                }
                row.currency = amount.currency.code
                row.amountMinor = amount.minorUnits
                try await row.create(on: tx)
            }
        }
    }

    /// The years a map can be drawn for.
    public static let yearRange = 1900...2200

    /// Every commitment as the map reads it: a commitment to an activity counts for the
    /// activity's strategy; to a working group, a partner or none, for no single strategy.
    public func mapped(_ commitments: [FundingCommitmentModel]) async throws -> [MappedCommitment] {
        let strategyOfActivity = Dictionary(uniqueKeysWithValues: try await ActivityRepository(db: db, scope: scope).all().compactMap { activity in
            activity.id.map { ($0, activity.strategyID) }
        })
        return commitments.map { commitment in
            let target: FundingTarget
            switch commitment.parsedRestriction {
            case .strategy: target = commitment.restrictionID.map(FundingTarget.strategy) ?? .elsewhere
            case .activity: target = commitment.restrictionID.flatMap { strategyOfActivity[$0] }.map(FundingTarget.strategy) ?? .elsewhere
            case .backbone: target = .backbone
            case .unrestricted, .workingGroup, .partner: target = .elsewhere
            }
            return MappedCommitment(funderID: commitment.funderID, status: commitment.parsedStatus, amount: commitment.amount,
                                    first: commitment.firstDay, last: commitment.lastDay, target: target)
        }
    }
}
