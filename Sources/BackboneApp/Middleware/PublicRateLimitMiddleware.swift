import BackboneDomain
import NIOConcurrencyHelpers
import Vapor

/// Limits how often one address may read the public results pages, embeds and open data: they
/// need no sign-in, so a loop somewhere on the internet must not be able to keep a small
/// server busy. A fixed window per address, kept in memory (each instance counts its own).
final class PublicRateLimit: Sendable {
    /// Requests one address may make per window: a person reading, or a partner's website
    /// showing a dozen embeds, stays far below it.
    let limit: Int
    let window: TimeInterval
    /// Addresses remembered at most; beyond, the oldest windows are forgotten first.
    static let capacity = 10_000

    private struct Window: Sendable {
        var start: Date
        var count: Int
    }

    private let windows = NIOLockedValueBox<[String: Window]>([:])

    init(limit: Int = 300, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Nil when the request may go ahead; else the seconds to wait.
    func retryAfter(address: String, now: Date) -> Int? {
        windows.withLockedValue { windows in
            if windows.count >= Self.capacity {
                windows = windows.filter { now.timeIntervalSince($0.value.start) < window }
                if windows.count >= Self.capacity { windows.removeAll() }
            }
            var current = windows[address] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(current.start) >= window { current = Window(start: now, count: 0) }
            current.count += 1
            windows[address] = current
            guard current.count > limit else { return nil }
            return max(1, Int((window - now.timeIntervalSince(current.start)).rounded(.up)))
        }
    }
}

struct PublicRateLimitMiddleware: AsyncMiddleware {
    /// Which allowance a route draws on: reading public pages, or sending on the public voice form.
    enum Bucket: Sendable {
        case reads, voice
    }

    var bucket = Bucket.reads

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let address = request.clientAddress(trustForwardedFor: request.application.backbone.trustForwardedFor)
        let (limit, reason) = switch bucket {
        case .reads: (request.application.publicRateLimit, "error.publicTooManyRequests")
        case .voice: (request.application.voiceRateLimit, "error.voiceTooMany")
        }
        if let wait = limit.retryAfter(address: address, now: Date()) {
            throw Abort(.tooManyRequests, headers: ["Retry-After": "\(wait)"], reason: Texts.current(reason))
        }
        return try await next.respond(to: request)
    }
}

extension Application {
    private struct PublicRateLimitKey: StorageKey { typealias Value = PublicRateLimit }

    var publicRateLimit: PublicRateLimit {
        get {
            if let limit = storage[PublicRateLimitKey.self] { return limit }
            let limit = PublicRateLimit()
            storage[PublicRateLimitKey.self] = limit
            return limit
        }
        set { storage[PublicRateLimitKey.self] = newValue }
    }

    private struct VoiceRateLimitKey: StorageKey { typealias Value = PublicRateLimit }

    /// Feedback one address may send through a public voice form: a resident with a few things
    /// to say stays below it; a script does not.
    var voiceRateLimit: PublicRateLimit {
        get {
            if let limit = storage[VoiceRateLimitKey.self] { return limit }
            let limit = PublicRateLimit(limit: 5, window: 600)
            storage[VoiceRateLimitKey.self] = limit
            return limit
        }
        set { storage[VoiceRateLimitKey.self] = newValue }
    }
}
