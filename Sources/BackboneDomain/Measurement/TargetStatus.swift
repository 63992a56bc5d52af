import Foundation

/// Where an indicator stands against its target. Shown in words as well as colour.
public enum TargetStatus: String, NamedInCatalog, Codable, Sendable, CaseIterable {
    case onTrack = "on_track"
    case atRisk = "at_risk"
    case offTrack = "off_track"
    case noData = "no_data"

    public static let catalogKey = "targetStatus"
}

/// The straight path from a baseline to a target. A value is judged against where the path
/// says it should be by its date (see docs/measurement.md, "Status against target").
public struct Trajectory: Equatable, Sendable {
    public struct Point: Equatable, Sendable {
        public let date: Date
        public let value: Double
        public init(date: Date, value: Double) { self.date = date; self.value = value }
    }

    public let baseline: Point
    public let target: Point
    public let polarity: Polarity
    /// How far behind the path, as a share of the planned change, still counts as "at risk"
    /// rather than "off track".
    public let tolerance: Double

    public init(baseline: Point, target: Point, polarity: Polarity, tolerance: Double = 0.1) {
        self.baseline = baseline
        self.target = target
        self.polarity = polarity
        self.tolerance = tolerance
    }

    /// Where the value should be on `date`: the baseline before it starts, the target after it ends.
    public func expected(on date: Date) -> Double {
        let span = target.date.timeIntervalSince(baseline.date)
        guard span > 0 else { return target.value }
        let progress = min(1, max(0, date.timeIntervalSince(baseline.date) / span))
        return baseline.value + (target.value - baseline.value) * progress
    }

    public func status(of latest: Point?) -> TargetStatus {
        guard let latest else { return .noData }
        let direction: Double = polarity == .higherIsBetter ? 1 : -1
        let ahead = (latest.value - expected(on: latest.date)) * direction
        if ahead >= -1e-9 { return .onTrack }
        // Holding steady (target = baseline) measures slippage against the baseline itself.
        let planned = abs(target.value - baseline.value)
        let scale = planned > 0 ? planned : abs(baseline.value)
        return -ahead <= tolerance * scale ? .atRisk : .offTrack
    }
}
