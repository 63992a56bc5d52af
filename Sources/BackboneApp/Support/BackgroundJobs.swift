import BackboneDomain
import BackbonePersistence
import Vapor

/// Work done outside requests: every half minute sending the outbox and closing assessment rounds
/// past their last day (with their reminders), every hour reminders of due
/// and overdue reports and of commitments ending soon, and once a day the digests. Safe with several instances: each email is claimed
/// before it is sent, and each reminder and each day's digest run is recorded once before it
/// goes out (see `Outbox` and `JobRuns`).
struct BackgroundJobs: LifecycleHandler {
    static let interval: Duration = .seconds(30)
    /// Digests go out from this hour (UTC) on.
    static let digestHour = 7

    /// Reminders are worked out this often: they concern days, and each round reads every
    /// initiative's assignments.
    static let reminderInterval: TimeInterval = 3_600

    final class Handle: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    struct HandleKey: StorageKey { typealias Value = Handle }

    func didBootAsync(_ app: Application) async throws {
        let handle = Handle()
        app.storage[HandleKey.self] = handle
        handle.task = Task {
            var lastReminders = Date.distantPast
            while !Task.isCancelled {
                let now = Date()
                let reminders = now.timeIntervalSince(lastReminders) >= Self.reminderInterval
                if reminders { lastReminders = now }
                await Self.runOnce(app, now: now, reminders: reminders)
                try? await Task.sleep(for: Self.interval)
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        app.storage[HandleKey.self]?.task?.cancel()
    }

    /// One round; a failure is logged and the next round tries again.
    static func runOnce(_ app: Application, now: Date, reminders: Bool = true) async {
        if reminders {
            do {
                let reminded = try await ReminderJob(db: app.db).run(now: now, mail: app.letterhead)
                if reminded > 0 { app.logger.info("Report reminders sent", metadata: ["people": "\(reminded)"]) }
            } catch {
                app.logger.warning("Report reminders failed this round", metadata: ["error": "\(String(describing: error).prefix(300))"])
            }
            do {
                let notified = try await FundingJob(db: app.db).run(now: now, mail: app.letterhead)
                if notified > 0 { app.logger.info("Funding renewals announced", metadata: ["people": "\(notified)"]) }
            } catch {
                app.logger.warning("Funding renewals failed this round", metadata: ["error": "\(String(describing: error).prefix(300))"])
            }
        }
        do {
            let (closed, notified) = try await AssessmentJob(db: app.db).run(now: now, mail: app.letterhead)
            if closed + notified > 0 { app.logger.info("Assessment rounds", metadata: ["closed": "\(closed)", "notified": "\(notified)"]) }
        } catch {
            app.logger.warning("Assessment rounds failed this round", metadata: ["error": "\(String(describing: error).prefix(300))"])
        }
        do {
            let result = try await WebhookRepository.deliver(on: app.db, now: now,
                                                             transport: WebhookSender(client: app.client, allowedHosts: app.backbone.webhookAllowedHosts))
            if result != WebhookRepository.Result() {
                app.logger.info("Webhooks delivered", metadata: ["delivered": "\(result.delivered)", "retrying": "\(result.retrying)", "failed": "\(result.failed)"])
            }
        } catch {
            app.logger.warning("Webhook deliveries failed this round", metadata: ["error": "\(String(describing: error).prefix(300))"])
        }
        guard let mail = app.backbone.mail, let letterhead = app.letterhead else { return }
        do {
            if ReportingPeriod.calendar.component(.hour, from: now) >= digestHour {
                let queued = try await NotificationRepository(db: app.db).queueDigests(day: CalendarDay(containing: now), now: now, mail: letterhead)
                if queued > 0 { app.logger.info("Daily digests queued", metadata: ["count": "\(queued)"]) }
            }
            let transport = try SMTPTransport(mail, heloName: "backbone", group: app.eventLoopGroup)
            let result = try await Outbox(db: app.db).deliver(now: now, transport: transport)
            if result != Outbox.Result() {
                app.logger.info("Outbox delivered", metadata: ["sent": "\(result.sent)", "retrying": "\(result.retrying)", "failed": "\(result.failed)"])
            }
        } catch {
            app.logger.warning("Background jobs failed this round", metadata: ["error": "\(String(describing: error).prefix(300))"])
        }
    }
}
