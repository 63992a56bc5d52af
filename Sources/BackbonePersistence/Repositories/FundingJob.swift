import BackboneDomain
import Fluent
import Foundation

/// Tells the backbone (its admins and staff) once of each running commitment that ends within
/// ``RenewalWindow/days`` days of the initiative's today, so it can be renewed or replaced in
/// time. The claim names the commitment and its last day: a commitment extended to a new last
/// day is announced again when that day comes near.
public struct FundingJob: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// Answers how many people were notified.
    @discardableResult
    public func run(now: Date, mail: Outbox.Letterhead?) async throws -> Int {
        var notified = 0
        for initiative in try await InitiativeModel.query(on: db).all() {
            let initiativeID = try initiative.requireID()
            let today = CalendarDay(containing: now, in: initiative.zone)
            let ending = try await FundingCommitmentModel.query(on: db).filter(\.$initiativeID == initiativeID)
                .filter(\.$endsOn >= today.key).filter(\.$endsOn <= today.adding(days: RenewalWindow.days).key).all()
                .filter { RenewalWindow.endsSoon(status: $0.parsedStatus, last: $0.lastDay, today: today) }
            guard !ending.isEmpty else { continue }
            let backbone = try await MembershipModel.query(on: db).filter(\.$initiativeID == initiativeID).all()
                .filter { $0.parsedRole.isBackbone }.map(\.userID)
            for commitment in ending {
                let id = try commitment.requireID()
                notified += try await db.transaction { tx in
                    guard try await JobRuns(db: tx).claim("funding-renewal:\(id.uuidString):\(commitment.endsOn)", now: now) else { return 0 }
                    let title = commitment.title, lastDay = commitment.lastDay
                    try await NotificationRepository(db: tx).notify(backbone, initiativeID: initiativeID, kind: .funding,
                                                                    path: "/i/\(initiative.slug)/funding/commitments/\(id.uuidString)", now: now, mail: mail) { t in
                        t("mail.fundingEnding", ["title": title, "day": t.day(lastDay.start, in: .gmt)])
                    }
                    return backbone.count
                }
            }
        }
        return notified
    }
}
