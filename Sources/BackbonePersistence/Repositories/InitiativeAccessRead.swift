import FluentSQL
import Foundation

extension InitiativeRepository {
    /// An initiative by its slug, the person's membership of it (nil when they have none) and the
    /// stamp of its answers, in one read: every initiative page and API call starts with it.
    public func access(slug: String, userID: UUID) async throws -> (initiative: InitiativeModel, membership: MembershipModel?, stamp: AnswerStamp)? {
        guard let row = try await (db as! any SQLDatabase).raw("""
            SELECT i.*, m.id AS m_id, m.user_id AS m_user_id, m.initiative_id AS m_initiative_id,
                   m.organization_id AS m_organization_id, m.role AS m_role, m.created_at AS m_created_at,
                   COALESCE(s.generation, 0) AS stamp_setup, COALESCE(r.generation, 0) AS stamp_aggregates
            FROM initiatives i
            LEFT JOIN memberships m ON m.initiative_id = i.id AND m.user_id = \(bind: userID)
            LEFT JOIN setup_generations s ON s.initiative_id = i.id
            LEFT JOIN rollup_generations r ON r.initiative_id = i.id
            WHERE i.slug = \(bind: slug)
            """).first()
        else { return nil }
        let membership = try row.decodeNil(column: "m_id") ? nil : PrefixedRow(row: row, prefix: "m_").decode(fluentModel: MembershipModel.self)
        return (try row.decode(fluentModel: InitiativeModel.self), membership,
                AnswerStamp(aggregates: try row.decode(column: "stamp_aggregates", as: Int.self), setup: try row.decode(column: "stamp_setup", as: Int.self)))
    }
}

/// The columns of a joined row that start with a prefix, read without it, so that a second model
/// can be decoded from the same row.
private struct PrefixedRow: SQLRow {
    let row: any SQLRow
    let prefix: String

    var allColumns: [String] { row.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } }
    func contains(column: String) -> Bool { row.contains(column: prefix + column) }
    func decodeNil(column: String) throws -> Bool { try row.decodeNil(column: prefix + column) }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { try row.decode(column: prefix + column, as: D.self) }
}
