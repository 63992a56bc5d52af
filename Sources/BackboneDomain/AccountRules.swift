import Foundation

/// How long a signed-in session lasts.
public struct SessionPolicy: Sendable, Equatable {
    /// A session unused for this long ends.
    public var idleTimeout: TimeInterval
    /// A session ends this long after sign-in, however active.
    public var absoluteTimeout: TimeInterval

    public init(idleTimeout: TimeInterval = 2 * 3600, absoluteTimeout: TimeInterval = 12 * 3600) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    public func isExpired(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) > idleTimeout || now.timeIntervalSince(createdAt) > absoluteTimeout
    }

    /// Writing `last_seen_at` on every request would turn each read into a write; a minute of
    /// slack on a two-hour idle timeout is harmless.
    public func needsTouch(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) > 60
    }
}

/// Limits on failed sign-ins over a sliding window.
///
/// An address that fails many times is refused for the window: that is the guesser. An account
/// that fails many times is not locked, since anyone who knows an email address could lock its
/// owner out: instead each further try waits a delay that doubles with every failure (from
/// `firstDelay`, at most the window), and a browser the account has signed in from before skips
/// that delay, so the owner gets in while a guesser elsewhere is slowed to a crawl.
public struct LoginThrottlePolicy: Sendable, Equatable {
    public var window: TimeInterval
    /// Failures of one account before its back-off starts.
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int
    public var firstDelay: TimeInterval

    public init(window: TimeInterval = 15 * 60, maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20, firstDelay: TimeInterval = 30) {
        self.window = window
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.firstDelay = firstDelay
    }

    /// How long the client must still wait before this sign-in is tried, or nil when it may be.
    /// - Parameters:
    ///   - lastAccountFailure: when the account last failed, if it failed within the window.
    ///   - knownBrowser: the request comes from a browser the account signed in from before.
    public func wait(accountFailures: Int, lastAccountFailure: Date?, addressFailures: Int, knownBrowser: Bool, now: Date) -> TimeInterval? {
        if addressFailures >= maxFailuresPerAddress { return window }
        guard !knownBrowser, accountFailures >= maxFailuresPerAccount, let lastAccountFailure else { return nil }
        let doublings = min(accountFailures - maxFailuresPerAccount, 20)
        let delay = min(window, firstDelay * Double(1 << doublings))
        let remaining = delay - now.timeIntervalSince(lastAccountFailure)
        return remaining > 0 ? remaining : nil
    }

    /// Whole minutes, at least one, for a message.
    public static func minutes(_ seconds: TimeInterval) -> Int { max(1, Int((seconds / 60).rounded(.up))) }
}
