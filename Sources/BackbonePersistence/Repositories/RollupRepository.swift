import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// Keeps the stored aggregates (`rollups`) equal to what the figures say, and reads them.
///
/// Upkeep is incremental: a change to one partner's report for one period touches only that
/// partner's aggregates for the period, its quarter and its year, and then the initiative's
/// aggregates for the same three periods, rebuilt from the partners' stored ones. Both steps are
/// done by the database with the statements of the full rebuild (see RollupRebuild.swift); the
/// property tests compare them after every step with `computeAll`, the same rules in Swift
/// (`Rollup`).
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
    /// the reports. Partners sharing an indicator and periods are recomputed together, so an
    /// import of hundreds of reports costs a few statements per indicator, not per report.
    public func refresh(_ touched: [Touched]) async throws {
        guard !touched.isEmpty else { return }
        // First, so that on PostgreSQL two changes in one initiative take turns: each then computes
        // the initiative's totals from partner aggregates that include the other's.
        try await advanceGeneration()
        // Which indicators of which partner need which periods recomputed.
        var partnerWork: [UUID: [UUID: Set<ReportingPeriod>]] = [:]
        var frequencies: [UUID: Frequency] = [:]
        for item in Set(touched) {
            guard let period = ReportingPeriod(key: item.periodKey) else { continue }
            // Indicators with figures now, and those that had some before (a removed figure).
            let valued = try await MeasurementValueModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
                .filter(\.$organizationID == item.organizationID).filter(\.$periodKey == item.periodKey).unique().all(\.$indicatorID)
            // Every aggregate has a total beside its cells: reading totals only lets the index seek.
            let rolled = try await (db as! any SQLDatabase).select().distinct().column("indicator_id").from(Self.partnerTable)
                .where("organization_id", .equal, SQLBind(item.organizationID)).where("dimension_key", .equal, SQLBind(""))
                .where("basis", .in, SQLBind.group(RollupBasis.allCases.map(\.rawValue))).where("frequency", .equal, SQLBind(period.frequency.rawValue))
                .where("period_key", .equal, SQLBind(item.periodKey)).all(decodingColumn: "indicator_id", as: UUID.self)
            let unknown = Set(valued + rolled).filter { frequencies[$0] == nil }
            if !unknown.isEmpty {
                for indicator in try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id ~~ Array(unknown)).all() {
                    frequencies[try indicator.requireID()] = indicator.parsedFrequency
                }
            }
            // Only indicators reported at this period's frequency: a monthly indicator's quarter
            // aggregates share the quarter's key but are fed by its months, not by this report.
            for indicatorID in Set(valued + rolled) where frequencies[indicatorID] == period.frequency {
                partnerWork[item.organizationID, default: [:]][indicatorID, default: []].formUnion(Rollup.levels(of: period))
            }
        }
        // Partners sharing an indicator and the same periods (all of an import's, usually) are
        // recomputed in one statement; then the initiative's totals of every period touched.
        var work: [UUID: [Set<ReportingPeriod>: [UUID]]] = [:]
        for (organizationID, levelsByIndicator) in partnerWork {
            for (indicatorID, levels) in levelsByIndicator { work[indicatorID, default: [:]][levels, default: []].append(organizationID) }
        }
        let sql = db as! any SQLDatabase
        for (indicatorID, groups) in work {
            let versions = try await definitions(of: indicatorID).sorted { $0.key < $1.key }
            for (levels, organizations) in groups {
                try await sql.delete(from: Self.partnerTable).where("indicator_id", .equal, SQLBind(indicatorID))
                    .where("period_key", .in, SQLBind.group(levels.map(\.key))).where("organization_id", .in, SQLBind.group(organizations)).run()
                let figurePeriods = levels.flatMap { level in level.subPeriods(frequencies[indicatorID]!).map { (figure: $0.key, level: level, end: $0.end) } }
                for (version, definition) in versions {
                    try await sql.raw(partnerStatement(indicatorID: indicatorID, version: version, rule: RuleSQL(definition, dialect: sql.dialect.name),
                                                       levels: figurePeriods, organizations: organizations)).run()
                }
            }
            let periodKeys = Array(Set(groups.keys.flatMap { $0.map(\.key) }))
            try await RollupModel.query(on: db).filter(\.$indicatorID == indicatorID).filter(\.$periodKey ~~ periodKeys).filter(\.$organizationID == nil).delete()
            for (version, definition) in versions {
                try await sql.raw(initiativeStatement(indicatorID: indicatorID, version: version, rule: RuleSQL(definition, dialect: sql.dialect.name),
                                                      dialect: sql.dialect.name, periodKeys: periodKeys)).run()
            }
        }
    }

    /// Every aggregate of the initiative computed from its figures alone, without the stored ones.
    public func computeAll() async throws -> [RollupModel] {
        var all: [RollupModel] = []
        try await computeAll { rows in all += rows.map { $0.model(initiativeID: scope.initiativeID) } }
        return all
    }

    /// The same, handed over a partner (or the initiative) and an indicator at a time, so that a
    /// large initiative is recomputed in bounded memory: one indicator's figures at once.
    func computeAll(_ emit: ([RollupRow]) async throws -> Void) async throws {
        let indicators = try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
        for indicator in indicators {
            let indicatorID = try indicator.requireID()
            let definitions = try await definitions(of: indicatorID)
            let figures = try await rawFigures(indicatorIDs: [indicatorID], organizationID: nil, periodKeys: nil)[indicatorID] ?? [:]
            var partnerCells: [ReportingPeriod: [[RollupKey: RollupCell]]] = [:]
            for (organizationID, own) in figures {
                var rows: [RollupRow] = []
                let byLevel = Dictionary(grouping: own.flatMap { figure in Rollup.levels(of: figure.period).map { ($0, figure) } }, by: \.0)
                for (level, entries) in byLevel {
                    let cells = Rollup.partner(entries.map(\.1), definitions: definitions)
                    partnerCells[level, default: []].append(cells)
                    rows += Self.rows(indicatorID: indicatorID, organizationID: organizationID, period: level, cells: cells)
                }
                try await emit(rows)
            }
            try await emit(partnerCells.flatMap { level, partners in
                Self.rows(indicatorID: indicatorID, organizationID: nil, period: level, cells: Rollup.initiative(partners, definitions: definitions))
            })
        }
    }

    // MARK: Reading

    /// The stored aggregates of the initiative; `organizationID` nil gives the totals across partners.
    public func stored(organizationID: UUID? = nil, allPartners: Bool = false) async throws -> [RollupModel] {
        if allPartners { return try await fetch { $0 } + fetchPartners { $0 } }
        return try await fetch(of: organizationID) { $0 }
    }

    /// One indicator's totals (the initiative's, or one partner's) at one frequency, oldest first.
    /// A period reported under two definition versions has two entries.
    public func series(indicatorID: UUID, frequency: Frequency, basis: RollupBasis, organizationID: UUID? = nil) async throws -> [RollupModel] {
        try await fetch(of: organizationID) {
            $0.where("dimension_key", .equal, SQLBind("")).where("basis", .equal, SQLBind(basis.rawValue))
                .where("frequency", .equal, SQLBind(frequency.rawValue)).where("indicator_id", .equal, SQLBind(indicatorID))
                .where("category_key", .equal, SQLBind(""))
        }
        // Keys of one frequency sort as their periods do: 2026-03 < 2026-10, 2026-Q1 < 2026-Q4.
        .sorted { ($0.periodKey, $0.version) < ($1.periodKey, $1.version) }
    }

    /// Every cell of one indicator's initiative totals at one frequency, every period: the
    /// totals and each breakdown's categories, under every definition version.
    public func initiativeCells(indicatorID: UUID, frequency: Frequency, basis: RollupBasis) async throws -> [RollupModel] {
        try await fetch {
            $0.where("indicator_id", .equal, SQLBind(indicatorID)).where("basis", .equal, SQLBind(basis.rawValue))
                .where("frequency", .equal, SQLBind(frequency.rawValue))
        }
        .sorted { ($0.periodKey, $0.version, $0.dimensionKey, $0.categoryKey) < ($1.periodKey, $1.version, $1.dimensionKey, $1.categoryKey) }
    }

    /// One approved aggregate as the public results read it: plain values (decoding models cost
    /// most of the time at a few hundred thousand rows).
    public struct PublicAggregate: Sendable {
        public let indicatorID: UUID
        public let organizationID: UUID?
        public let periodKey: String
        public let frequency: String
        public let version: Int
        public let dimensionKey: String
        public let categoryKey: String
        public let value: Double?
        public let numerator: Double?
        public let denominator: Double?
        public let sources: Int
    }

    /// What public pages may show of the given indicators: their approved initiative cells (totals
    /// and categories) and each partner's approved totals, every definition version.
    ///
    /// Filtered by indicator and not by initiative in SQL (with the initiative in the filter,
    /// SQLite walks every aggregate of the initiative: half a second an indicator at two million);
    /// the rows are kept to this initiative's afterwards.
    public func approvedForPublic(indicatorIDs: [UUID]) async throws -> [PublicAggregate] {
        guard !indicatorIDs.isEmpty else { return [] }
        let columns = ["initiative_id", "indicator_id", "organization_id", "period_key", "frequency", "version", "dimension_key", "category_key",
                       "value", "numerator", "denominator", "sources"]
        let query = { (table: String) in
            (self.db as! any SQLDatabase).select().columns(columns).from(table)
                .where("indicator_id", .in, SQLBind.group(indicatorIDs)).where("basis", .equal, SQLBind(RollupBasis.approved.rawValue))
        }
        let rows = try await query(RollupModel.schema).where("organization_id", .is, SQLLiteral.null).all()
            + query(Self.partnerTable).where("dimension_key", .equal, SQLBind("")).all()
        return try rows.compactMap { row in
            guard try row.decode(column: "initiative_id", as: UUID.self) == scope.initiativeID else { return nil }
            return PublicAggregate(
                indicatorID: try row.decode(column: "indicator_id", as: UUID.self), organizationID: try row.decode(column: "organization_id", as: UUID?.self),
                periodKey: try row.decode(column: "period_key", as: String.self), frequency: try row.decode(column: "frequency", as: String.self),
                version: try row.decode(column: "version", as: Int.self), dimensionKey: try row.decode(column: "dimension_key", as: String.self),
                categoryKey: try row.decode(column: "category_key", as: String.self), value: try row.decode(column: "value", as: Double?.self),
                numerator: try row.decode(column: "numerator", as: Double?.self), denominator: try row.decode(column: "denominator", as: Double?.self),
                sources: try row.decode(column: "sources", as: Int.self))
        }
    }

    /// Totals without breakdown of every indicator at every level: the initiative's (all partners),
    /// or one partner's.
    public func totals(basis: RollupBasis, organizationID: UUID? = nil) async throws -> [RollupModel] {
        try await fetch(of: organizationID) { $0.where("dimension_key", .equal, SQLBind("")).where("basis", .equal, SQLBind(basis.rawValue)) }
    }

    /// One period's aggregates of one indicator: every cell, for the initiative and each partner.
    public func period(indicatorID: UUID, periodKey: String, basis: RollupBasis) async throws -> [RollupModel] {
        let filter = { (query: SQLSelectBuilder) in
            query.where("indicator_id", .equal, SQLBind(indicatorID)).where("period_key", .equal, SQLBind(periodKey))
                .where("basis", .equal, SQLBind(basis.rawValue))
        }
        return try await fetch(filter) + fetchPartners(filter)
    }

    /// A number that changes whenever the initiative's stored aggregates do (0: never stored).
    public func generation() async throws -> Int {
        try await (db as! any SQLDatabase).select().column("generation").from("rollup_generations")
            .where("initiative_id", .equal, SQLBind(scope.initiativeID)).first(decodingColumn: "generation", as: Int.self) ?? 0
    }

    // MARK: Helpers

    func definitions(of indicatorID: UUID) async throws -> [Int: IndicatorDefinition] {
        let versions = try await IndicatorRepository(db: db, scope: scope).history(of: indicatorID)
        return Dictionary(uniqueKeysWithValues: versions.map { ($0.number, $0.definition) })
    }

    /// Figures of the given indicators with their report's status, by indicator and partner; nil
    /// filters mean all. Read as plain rows: a large initiative has a hundred thousand per indicator.
    private func rawFigures(indicatorIDs: [UUID], organizationID: UUID?, periodKeys: [String]?) async throws -> [UUID: [UUID: [RawFigure]]] {
        let sql = db as! any SQLDatabase
        var query = sql.select()
            .columns(SQLColumn("indicator_id", table: "v"), SQLColumn("organization_id", table: "v"), SQLColumn("period_key", table: "v"),
                     SQLColumn("indicator_version", table: "v"), SQLColumn("dimension_key", table: "v"), SQLColumn("category_key", table: "v"),
                     SQLColumn("value", table: "v"), SQLColumn("numerator", table: "v"), SQLColumn("denominator", table: "v"),
                     SQLColumn("weight", table: "v"), SQLColumn("status", table: "s"))
            .from(SQLAlias(SQLIdentifier(MeasurementValueModel.schema), as: SQLIdentifier("v")))
            .join(SQLAlias(SQLIdentifier(SubmissionModel.schema), as: SQLIdentifier("s")),
                  on: SQLColumn("submission_id", table: "v"), .equal, SQLColumn("id", table: "s"))
            .where(SQLColumn("initiative_id", table: "v"), .equal, SQLBind(scope.initiativeID))
            .where(SQLColumn("indicator_id", table: "v"), .in, SQLBind.group(indicatorIDs))
        if let organizationID { query = query.where(SQLColumn("organization_id", table: "v"), .equal, SQLBind(organizationID)) }
        if let periodKeys { query = query.where(SQLColumn("period_key", table: "v"), .in, SQLBind.group(periodKeys)) }
        var result: [UUID: [UUID: [RawFigure]]] = [:]
        var periods: [String: ReportingPeriod] = [:]
        for row in try await query.all() {
            let key = try row.decode(column: "period_key", as: String.self)
            guard let period = periods[key] ?? ReportingPeriod(key: key),
                  let status = SubmissionStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            periods[key] = period
            let entry = ValueEntry(value: try row.decode(column: "value", as: Double?.self), numerator: try row.decode(column: "numerator", as: Double?.self),
                                   denominator: try row.decode(column: "denominator", as: Double?.self), weight: try row.decode(column: "weight", as: Double?.self))
            let figure = RawFigure(period: period, version: try row.decode(column: "indicator_version", as: Int.self),
                                   dimensionKey: try row.decode(column: "dimension_key", as: String.self),
                                   categoryKey: try row.decode(column: "category_key", as: String.self), entry: entry, status: status)
            result[try row.decode(column: "indicator_id", as: UUID.self), default: [:]][try row.decode(column: "organization_id", as: UUID.self), default: []]
                .append(figure)
        }
        return result
    }

    /// The initiative's aggregates (nil), or one partner's, read as plain columns: Fluent's generic
    /// decoding of a model costs tens of microseconds a row, and pages and upkeep read thousands.
    private func fetch(of organizationID: UUID? = nil, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [RollupModel] {
        if let organizationID { return try await fetchPartners { filter($0.where("organization_id", .equal, SQLBind(organizationID))) } }
        let query = (db as! any SQLDatabase).select().columns(RollupModel.columns).from(RollupModel.schema)
            .where("initiative_id", .equal, SQLBind(scope.initiativeID)).where("organization_id", .is, SQLLiteral.null)
        return try await filter(query).all().map(RollupModel.init(row:))
    }

    /// Partners' aggregates (see `ClusterPartnerRollups`): filter by indicator and period (the
    /// table's order) or by partner (its index), never by the initiative alone, which would scan.
    private func fetchPartners(_ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [RollupModel] {
        let query = (db as! any SQLDatabase).select().columns(RollupModel.partnerColumns).from(Self.partnerTable)
            .where("initiative_id", .equal, SQLBind(scope.initiativeID))
        return try await filter(query).all().map(RollupModel.init(row:))
    }

    /// Where partners' aggregates are kept; the initiative's stay in `rollups`.
    static let partnerTable = "partner_rollups"

    /// One partner's stored aggregate, as a group's totals need it.
    private struct PartnerCell {
        let organizationID: UUID
        let periodKey: String
        let key: RollupKey
        let cell: RollupCell
    }

    /// Every partner's aggregates of one indicator for the given periods: an approval in a large
    /// initiative reads a few hundred thousand, so only the columns needed, into plain values.
    /// Filtered by indicator (which belongs to this initiative) and period: the first columns of
    /// the partner table's key, so the read is one contiguous range of it.
    private func partnerRows(indicatorID: UUID, periodKeys: [String],
                             narrowing: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> [PartnerCell] {
        try await narrowing((db as! any SQLDatabase).select()
            .columns("organization_id", "period_key", "version", "dimension_key", "category_key", "basis", "value", "numerator",
                     "denominator", "weight", "observation_count", "latest_period_end", "sources", "provisional_sources")
            .from(Self.partnerTable)
            .where("indicator_id", .equal, SQLBind(indicatorID)).where("period_key", .in, SQLBind.group(periodKeys)))
            .all().map { row in
                let aggregate = Aggregate(value: try row.decode(column: "value", as: Double?.self), numerator: try row.decode(column: "numerator", as: Double?.self),
                                          denominator: try row.decode(column: "denominator", as: Double?.self), weight: try row.decode(column: "weight", as: Double?.self),
                                          observationCount: try row.decode(column: "observation_count", as: Int.self),
                                          latestPeriodEnd: try row.decode(column: "latest_period_end", as: Date?.self))
                return PartnerCell(organizationID: try row.decode(column: "organization_id", as: UUID.self), periodKey: try row.decode(column: "period_key", as: String.self),
                                   key: RollupKey(version: try row.decode(column: "version", as: Int.self), dimensionKey: try row.decode(column: "dimension_key", as: String.self),
                                                  categoryKey: try row.decode(column: "category_key", as: String.self),
                                                  basis: RollupBasis(rawValue: try row.decode(column: "basis", as: String.self)) ?? .approved),
                                   cell: RollupCell(aggregate: aggregate, sources: try row.decode(column: "sources", as: Int.self),
                                                    provisionalSources: try row.decode(column: "provisional_sources", as: Int.self)))
            }
    }

    /// One indicator's totals (no breakdown) for the given periods combined over a group of
    /// partners only (a working group's, say), by the indicator's rule across partners: the same
    /// combination the initiative's totals use, over fewer partners. Keyed by period and version.
    public func groupTotals(indicatorID: UUID, organizationIDs: Set<UUID>, periodKeys: [String], basis: RollupBasis) async throws -> [String: [Int: RollupCell]] {
        guard !organizationIDs.isEmpty, !periodKeys.isEmpty else { return [:] }
        let definitions = try await definitions(of: indicatorID)
        // Only the group's totals on one basis: a few rows a partner, not every cell of every partner.
        let rows = try await partnerRows(indicatorID: indicatorID, periodKeys: periodKeys) {
            $0.where("organization_id", .in, SQLBind.group(Array(organizationIDs))).where("dimension_key", .equal, SQLBind(""))
                .where("basis", .equal, SQLBind(basis.rawValue))
        }
        var result: [String: [Int: RollupCell]] = [:]
        for (period, cells) in Dictionary(grouping: rows, by: \.periodKey) {
            let partners = Dictionary(grouping: cells, by: \.organizationID).values.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.key, $0.cell) }) }
            for (key, cell) in Rollup.initiative(partners, definitions: definitions) { result[period, default: [:]][key.version] = cell }
        }
        return result
    }

    /// Raised in the transaction that changes aggregates; on PostgreSQL the row lock it takes
    /// also makes concurrent changes of one initiative's aggregates take turns.
    func advanceGeneration() async throws {
        try await (db as! any SQLDatabase).raw("""
            INSERT INTO rollup_generations (initiative_id, generation) VALUES (\(bind: scope.initiativeID), 1)
            ON CONFLICT (initiative_id) DO UPDATE SET generation = rollup_generations.generation + 1
            """).run()
    }

    private static func rows(indicatorID: UUID, organizationID: UUID?, period: ReportingPeriod, cells: [RollupKey: RollupCell]) -> [RollupRow] {
        cells.map { RollupRow(indicatorID: indicatorID, organizationID: organizationID, period: period, key: $0.key, cell: $0.value) }
    }
}

/// An aggregate computed in Swift, as a plain value (see `computeAll`).
struct RollupRow: Sendable {
    let indicatorID: UUID
    let organizationID: UUID?
    let period: ReportingPeriod
    let key: RollupKey
    let cell: RollupCell

    func model(initiativeID: UUID) -> RollupModel {
        RollupModel(initiativeID: initiativeID, indicatorID: indicatorID, organizationID: organizationID, period: period, key: key, cell: cell)
    }
}
