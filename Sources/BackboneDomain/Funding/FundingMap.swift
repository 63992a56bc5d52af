import Foundation

/// Where a commitment's money goes on the map: a strategy (a commitment to one of its
/// activities counts there too), the backbone's own budget, or elsewhere (unrestricted, a
/// working group, a partner), which no single strategy can claim.
public enum FundingTarget: Hashable, Sendable {
    case strategy(UUID)
    case backbone
    case elsewhere
}

/// A commitment as the map reads it.
public struct MappedCommitment: Sendable {
    public let funderID: UUID
    public let status: CommitmentStatus
    public let amount: Money
    public let first: CalendarDay
    public let last: CalendarDay
    public let target: FundingTarget

    public init(funderID: UUID, status: CommitmentStatus, amount: Money, first: CalendarDay, last: CalendarDay, target: FundingTarget) {
        self.funderID = funderID
        self.status = status
        self.amount = amount
        self.first = first
        self.last = last
        self.target = target
    }
}

/// The aligned-funding map of one year: strategies × funders, with what is secured against
/// the need the backbone stated, and the backbone's own budget coverage. Amounts are the
/// commitments' shares of the year (``ProRating``), kept per currency; a need is compared only
/// with support in its own currency.
public struct FundingMap: Sendable {
    public struct StrategyLine: Sendable {
        public let strategyID: UUID
        public let name: String
        public let hasActivities: Bool
        /// Secured support by funder.
        public let byFunder: [UUID: MoneyTotals]
        public let secured: MoneyTotals
        /// Pledged, not yet secured: shown beside, never counted.
        public let pledged: MoneyTotals
        public let need: Money?
        /// Secured in the need's currency as a whole percent of the need, rounded down.
        public let fundedPercent: Int64?
        /// Activities under way or planned, a need stated, and less than the threshold of it secured.
        public let isGap: Bool
        /// Activities but no need stated: the map cannot say whether it is a gap.
        public var needMissing: Bool { hasActivities && need == nil }
    }

    public struct Coverage: Sendable {
        public let byFunder: [UUID: MoneyTotals]
        public let budget: Money?
        public let secured: MoneyTotals
        public let pledged: MoneyTotals
        public let percent: Int64?
    }

    public let year: Int
    public let gapPercent: Int
    public let strategies: [StrategyLine]
    public let backbone: Coverage
    /// Secured support no single strategy can claim, by funder.
    public let elsewhere: [UUID: MoneyTotals]
    /// Funders with secured support this year, in the order the map shows them.
    public let funders: [UUID]
    public let byFunder: [UUID: MoneyTotals]

    /// The lowest and highest threshold a backbone may choose for a gap.
    public static let gapPercentRange = 1...100
    public static let defaultGapPercent = 50

    /// - Parameters:
    ///   - strategies: every strategy of the theory of change, with whether it has activities.
    ///   - needs: the need stated for the year per strategy, and the backbone's budget under `.backbone`.
    ///   - funderOrder: how to sort funders (by name, as the page shows them).
    public init(year: Int, commitments: [MappedCommitment], strategies: [(id: UUID, name: String, hasActivities: Bool)],
                needs: [FundingTarget: Money], gapPercent: Int, funderOrder: (UUID, UUID) -> Bool) {
        self.year = year
        self.gapPercent = gapPercent
        var secured: [FundingTarget: [UUID: MoneyTotals]] = [:], pledged: [FundingTarget: MoneyTotals] = [:]
        for commitment in commitments where commitment.status.isSecured || commitment.status == .pledged {
            let share = ProRating.share(commitment.amount, from: commitment.first, to: commitment.last, in: year)
            guard share.minorUnits > 0 else { continue }
            if commitment.status.isSecured { secured[commitment.target, default: [:]][commitment.funderID, default: MoneyTotals()].add(share) }
            else { pledged[commitment.target, default: MoneyTotals()].add(share) }
        }
        func total(_ byFunder: [UUID: MoneyTotals]) -> MoneyTotals {
            var sum = MoneyTotals()
            for totals in byFunder.values { sum.add(totals) }
            return sum
        }
        func percent(_ totals: MoneyTotals, of need: Money?) -> Int64? {
            need.map { ProRating.percent(totals.amount(in: $0.currency).minorUnits, of: $0.minorUnits) }
        }
        self.strategies = strategies.map { strategy in
            let byFunder = secured[.strategy(strategy.id)] ?? [:]
            let sum = total(byFunder), need = needs[.strategy(strategy.id)]
            let funded = percent(sum, of: need)
            return StrategyLine(strategyID: strategy.id, name: strategy.name, hasActivities: strategy.hasActivities, byFunder: byFunder,
                                secured: sum, pledged: pledged[.strategy(strategy.id)] ?? MoneyTotals(), need: need, fundedPercent: funded,
                                isGap: strategy.hasActivities && (funded.map { $0 < Int64(gapPercent) } ?? false))
        }
        let backboneSecured = total(secured[.backbone] ?? [:])
        backbone = Coverage(byFunder: secured[.backbone] ?? [:], budget: needs[.backbone], secured: backboneSecured, pledged: pledged[.backbone] ?? MoneyTotals(),
                            percent: percent(backboneSecured, of: needs[.backbone]))
        elsewhere = secured[.elsewhere] ?? [:]
        var perFunder: [UUID: MoneyTotals] = [:]
        for byFunder in secured.values {
            for (funder, totals) in byFunder { perFunder[funder, default: MoneyTotals()].add(totals) }
        }
        byFunder = perFunder
        funders = perFunder.keys.sorted(by: funderOrder)
    }

    /// Everything secured this year, per currency.
    public var total: MoneyTotals {
        var sum = MoneyTotals()
        for totals in byFunder.values { sum.add(totals) }
        return sum
    }
}

/// Commitments that end soon and are still running: the ones to renew or replace.
public enum RenewalWindow {
    public static let days = 90

    /// Whether a commitment ends between today and `days` days from today (both included).
    public static func endsSoon(status: CommitmentStatus, last: CalendarDay, today: CalendarDay) -> Bool {
        guard status.isLive, today <= last else { return false }
        return ProRating.days(from: today, to: last) - 1 <= Int64(days)
    }
}
