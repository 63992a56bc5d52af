import BackboneDomain
import BackbonePersistence
import NIOConcurrencyHelpers
import Vapor

/// Whole answers (a page's content, an API body) kept ready to send, under the stamp of what
/// they were built from (``AnswerStamp``: the initiative's aggregate and setup generations).
/// Every request still checks who is asking and reads the stamp (one indexed read); when the stamp
/// is the one the answer was built under, nothing else is read or computed. Both generations move
/// in the transaction of the change, so an instance serving a kept answer never serves one older
/// than what the database holds at that read, whichever instance made the change.
///
/// Answers are kept per visibility class (role, partner organization, language), never per
/// person. Memory is bounded by a byte budget: the least recently used answers go first, and an
/// answer larger than the whole budget is not kept. A build runs once however many requests
/// ask for it meanwhile: after an approval, many readers at once must not each build the same.
final class AnswerCache: Sendable {
    struct Key: Hashable, Sendable {
        let initiativeID: UUID
        /// Which answer, such as "results.json".
        let answer: String
        /// Whom it is shaped for: a visibility class, never a person.
        let viewer: String
    }

    private enum Slot: Sendable {
        case ready(AnswerStamp, String, lastUse: UInt64)
        case building(AnswerStamp, Task<String, any Error>)
    }

    private struct State: Sendable {
        var slots: [Key: Slot] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    /// The most bytes of answers kept at once.
    let budget: Int
    private let state = NIOLockedValueBox(State())

    init(budget: Int) {
        self.budget = budget
    }

    /// The bytes held now (for the bench and tests).
    var bytesHeld: Int { state.withLockedValue(\.bytes) }

    private enum Lookup {
        case ready(String)
        case wait(Task<String, any Error>)
    }

    func answer(_ key: Key, stamp: AnswerStamp, build: @escaping @Sendable () async throws -> String) async throws -> String {
        let lookup: Lookup = state.withLockedValue { state in
            state.clock += 1
            switch state.slots[key] {
            case .ready(let kept, let answer, _) where kept == stamp:
                state.slots[key] = .ready(kept, answer, lastUse: state.clock)
                return .ready(answer)
            case .building(let building, let task) where building == stamp:
                return .wait(task)
            case .ready(_, let stale, _):
                state.bytes -= stale.utf8.count
                fallthrough
            default:
                let task = Task { try await build() }
                state.slots[key] = .building(stamp, task)
                return .wait(task)
            }
        }
        let task: Task<String, any Error>
        switch lookup {
        case .ready(let answer): return answer
        case .wait(let building): task = building
        }
        do {
            let answer = try await task.value
            state.withLockedValue { state in
                guard case .building(let building, _) = state.slots[key], building == stamp else { return }
                let size = answer.utf8.count
                guard size <= budget else { state.slots[key] = nil; return }
                state.clock += 1
                state.slots[key] = .ready(stamp, answer, lastUse: state.clock)
                state.bytes += size
                evict(&state)
            }
            return answer
        } catch {
            // A failed build is not kept: the next request tries again.
            state.withLockedValue { state in
                if case .building(let building, _) = state.slots[key], building == stamp { state.slots[key] = nil }
            }
            throw error
        }
    }

    /// Whom an answer about results is shaped for: the role (what it may link to), the partner
    /// organization (its own figures) and the language. Never the person.
    static func viewerClass(_ access: InitiativeAccess, _ language: SiteLanguage) -> String {
        [access.role.rawValue, access.membership?.organizationID.uuidString ?? "", language.rawValue].joined(separator: "|")
    }

    /// Drops the least recently used answers until the rest fit the budget.
    private func evict(_ state: inout State) {
        guard state.bytes > budget else { return }
        let byAge = state.slots.compactMap { key, slot -> (Key, UInt64, Int)? in
            if case .ready(_, let answer, let lastUse) = slot { return (key, lastUse, answer.utf8.count) }
            return nil
        }.sorted { $0.1 < $1.1 }
        for (key, _, size) in byAge where state.bytes > budget {
            state.slots[key] = nil
            state.bytes -= size
        }
    }
}

extension Application {
    private struct AnswerCacheKey: StorageKey { typealias Value = AnswerCache }

    var answerCache: AnswerCache {
        if let cache = storage[AnswerCacheKey.self] { return cache }
        let cache = AnswerCache(budget: backbone.answerCacheBytes)
        storage[AnswerCacheKey.self] = cache
        return cache
    }
}

extension Request {
    /// The answer kept under the initiative's stamp, or built now and kept. The stamp is the one
    /// read with the access at the start of the request: an answer built from later data is kept
    /// under it and rebuilt once more, never served after a newer change.
    func keptAnswer(_ access: InitiativeAccess, _ answer: String, viewer: String,
                    build: @escaping @Sendable () async throws -> String) async throws -> String {
        let stamp: AnswerStamp
        if let read = access.stamp { stamp = read } else { stamp = try await RollupRepository(db: db, scope: access.scope).answerStamp() }
        return try await application.answerCache.answer(.init(initiativeID: access.scope.initiativeID, answer: answer, viewer: viewer),
                                                        stamp: stamp, build: build)
    }
}
