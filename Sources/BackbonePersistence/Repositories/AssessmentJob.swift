import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// Closes rounds after their last day and tells the people a round asks when it opens and two
/// days before it closes (those who have not handed in). Days are the initiative's own. Safe
/// with several instances: a round closes in one conditional UPDATE, and each reminder is
/// claimed in `job_runs` in the transaction that writes it.
public struct AssessmentJob: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// Days before the last day on which the second reminder goes out.
    public static let closingReminderDays = 2

    /// Answers how many rounds were closed and how many people were notified.
    @discardableResult
    public func run(now: Date, mail: Outbox.Letterhead?) async throws -> (closed: Int, notified: Int) {
        var closed = 0, notified = 0
        for initiative in try await InitiativeModel.query(on: db).all() {
            let initiativeID = try initiative.requireID()
            let today = CalendarDay(containing: now, in: initiative.zone)
            closed += try await (db as! any SQLDatabase).update(AssessmentRoundModel.schema).set("closed_at", to: now)
                .where("initiative_id", .equal, initiativeID).where("closed_at", .is, SQLLiteral.null)
                .where("closes_on", .lessThan, SQLBind(today.key)).returning("id").all().count
            let scope = InitiativeScope(verifiedInitiativeID: initiativeID)
            let open = try await AssessmentRoundModel.query(on: db).filter(\.$initiativeID == initiativeID).filter(\.$closedAt == nil).all()
                .filter { $0.state(on: today) == .open }
            for round in open {
                let roundID = try round.requireID()
                let daysLeft = Int(round.lastDay.start.timeIntervalSince(today.start) / 86_400)
                let reminders = [("assessment-open", "mail.assessmentOpen")]
                    + (daysLeft <= Self.closingReminderDays ? [("assessment-closing", "mail.assessmentClosing")] : [])
                for (kind, key) in reminders {
                    notified += try await db.transaction { tx in
                        guard try await JobRuns(db: tx).claim("\(kind):\(roundID.uuidString)", now: now) else { return 0 }
                        let repository = AssessmentRepository(db: tx, scope: scope)
                        let asked = try await repository.eligibleUserIDs(round.audience, on: today)
                        let done = Set(try await AssessmentResponseModel.query(on: tx).filter(\.$roundID == roundID)
                            .filter(\.$status == ResponseStatus.submitted.rawValue).all().map(\.userID))
                        let people = Array(asked.subtracting(done))
                        let title = round.title, lastDay = round.lastDay
                        try await NotificationRepository(db: tx).notify(people, initiativeID: initiativeID, kind: .assessment,
                                                                        path: "/i/\(initiative.slug)/assessments/\(roundID.uuidString)", now: now, mail: mail) { t in
                            t(key, ["title": title, "day": t.day(lastDay.start, in: .gmt)])
                        }
                        return people.count
                    }
                }
            }
        }
        return (closed, notified)
    }
}
