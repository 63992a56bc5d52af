import BackboneDomain
import NIOConcurrencyHelpers
import Vapor

/// Public results kept in memory per initiative and language, rebuilt only when the aggregate
/// generation or the publishing record (choices and consents) moved: a page view, an embed or
/// an open-data read does no aggregate work and no suppression, just three indexed reads. A
/// rebuild runs once however many requests ask for it meanwhile. What every reader gets alike is
/// kept ready to send: the open data as JSON and CSV, and the indicator cards as HTML.
final class PublicResultsCache: Sendable {
    struct Key: Hashable, Sendable {
        let initiativeID: UUID
        let language: SiteLanguage
    }

    struct Stamp: Equatable, Sendable {
        let generation: Int
        let publishing: Int
    }

    struct Built: Sendable {
        let results: PublicResults
        let json: String
        let csv: String
        /// Every indicator's card, rendered for the scorecard.
        let cards: String
    }

    /// The answer for one stamp, or the one build of it that every request waits for: after an
    /// approval, many readers at once must not each compose and suppress the same results.
    private enum Entry: Sendable {
        case ready(Stamp, Built)
        case building(Stamp, Task<Built, any Error>)
    }

    /// Initiatives × languages kept at most; beyond, the cache starts afresh.
    static let capacity = 64
    private let entries = NIOLockedValueBox<[Key: Entry]>([:])

    private enum Lookup {
        case ready(Built)
        case wait(Task<Built, any Error>)
    }

    func built(_ key: Key, stamp: Stamp, build: @escaping @Sendable () async throws -> Built) async throws -> Built {
        let lookup: Lookup = entries.withLockedValue { entries in
            switch entries[key] {
            case .ready(let built, let results) where built == stamp:
                return .ready(results)
            case .building(let building, let task) where building == stamp:
                return .wait(task)
            default:
                if entries.count >= Self.capacity { entries.removeAll() }
                let task = Task { try await build() }
                entries[key] = .building(stamp, task)
                return .wait(task)
            }
        }
        let task: Task<Built, any Error>
        switch lookup {
        case .ready(let results): return results
        case .wait(let building): task = building
        }
        do {
            let results = try await task.value
            entries.withLockedValue { entries in
                if case .building(let building, _) = entries[key], building == stamp { entries[key] = .ready(stamp, results) }
            }
            return results
        } catch {
            // A failed build is not kept: the next request tries again.
            entries.withLockedValue { entries in
                if case .building(let building, _) = entries[key], building == stamp { entries[key] = nil }
            }
            throw error
        }
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
