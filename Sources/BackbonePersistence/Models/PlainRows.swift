import Fluent
import Foundation
import SQLKit

/// A model written in plain multi-row inserts and read from plain rows. Fluent's generic coding
/// reflects on every model it saves or loads; figures, their audit trail and aggregates are
/// written and read by the thousand. (Rows read this way are for reading: Fluent does not know
/// them as stored, so change them through a query, not `update(on:)`.)
protocol PlainInsertable: Model {
    /// The columns of the table, in the order of `bindings`.
    static var columns: [String] { get }
    var bindings: [any SQLExpression] { get }
}

extension PlainInsertable {
    /// Inserts in statements small enough for every database's limit on bound parameters
    /// (SQLite's is 32,766). Models without an id get a new one.
    static func insert(_ models: [Self], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let perStatement = 30_000 / columns.count
        var start = 0
        while start < models.count {
            var insert = sql.insert(into: schema).columns(columns)
            for model in models[start..<min(start + perStatement, models.count)] { insert = insert.values(model.bindings) }
            try await insert.run()
            start += perStatement
        }
    }
}

extension MeasurementValueModel: PlainInsertable {
    convenience init(row: any SQLRow) throws {
        self.init()
        id = try row.decode(column: "id", as: UUID.self)
        initiativeID = try row.decode(column: "initiative_id", as: UUID.self)
        submissionID = try row.decode(column: "submission_id", as: UUID.self)
        indicatorID = try row.decode(column: "indicator_id", as: UUID.self)
        indicatorVersion = try row.decode(column: "indicator_version", as: Int.self)
        organizationID = try row.decode(column: "organization_id", as: UUID.self)
        periodKey = try row.decode(column: "period_key", as: String.self)
        dimensionKey = try row.decode(column: "dimension_key", as: String.self)
        categoryKey = try row.decode(column: "category_key", as: String.self)
        value = try row.decode(column: "value", as: Double?.self)
        numerator = try row.decode(column: "numerator", as: Double?.self)
        denominator = try row.decode(column: "denominator", as: Double?.self)
        weight = try row.decode(column: "weight", as: Double?.self)
        comment = try row.decode(column: "comment", as: String.self)
    }

    /// One partner's figures of one initiative, narrowed by `filter`, read as plain rows.
    static func plain(on db: any Database, initiativeID: UUID, organizationID: UUID,
                      _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [MeasurementValueModel] {
        let query = (db as! any SQLDatabase).select().columns(columns).from(schema)
            .where("initiative_id", .equal, SQLBind(initiativeID)).where("organization_id", .equal, SQLBind(organizationID))
        return try await filter(query).all().map(MeasurementValueModel.init(row:))
    }

    static let columns = ["id", "initiative_id", "submission_id", "indicator_id", "indicator_version", "organization_id", "period_key",
                          "dimension_key", "category_key", "value", "numerator", "denominator", "weight", "comment"]

    var bindings: [any SQLExpression] {
        [SQLBind(id ?? UUID()), SQLBind(initiativeID), SQLBind(submissionID), SQLBind(indicatorID), SQLBind(indicatorVersion),
         SQLBind(organizationID), SQLBind(periodKey), SQLBind(dimensionKey), SQLBind(categoryKey), SQLBind(value), SQLBind(numerator),
         SQLBind(denominator), SQLBind(weight), SQLBind(comment)]
    }
}

extension ValueAuditModel: PlainInsertable {
    static let columns = ["id", "initiative_id", "submission_id", "indicator_id", "organization_id", "period_key", "dimension_key",
                          "category_key", "old_json", "new_json", "reason", "user_id", "recorded_at", "sequence"]

    var bindings: [any SQLExpression] {
        [SQLBind(id ?? UUID()), SQLBind(initiativeID), SQLBind(submissionID), SQLBind(indicatorID), SQLBind(organizationID),
         SQLBind(periodKey), SQLBind(dimensionKey), SQLBind(categoryKey), SQLBind(oldJSON), SQLBind(newJSON), SQLBind(reason),
         SQLBind(userID), SQLBind(recordedAt), SQLBind(sequence)]
    }
}
