import Foundation
import SQLKit

/// What a whole answer about an initiative was built from: its stored aggregates and its setup
/// (settings, partners, breakdowns, indicators and their versions, assignments, targets). Both
/// counters move in the same transaction as the change, whichever instance or command made it,
/// so an answer kept under an equal stamp is exactly the answer that would be built again.
public struct AnswerStamp: Hashable, Sendable {
    public let aggregates: Int
    public let setup: Int

    public init(aggregates: Int, setup: Int) {
        self.aggregates = aggregates
        self.setup = setup
    }
}

extension RollupRepository {
    /// Both counters in one indexed read.
    public func answerStamp() async throws -> AnswerStamp {
        let row = try await (db as! any SQLDatabase).raw("""
            SELECT s.generation AS setup, COALESCE(r.generation, 0) AS aggregates
            FROM setup_generations s LEFT JOIN rollup_generations r ON r.initiative_id = s.initiative_id
            WHERE s.initiative_id = \(bind: scope.initiativeID)
            """).first()
        guard let row else { return AnswerStamp(aggregates: try await generation(), setup: 0) }
        return AnswerStamp(aggregates: try row.decode(column: "aggregates", as: Int.self), setup: try row.decode(column: "setup", as: Int.self))
    }
}
