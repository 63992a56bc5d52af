import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// The full recomputation of stored aggregates, done by the database: per indicator and definition
/// version, one `INSERT … SELECT … GROUP BY` for partners' aggregates (every figure into its period,
/// quarter and year) and one for the initiative's (from those partner aggregates). The rules are
/// the same as `Rollup`'s (see `AggregationRule`), written as SQL; `computeAll` computes them in
/// Swift, and the tests compare the two.
///
/// Going through Swift models cost about 8,000 aggregates a second (47 minutes for the 23.5
/// million of the large initiative); the database writes them in key order without a round trip.
extension RollupRepository {
    /// Recomputes every aggregate of the initiative from its figures and replaces the stored ones;
    /// answers how many there are now.
    @discardableResult
    public func rebuild() async throws -> Int {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            // On PostgreSQL, writers wait for the rebuild before touching aggregates, then bring
            // their own up to date from their figures; SQLite serializes writers anyway.
            if sql.dialect.name == "postgresql" {
                try await sql.raw("LOCK TABLE rollups, partner_rollups IN EXCLUSIVE MODE").run()
            }
            let rebuilt = RollupRepository(db: tx, scope: scope)
            try await rebuilt.advanceGeneration()
            try await RollupModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID).delete()
            let indicators = try await IndicatorModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID).all(\.$id)
            guard !indicators.isEmpty else { return 0 }
            // By indicator: the first column of the partner table's key.
            try await sql.delete(from: Self.partnerTable).where("indicator_id", .in, SQLBind.group(indicators)).run()
            let levels = try await rebuilt.periodLevels()
            guard !levels.isEmpty else { return 0 }
            for indicatorID in indicators {
                for (version, definition) in try await rebuilt.definitions(of: indicatorID).sorted(by: { $0.key < $1.key }) {
                    let rule = RuleSQL(definition, dialect: sql.dialect.name)
                    try await sql.raw(rebuilt.partnerStatement(indicatorID: indicatorID, version: version, rule: rule, levels: levels)).run()
                    try await sql.raw(rebuilt.initiativeStatement(indicatorID: indicatorID, version: version, rule: rule, dialect: sql.dialect.name)).run()
                }
            }
            let partners = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(Self.partnerTable)
                .where("indicator_id", .in, SQLBind.group(indicators)).first(decodingColumn: "n", as: Int.self) ?? 0
            return partners + (try await RollupModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID).count())
        }
    }

    /// Every period a figure of the initiative is for, with the periods it counts in (itself, its
    /// quarter, its year) and its end, which decides what is latest.
    private func periodLevels() async throws -> [(figure: String, level: ReportingPeriod, end: Date)] {
        let keys = try await (db as! any SQLDatabase).select().distinct().column("period_key").from(MeasurementValueModel.schema)
            .where("initiative_id", .equal, SQLBind(scope.initiativeID)).all(decodingColumn: "period_key", as: String.self)
        return keys.compactMap(ReportingPeriod.init(key:)).flatMap { period in Rollup.levels(of: period).map { (period.key, $0, period.end) } }
    }

    /// An aggregation rule as SQL: the value a figure counts with, which figures count, and the
    /// aggregate's columns over a group of them. Plain text, not binds: the only numbers are the
    /// unit's scale, a constant of the code.
    struct RuleSQL {
        let rule: AggregationRule
        /// A ratio's scale (100 for percents), or nil for units that are not ratios.
        let ratioScale: Double?
        let postgres: Bool

        init(_ definition: IndicatorDefinition, dialect: String) {
            rule = definition.aggregation
            ratioScale = definition.unit.ratioScale
            postgres = dialect == "postgresql"
        }

        var scale: String { "\(ratioScale ?? 100)" }

        /// `Rollup.observation`: a ratio's figure needs both parts; others count their value
        /// (a percent entered as parts counts as their quotient).
        var figureValue: String {
            if rule == .ratio { return "CASE WHEN v.denominator = 0 THEN 0.0 ELSE v.numerator / v.denominator * \(scale) END" }
            guard ratioScale != nil else { return "v.value" }
            return "CASE WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL AND v.denominator > 0 THEN v.numerator / v.denominator * \(scale) ELSE v.value END"
        }

        var figureCounts: String { rule == .ratio ? "v.numerator IS NOT NULL AND v.denominator IS NOT NULL" : "1 = 1" }

        /// A sum that cannot fail: PostgreSQL raises an error when doubles overflow, so it adds
        /// exact decimals there (figures are bounded at entry; rows written before the bounds
        /// existed could still add up past the largest double).
        func total(_ expression: String) -> String { postgres ? "SUM((\(expression))::numeric)" : "SUM(\(expression))" }

        /// `Aggregate.keepingFinite`: what does not fit a finite double is stored as no value.
        /// (SQLite's infinity minus itself is NaN, which SQLite turns into NULL.)
        func finite(_ expression: String) -> String {
            postgres ? "CASE WHEN abs(\(expression)) <= 1.7976931348623157e308 THEN (\(expression))::float8 END"
                : "CASE WHEN (\(expression)) - (\(expression)) = 0 THEN \(expression) END"
        }

        /// value, numerator, denominator, weight of a group (`AggregationRule.combine`); `latest`
        /// adds across partners, and takes its latest figure within a partner elsewhere.
        var combined: String {
            switch rule {
            case .sum, .latest:
                return "\(finite(total("value"))), NULL, NULL, NULL"
            case .ratio:
                let (numerator, denominator) = (total("COALESCE(numerator, 0)"), total("COALESCE(denominator, 0)"))
                return "\(finite("CASE WHEN \(denominator) > 0 THEN \(numerator) / \(denominator) * \(scale) END")), "
                    + "\(finite(numerator)), \(finite(denominator)), NULL"
            case .weightedMean:
                let weight = total("COALESCE(weight, 0)")
                return "\(finite("CASE WHEN \(weight) > 0 THEN \(total("value * COALESCE(weight, 0)")) / \(weight) END")), NULL, NULL, \(finite(weight))"
            case .min:
                return "MIN(value), NULL, NULL, NULL"
            case .max:
                return "MAX(value), NULL, NULL, NULL"
            }
        }
    }

    private static let insertColumns: SQLQueryString = """
        indicator_id, period_key, organization_id, version, dimension_key, category_key, basis, initiative_id, frequency,
        value, numerator, denominator, weight, observation_count, latest_period_end, sources, provisional_sources
        """

    /// Partners' aggregates of one indicator version: each figure joined to every period it counts
    /// in and every basis its report's status counts for, grouped per partner, period and cell.
    /// `levels` names the periods to compute and the figures' periods that feed them;
    /// `organizations`, when given, the only partners to compute.
    func partnerStatement(indicatorID: UUID, version: Int, rule: RuleSQL,
                          levels: [(figure: String, level: ReportingPeriod, end: Date)], organizations: [UUID]? = nil) -> SQLQueryString {
        let levelRows = SQLList(levels.map { entry in
            SQLGroupExpression([SQLBind(entry.figure), SQLBind(entry.level.key), SQLBind(entry.level.frequency.rawValue), SQLBind(entry.end)])
        })
        let bases = SQLList(RollupBasis.allCases.flatMap { basis in
            SubmissionStatus.allCases.filter(basis.counts).map { SQLGroupExpression([SQLBind(basis.rawValue), SQLBind($0.rawValue)]) }
        })
        let figures: SQLQueryString = """
            levels (period_key, level_key, frequency, figure_end) AS (VALUES \(levelRows)),
            bases (basis, status) AS (VALUES \(bases)),
            observations AS (
                SELECT v.organization_id, l.level_key, l.frequency, v.dimension_key, v.category_key, b.basis, s.status, l.figure_end,
                       \(unsafeRaw: rule.figureValue) AS value, v.numerator, v.denominator, v.weight
                FROM measurement_values v
                JOIN submissions s ON s.id = v.submission_id
                JOIN bases b ON b.status = s.status
                JOIN levels l ON l.period_key = v.period_key
                WHERE v.indicator_id = \(bind: indicatorID) AND v.indicator_version = \(bind: version) AND \(unsafeRaw: rule.figureCounts)
                      \(organizations.map { "AND v.organization_id IN \(SQLBind.group($0))" as SQLQueryString } ?? "")
            )
            """
        let provisional: SQLQueryString = "CASE WHEN status = \(bind: SubmissionStatus.submitted.rawValue) THEN 1 ELSE 0 END"
        let group = "level_key, organization_id, dimension_key, category_key, basis, frequency"
        if rule.rule == .latest {
            // Within a partner the latest figure wins; between equal ends the larger value.
            return """
                WITH \(figures),
                ranked AS (
                    SELECT observations.*,
                           ROW_NUMBER() OVER (PARTITION BY \(unsafeRaw: group) ORDER BY figure_end DESC, value DESC) AS position,
                           COUNT(*) OVER (PARTITION BY \(unsafeRaw: group)) AS observation_count,
                           SUM(\(provisional)) OVER (PARTITION BY \(unsafeRaw: group)) AS provisional_sources
                    FROM observations WHERE value IS NOT NULL
                )
                INSERT INTO partner_rollups (\(Self.insertColumns))
                SELECT \(bind: indicatorID), level_key, organization_id, \(bind: version), dimension_key, category_key, basis, \(bind: scope.initiativeID),
                       frequency, value, numerator, denominator, weight, observation_count, figure_end, observation_count, provisional_sources
                FROM ranked WHERE position = 1
                ORDER BY \(unsafeRaw: group)
                """
        }
        return """
            WITH \(figures)
            INSERT INTO partner_rollups (\(Self.insertColumns))
            SELECT \(bind: indicatorID), level_key, organization_id, \(bind: version), dimension_key, category_key, basis, \(bind: scope.initiativeID),
                   frequency, \(unsafeRaw: rule.combined), COUNT(*), MAX(figure_end), COUNT(*), SUM(\(provisional))
            FROM observations WHERE value IS NOT NULL
            GROUP BY \(unsafeRaw: group)
            ORDER BY \(unsafeRaw: group)
            """
    }

    /// The initiative's aggregates of one indicator version, from its partners' (`Rollup.initiative`):
    /// every partner aggregate holding a value counts once. `periodKeys`, when given, the only
    /// periods to compute: one contiguous range of the partner table each.
    func initiativeStatement(indicatorID: UUID, version: Int, rule: RuleSQL, dialect: String, periodKeys: [String]? = nil) -> SQLQueryString {
        """
        INSERT INTO rollups (id, \(Self.insertColumns))
        SELECT \(unsafeRaw: Self.newID(dialect)), indicator_id, period_key, NULL, version, dimension_key, category_key, basis, initiative_id, frequency,
               \(unsafeRaw: rule.combined), COUNT(*), MAX(latest_period_end), COUNT(*), SUM(CASE WHEN provisional_sources > 0 THEN 1 ELSE 0 END)
        FROM partner_rollups
        WHERE indicator_id = \(bind: indicatorID) \(periodKeys.map { "AND period_key IN \(SQLBind.group($0))" as SQLQueryString } ?? "")
              AND version = \(bind: version) AND value IS NOT NULL AND latest_period_end IS NOT NULL
        GROUP BY indicator_id, period_key, version, dimension_key, category_key, basis, initiative_id, frequency
        """
    }

    /// A new row id made by the database: PostgreSQL's own, or on SQLite random hex in the form
    /// its UUID text takes.
    static func newID(_ dialect: String) -> String {
        dialect == "postgresql" ? "gen_random_uuid()"
            : "hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))"
    }
}
