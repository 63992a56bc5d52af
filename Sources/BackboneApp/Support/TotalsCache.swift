import BackboneDomain
import BackbonePersistence
import NIOConcurrencyHelpers
import Vapor

/// The initiative totals the Results page and API show, kept in memory between requests and
/// read again only when the initiative's aggregate generation has moved (any change of its
/// stored aggregates raises it, in the same transaction, whichever instance or command made it).
/// Checking the generation costs one indexed read instead of thousands of rows. Kept already
/// arranged as pages use them (one figure per period, oldest first): arranging thousands of rows
/// again for every request cost more than rendering the page.
final class TotalsCache: Sendable {
    struct Key: Hashable, Sendable {
        let initiativeID: UUID
        let basis: RollupBasis
    }

    private struct Entry: @unchecked Sendable {
        let generation: Int
        let totals: [UUID: [String: [RollupModel]]]
    }

    /// Initiatives kept at most; beyond, the cache starts afresh (a server hosts a few).
    static let capacity = 64
    private let entries = NIOLockedValueBox<[Key: Entry]>([:])

    /// Totals by indicator and frequency, one per period (the newest definition version's),
    /// oldest first; read from the database when the generation moved since last time.
    func totals(_ key: Key, generation: Int, read: () async throws -> [RollupModel]) async throws -> [UUID: [String: [RollupModel]]] {
        if let entry = entries.withLockedValue({ $0[key] }), entry.generation == generation { return entry.totals }
        let totals = Dictionary(grouping: try await read(), by: \.indicatorID).mapValues { rows in
            Dictionary(grouping: rows, by: \.frequency).mapValues(RollupModel.newestVersionPerPeriod)
        }
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            // Rows read after the generation are at least that new; never replace newer ones.
            if (entries[key]?.generation ?? -1) <= generation { entries[key] = Entry(generation: generation, totals: totals) }
        }
        return totals
    }
}

extension Application {
    private struct TotalsCacheKey: StorageKey { typealias Value = TotalsCache }

    var totalsCache: TotalsCache {
        if let cache = storage[TotalsCacheKey.self] { return cache }
        let cache = TotalsCache()
        storage[TotalsCacheKey.self] = cache
        return cache
    }
}
