import BackboneDomain
import BackbonePersistence
import NIOConcurrencyHelpers
import Vapor

/// Each indicator's totals as forecasts and scenarios read them (`IndicatorOutlook`), kept
/// between requests and read again only when the initiative's aggregate
/// generation moved: an approval that changes history is in the next view of the forecast.
/// Forecasts themselves are computed per request from these (a few microseconds), so a changed
/// target or scenario shows at once.
final class OutlookCache: Sendable {
    struct Key: Hashable, Sendable {
        let indicatorID: UUID
        let basis: RollupBasis
        /// The definition version the inputs were read under (its unit and range shape them).
        let version: Int
        /// Partners assigned: a total counting fewer is left out of the forecast.
        let assigned: Int
        /// Partners with a target of their own, whose series are read too (sorted).
        let targeted: [UUID]
    }

    private struct Entry: Sendable {
        let generation: Int
        let outlook: IndicatorOutlook
    }

    /// Indicators kept at most; beyond, the cache starts afresh.
    static let capacity = 2048
    private let entries = NIOLockedValueBox<[Key: Entry]>([:])

    func outlook(_ key: Key, generation: Int, read: () async throws -> IndicatorOutlook) async throws -> IndicatorOutlook {
        if let entry = entries.withLockedValue({ $0[key] }), entry.generation == generation { return entry.outlook }
        let outlook = try await read()
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            if (entries[key]?.generation ?? -1) <= generation { entries[key] = Entry(generation: generation, outlook: outlook) }
        }
        return outlook
    }
}

extension Application {
    private struct OutlookCacheKey: StorageKey { typealias Value = OutlookCache }

    var outlookCache: OutlookCache {
        if let cache = storage[OutlookCacheKey.self] { return cache }
        let cache = OutlookCache()
        storage[OutlookCacheKey.self] = cache
        return cache
    }
}

extension Request {
    /// One indicator's outlook on the basis the initiative shows.
    func outlook(_ access: InitiativeAccess, indicator: IndicatorModel, current: DefinitionVersion, assigned: Int,
                 targeted: [UUID] = []) async throws -> IndicatorOutlook {
        let targeted = targeted.sorted { $0.uuidString < $1.uuidString }
        let basis: RollupBasis = access.initiative.dashboardsIncludeSubmitted ? .provisional : .approved
        let generation = try await RollupRepository(db: db, scope: access.scope).generation()
        return try await application.outlookCache.outlook(.init(indicatorID: try indicator.requireID(), basis: basis, version: current.number,
                                                                assigned: assigned, targeted: targeted),
                                                          generation: generation) {
            try await IndicatorOutlook.read(db: db, scope: access.scope, indicator: indicator, definition: current.definition,
                                            assigned: assigned, basis: basis, targeted: targeted)
        }
    }
}
