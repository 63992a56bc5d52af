import Foundation

/// What reaching a target by its date takes, against what the forecast says will happen, and the
/// status that follows. The one place status against target is decided (docs/scenarios.md).
public struct WhatItTakes: Equatable, Sendable {
    public let latest: Forecast.Observed
    public let targetValue: Double
    public let targetPeriod: ReportingPeriod
    /// Periods from the latest figure to the target's period (0 or less: the date has come).
    public let periodsLeft: Int
    /// The change needed each period, from the latest figure, to reach the target on time.
    public let neededPace: Double?
    /// The change each period the forecast expects up to the target's period.
    public let forecastPace: Double?
    /// The forecast for the target's period, with its 80% interval.
    public let forecastAtTarget: Forecast.Point?
    /// Ratios: how many more of the denominator's people must be in the numerator each period
    /// than at today's rate, and of how many (the denominator forecast for the target's period).
    public let morePeople: Double?
    public let ofPeople: Double?
    /// The latest figure already reaches the target.
    public let reached: Bool
    public let status: TargetStatus

    /// Nil without a latest figure.
    public init?(forecast: Forecast, target: Double, by date: Date, polarity: Polarity, frequency: Frequency,
                 ratioScale: Double?, trajectory: Trajectory? = nil) {
        guard let latest = forecast.latest else { return nil }
        self.latest = latest
        targetValue = target
        targetPeriod = ReportingPeriod.containing(date, frequency: frequency)
        let left = latest.period.steps(to: targetPeriod)
        periodsLeft = left
        let atTarget = forecast.point(at: targetPeriod)
        forecastAtTarget = atTarget
        neededPace = left > 0 ? (target - latest.value) / Double(left) : nil
        forecastPace = atTarget.map { ($0.value - latest.value) / Double(left) }
        if let ratioScale, ratioScale > 0, let denominator = atTarget?.denominator ?? latest.denominator {
            morePeople = (target - latest.value) / ratioScale * denominator
            ofPeople = denominator
        } else {
            morePeople = nil
            ofPeople = nil
        }
        reached = Self.reaches(latest.value, target, polarity)
        status = Self.status(latest: latest, target: target, periodsLeft: left, atTarget: atTarget,
                             polarity: polarity, trajectory: trajectory)
    }

    /// - The target's period has come: on track when the latest figure reaches the target, else off track.
    /// - A forecast reaches the target's period: on track when its figure there reaches the target;
    ///   at risk when it does not but the target lies inside its 80% interval; off track when the
    ///   target lies beyond the interval.
    /// - Too little history for a forecast: the straight path from baseline to target decides
    ///   (`Trajectory`), as it did before forecasts.
    static func status(latest: Forecast.Observed, target: Double, periodsLeft: Int, atTarget: Forecast.Point?,
                       polarity: Polarity, trajectory: Trajectory?) -> TargetStatus {
        if periodsLeft <= 0 { return reaches(latest.value, target, polarity) ? .onTrack : .offTrack }
        if let atTarget {
            if reaches(atTarget.value, target, polarity) { return .onTrack }
            return atTarget.lower - 1e-9 <= target && target <= atTarget.upper + 1e-9 ? .atRisk : .offTrack
        }
        return trajectory?.status(of: .init(date: latest.period.end, value: latest.value)) ?? .noData
    }

    static func reaches(_ value: Double, _ target: Double, _ polarity: Polarity) -> Bool {
        polarity == .higherIsBetter ? value >= target - 1e-9 : value <= target + 1e-9
    }
}

extension Trajectory {
    /// The status of an indicator whose forecast is `forecast`: see `WhatItTakes.status`.
    public func status(forecast: Forecast, frequency: Frequency) -> TargetStatus {
        WhatItTakes(forecast: forecast, target: target.value, by: target.date, polarity: polarity, frequency: frequency,
                    ratioScale: nil, trajectory: self)?.status ?? .noData
    }
}
