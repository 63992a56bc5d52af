import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// Keeps the stored aggregates (`rollups`) equal to what the figures say, and reads them.
///
/// Upkeep is incremental: a change to one partner's report for one period touches only that
/// partner's aggregates for the period, its quarter and its year, and then the initiative's
/// aggregates for the same three periods, rebuilt from the partners' stored ones. Both steps use
/// the same domain functions (`Rollup`) as the full recomputation, which the property tests
/// compare against after every step.
public struct RollupRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    // MARK: Upkeep

    /// One partner's report for one period whose figures or status changed.
    public struct Touched: Hashable, Sendable {
        public let organizationID: UUID
        public let periodKey: String

        public init(organizationID: UUID, periodKey: String) {
            self.organizationID = organizationID
            self.periodKey = periodKey
        }
    }

    /// Brings up to date every aggregate the given reports feed: first each partner's aggregates
    /// for the report's period, quarter and year, then the initiative's for the same periods,
    /// each computed once however many reports touch it. Call it in the transaction that changed
    /// the reports.
    public func refresh(_ touched: [Touched]) async throws {
        struct PartnerWork: Hashable { let indicatorID: UUID, organizationID: UUID, level: ReportingPeriod, native: Frequency }
        struct InitiativeWork: Hashable { let indicatorID: UUID, level: ReportingPeriod }
        var partnerWork = Set<PartnerWork>()
        var initiativeWork = Set<InitiativeWork>()
        var frequencies: [UUID: Frequency] = [:]
        for item in Set(touched) {
            guard let period = ReportingPeriod(key: item.periodKey) else { continue }
            // Indicators with figures now, and those that had some before (a removed figure).
            let valued = try await MeasurementValueModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
                .filter(\.$organizationID == item.organizationID).filter(\.$periodKey == item.periodKey).unique().all(\.$indicatorID)
            let rolled = try await RollupModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
                .filter(\.$organizationID == item.organizationID).filter(\.$periodKey == item.periodKey).unique().all(\.$indicatorID)
            let unknown = Set(valued + rolled).filter { frequencies[$0] == nil }
            if !unknown.isEmpty {
                for indicator in try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id ~~ Array(unknown)).all() {
                    frequencies[try indicator.requireID()] = indicator.parsedFrequency
                }
            }
            // Only indicators reported at this period's frequency: a monthly indicator's quarter
            // aggregates share the quarter's key but are fed by its months, not by this report.
            for indicatorID in Set(valued + rolled) where frequencies[indicatorID] == period.frequency {
                for level in Rollup.levels(of: period) {
                    partnerWork.insert(PartnerWork(indicatorID: indicatorID, organizationID: item.organizationID, level: level, native: period.frequency))
                    initiativeWork.insert(InitiativeWork(indicatorID: indicatorID, level: level))
                }
            }
        }
        var definitions: [UUID: [Int: IndicatorDefinition]] = [:]
        for indicatorID in Set(initiativeWork.map(\.indicatorID)) { definitions[indicatorID] = try await self.definitions(of: indicatorID) }
        for work in partnerWork {
            let figures = try await rawFigures(indicatorID: work.indicatorID, organizationID: work.organizationID,
                                               periodKeys: work.level.subPeriods(work.native).map(\.key))
            try await replace(indicatorID: work.indicatorID, organizationID: work.organizationID, period: work.level,
                              with: Rollup.partner(figures[work.organizationID] ?? [], definitions: definitions[work.indicatorID]!))
        }
        for work in initiativeWork {
            let partnerRows = try await RollupModel.query(on: db).filter(\.$indicatorID == work.indicatorID)
                .filter(\.$periodKey == work.level.key).filter(\.$organizationID != nil).all()
            let partners = Dictionary(grouping: partnerRows, by: { $0.organizationID! }).values.map { rows in
                Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.cell) })
            }
            try await replace(indicatorID: work.indicatorID, organizationID: nil, period: work.level,
                              with: Rollup.initiative(Array(partners), definitions: definitions[work.indicatorID]!))
        }
    }

    /// Recomputes every aggregate of the initiative from its figures and replaces the stored ones.
    public func rebuild() async throws {
        try await db.transaction { tx in
            // On PostgreSQL, writers wait for the rebuild before touching aggregates, then bring
            // their own up to date from their figures; SQLite serializes writers anyway.
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("LOCK TABLE rollups IN EXCLUSIVE MODE").run()
            }
            let computed = try await RollupRepository(db: tx, scope: scope).computeAll()
            try await RollupModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID).delete()
            try await Self.insert(computed, on: tx)
        }
    }

    /// Every aggregate of the initiative computed from its figures alone, without the stored ones.
    public func computeAll() async throws -> [RollupModel] {
        let indicators = try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
        var models: [RollupModel] = []
        for indicator in indicators {
            let indicatorID = try indicator.requireID()
            let definitions = try await definitions(of: indicatorID)
            let figures = try await rawFigures(indicatorID: indicatorID, organizationID: nil, periodKeys: nil)
            var partnerCells: [ReportingPeriod: [[RollupKey: RollupCell]]] = [:]
            for (organizationID, own) in figures {
                let byLevel = Dictionary(grouping: own.flatMap { figure in Rollup.levels(of: figure.period).map { ($0, figure) } }, by: \.0)
                for (level, entries) in byLevel {
                    let cells = Rollup.partner(entries.map(\.1), definitions: definitions)
                    partnerCells[level, default: []].append(cells)
                    models += cells.map { RollupModel(initiativeID: scope.initiativeID, indicatorID: indicatorID, organizationID: organizationID,
                                                      period: level, key: $0.key, cell: $0.value) }
                }
            }
            for (level, partners) in partnerCells {
                models += Rollup.initiative(partners, definitions: definitions).map {
                    RollupModel(initiativeID: scope.initiativeID, indicatorID: indicatorID, organizationID: nil, period: level, key: $0.key, cell: $0.value)
                }
            }
        }
        return models
    }

    // MARK: Reading

    /// The stored aggregates of the initiative; `organizationID` nil gives the totals across partners.
    public func stored(organizationID: UUID? = nil, allPartners: Bool = false) async throws -> [RollupModel] {
        var query = RollupModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if !allPartners { query = organizationID.map { id in query.filter(\.$organizationID == id) } ?? query.filter(\.$organizationID == nil) }
        return try await query.all()
    }

    /// One indicator's totals (the initiative's, or one partner's) at one frequency, oldest first.
    /// A period reported under two definition versions has two entries.
    public func series(indicatorID: UUID, frequency: Frequency, basis: RollupBasis, organizationID: UUID? = nil) async throws -> [RollupModel] {
        var query = RollupModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$indicatorID == indicatorID)
            .filter(\.$frequency == frequency.rawValue).filter(\.$basis == basis.rawValue)
            .filter(\.$dimensionKey == "").filter(\.$categoryKey == "")
        query = organizationID.map { id in query.filter(\.$organizationID == id) } ?? query.filter(\.$organizationID == nil)
        // Keys of one frequency sort as their periods do: 2026-03 < 2026-10, 2026-Q1 < 2026-Q4.
        return try await query.all().sorted { ($0.periodKey, $0.version) < ($1.periodKey, $1.version) }
    }

    /// The initiative's totals (all partners, no breakdown) of every indicator, at every level.
    public func initiativeTotals(basis: RollupBasis) async throws -> [RollupModel] {
        try await RollupModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$basis == basis.rawValue)
            .filter(\.$dimensionKey == "").filter(\.$organizationID == nil).all()
    }

    /// One period's aggregates of one indicator: every cell, for the initiative and each partner.
    public func period(indicatorID: UUID, periodKey: String, basis: RollupBasis) async throws -> [RollupModel] {
        try await RollupModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$indicatorID == indicatorID)
            .filter(\.$periodKey == periodKey).filter(\.$basis == basis.rawValue).all()
    }

    // MARK: Helpers

    private func definitions(of indicatorID: UUID) async throws -> [Int: IndicatorDefinition] {
        let versions = try await IndicatorRepository(db: db, scope: scope).history(of: indicatorID)
        return Dictionary(uniqueKeysWithValues: versions.map { ($0.number, $0.definition) })
    }

    /// Figures of one indicator with their report's status, by partner; nil filters mean all.
    private func rawFigures(indicatorID: UUID, organizationID: UUID?, periodKeys: [String]?) async throws -> [UUID: [RawFigure]] {
        var query = MeasurementValueModel.query(on: db)
            .join(SubmissionModel.self, on: \MeasurementValueModel.$submissionID == \SubmissionModel.$id)
            .filter(\.$initiativeID == scope.initiativeID).filter(\.$indicatorID == indicatorID)
        if let organizationID { query = query.filter(\.$organizationID == organizationID) }
        if let periodKeys { query = query.filter(\.$periodKey ~~ periodKeys) }
        var result: [UUID: [RawFigure]] = [:]
        for row in try await query.all() {
            guard let period = ReportingPeriod(key: row.periodKey),
                  let status = SubmissionStatus(rawValue: try row.joined(SubmissionModel.self).status) else { continue }
            result[row.organizationID, default: []].append(RawFigure(period: period, version: row.indicatorVersion, dimensionKey: row.dimensionKey,
                                                                     categoryKey: row.categoryKey, entry: row.entry, status: status))
        }
        return result
    }

    private func replace(indicatorID: UUID, organizationID: UUID?, period: ReportingPeriod, with cells: [RollupKey: RollupCell]) async throws {
        var existing = RollupModel.query(on: db).filter(\.$indicatorID == indicatorID).filter(\.$periodKey == period.key)
        existing = organizationID.map { id in existing.filter(\.$organizationID == id) } ?? existing.filter(\.$organizationID == nil)
        try await existing.delete()
        try await Self.insert(cells.map { RollupModel(initiativeID: scope.initiativeID, indicatorID: indicatorID, organizationID: organizationID,
                                                       period: period, key: $0.key, cell: $0.value) }, on: db)
    }

    /// Inserts in batches small enough for every database's limit on bound parameters.
    static func insert(_ models: [RollupModel], on db: any Database) async throws {
        var start = 0
        while start < models.count {
            let batch = Array(models[start..<min(start + 200, models.count)])
            try await batch.create(on: db)
            start += batch.count
        }
    }
}
