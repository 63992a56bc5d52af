import BackboneDomain
import NIOConcurrencyHelpers
import Vapor

/// Public results kept in memory per initiative and language, rebuilt only when the aggregate
/// generation or the publishing record (choices and consents) moved: a page view, an embed or
/// an open-data read does no aggregate work and no suppression, just three indexed reads.
final class PublicResultsCache: Sendable {
    struct Key: Hashable, Sendable {
        let initiativeID: UUID
        let language: SiteLanguage
    }

    struct Stamp: Equatable, Sendable {
        let generation: Int
        let publishing: Int
    }

    private struct Entry: Sendable {
        let stamp: Stamp
        let results: PublicResults
    }

    /// Initiatives × languages kept at most; beyond, the cache starts afresh.
    static let capacity = 64
    private let entries = NIOLockedValueBox<[Key: Entry]>([:])

    func results(_ key: Key, stamp: Stamp, build: () async throws -> PublicResults) async throws -> PublicResults {
        if let entry = entries.withLockedValue({ $0[key] }), entry.stamp == stamp { return entry.results }
        let results = try await build()
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = Entry(stamp: stamp, results: results)
        }
        return results
    }
}

extension Application {
    private struct PublicResultsCacheKey: StorageKey { typealias Value = PublicResultsCache }

    var publicResultsCache: PublicResultsCache {
        if let cache = storage[PublicResultsCacheKey.self] { return cache }
        let cache = PublicResultsCache()
        storage[PublicResultsCacheKey.self] = cache
        return cache
    }
}
