import BackboneDomain
import Fluent
import Foundation

/// Tells partners' data stewards that a report is due soon or overdue, and the backbone which
/// partners are overdue. Each reminder is sent once, whatever the number of instances or runs:
/// it is claimed in `job_runs` first.
public struct ReminderJob: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// Answers how many people were notified.
    @discardableResult
    public func run(now: Date, mail: Outbox.Letterhead?) async throws -> Int {
        var notified = 0
        for initiative in try await InitiativeModel.query(on: db).all() {
            let initiativeID = try initiative.requireID()
            let indicators = Dictionary(uniqueKeysWithValues: try await IndicatorModel.query(on: db).filter(\.$initiativeID == initiativeID).all()
                .map { ($0.id!, $0.parsedFrequency) })
            var reporting: [UUID: Set<Frequency>] = [:]
            for assignment in try await AssignmentModel.query(on: db).filter(\.$initiativeID == initiativeID).all() {
                if let frequency = indicators[assignment.indicatorID] { reporting[assignment.organizationID, default: []].insert(frequency) }
            }
            guard !reporting.isEmpty else { continue }
            let keys = Frequency.allCases.flatMap { ReportReminders.candidates(on: now, calendar: initiative.reportingCalendar, frequency: $0).map(\.key) }
            let done = Set(try await SubmissionModel.query(on: db).filter(\.$initiativeID == initiativeID).filter(\.$periodKey ~~ keys).all()
                .filter { $0.parsedStatus == .submitted || $0.parsedStatus == .approved }
                .map { ReportReminders.key($0.organizationID, $0.periodKey) })
            let reminders = ReportReminders.due(on: now, calendar: initiative.reportingCalendar, reporting: reporting, done: done)
            guard !reminders.isEmpty else { continue }
            let memberships = try await MembershipModel.query(on: db).filter(\.$initiativeID == initiativeID).all()
            for reminder in reminders {
                let stewards = memberships.filter { $0.organizationID == reminder.organizationID && $0.parsedRole == .partnerDataSteward }.map(\.userID)
                let key = reminder.kind == .dueSoon ? "mail.dueSoon" : "mail.overdue"
                notified += try await once("reminder:\(reminder.kind.rawValue):\(initiativeID.uuidString):\(ReportReminders.key(reminder.organizationID, reminder.period.key))",
                                           now: now) { tx in
                    try await NotificationRepository(db: tx).notify(stewards, initiativeID: initiativeID, kind: .reportingDue,
                                                                    path: "/i/\(initiative.slug)/reporting/\(reminder.organizationID.uuidString)/\(reminder.period.key)", now: now, mail: mail) { t in
                        t(key, ["period": t.period(reminder.period), "day": t.day(reminder.dueDate, in: .gmt)])
                    }
                    return stewards.count
                }
            }
            let overdue = reminders.filter { $0.kind == .overdue }
            if !overdue.isEmpty {
                let names = Dictionary(uniqueKeysWithValues: try await OrganizationModel.query(on: db).filter(\.$initiativeID == initiativeID).all().map { ($0.id!, $0.name) })
                let list = Set(overdue.compactMap { names[$0.organizationID] }).sorted()
                let backbone = memberships.filter { $0.parsedRole.isBackbone }.map(\.userID)
                notified += try await once("overdue-summary:\(initiativeID.uuidString):\(CalendarDay(containing: now).key)", now: now) { tx in
                    try await NotificationRepository(db: tx).notify(backbone, initiativeID: initiativeID, kind: .reportingDue,
                                                                    path: "/i/\(initiative.slug)/review", now: now, mail: mail) { t in
                        t(list.count == 1 ? "mail.overdueSummaryOne" : "mail.overdueSummary", ["count": t.count(list.count), "names": list.joined(separator: ", ")])
                    }
                    return backbone.count
                }
            }
        }
        return notified
    }

    /// Runs `send` once across every instance and round: the claim of `name` and what is sent
    /// commit together, so a failure leaves no claim behind and the next round tries again.
    private func once(_ name: String, now: Date, _ send: @escaping @Sendable (any Database) async throws -> Int) async throws -> Int {
        try await db.transaction { tx in
            guard try await JobRuns(db: tx).claim(name, now: now) else { return 0 }
            return try await send(tx)
        }
    }
}
