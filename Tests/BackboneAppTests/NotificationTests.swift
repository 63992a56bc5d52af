@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@Suite("Notifications and email")
struct NotificationTests {
    static let from = "backbone@example.org"

    @Test("a returned report, an invitation and an action item notify the right people in the app and by email; the header counts what is unread")
    func notifiedInAppAndByEmail() async throws {
        let sink = try await MailSink.start()
        try await withBackbone({ $0.mail = .init(host: "127.0.0.1", port: sink.port, from: Self.from) }) { app in
            // setup: a submitted report
            let s = try await ReportingPagesTests.setUp(app)
            let id = s.served.id!.uuidString
            let period = ReportingPagesTests.thisMonth
            try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(period)", ["action": "submit", "revision": "0", "\(id).total.value": "13",
                "\(id).cell.gender.female.value": "7", "\(id).cell.gender.male.value": "4", "\(id).cell.gender.another.value": "0",
                "\(id).cell.gender.unknown.value": "2"]) { #expect($0.status == .seeOther) }
            let submission = try #require(try await SubmissionModel.query(on: app.db).first())

            // act: the backbone returns it with a comment
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "return", "comment": "Please check the <b>total</b>."]) { #expect($0.status == .seeOther) }

            // verify: the data steward (not the viewer of the same partner, not the admin) is told, in the app and by email
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org"))
            let notifications = NotificationRepository(db: app.db)
            let mine = try await notifications.recent(userID: steward.requireID())
            #expect(mine.map(\.kind) == ["returned_report"])
            #expect(mine.first?.text.contains("was returned: Please check the <b>total</b>.") == true)
            #expect(try await NotificationModel.query(on: app.db).count() == 1)
            try await s.steward.get(app, "/notifications") { res in
                #expect(res.text.contains("Notifications<span class=\"count\">"))
                #expect(res.text.contains("Please check the &lt;b&gt;total&lt;/b&gt;."), "shown as text, never as markup")
            }
            let queued = try await Outbox(db: app.db).all()
            #expect(queued.map(\.toAddress) == ["steward@example.org"])
            let result = try await Outbox(db: app.db).deliver(now: Date(), transport: SMTPTransport(host: "127.0.0.1", port: sink.port, from: Self.from,
                                                                                                     heloName: "test", group: app.eventLoopGroup))
            #expect(result == Outbox.Result(sent: 1))
            let message = try #require(sink.messages.first)
            #expect(message.contains("To: <steward@example.org>") && message.contains("Content-Transfer-Encoding: base64"))
            let body = String(decoding: Data(base64Encoded: message.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
            #expect(body.contains("was returned: Please check the <b>total</b>.") && body.contains("/i/river/reporting/"))

            // Opening marks it read; only paths inside Backbone are followed.
            try await s.steward.post(app, "/notifications/read", ["id": mine[0].id!.uuidString, "open": "//evil.example.org"]) { res in
                #expect(res.location == "/notifications")
            }
            #expect(try await notifications.unreadCount(userID: steward.requireID()) == 0)
            try await s.steward.get(app, "/notifications") { res in #expect(!res.text.contains("class=\"count\"")) }
        }
        try await sink.stop()
    }

    @Test("each person's choice is kept: off tells nothing, a daily digest gathers the day's notifications into one email, once however many instances run")
    func preferencesAndDigests() async throws {
        let sink = try await MailSink.start()
        try await withBackbone({ $0.mail = .init(host: "127.0.0.1", port: sink.port, from: Self.from) }) { app in
            let (s, early) = try await MeetingTests.setUp(app)
            let lead = s.leadUser.id!
            try await s.lead.post(app, "/account/notifications", ["meeting_invitation": "off", "action_item": "daily_digest"]) { #expect($0.status == .seeOther) }
            try await s.lead.post(app, "/account/notifications", ["mention": "loudly"]) { #expect($0.status == .unprocessableEntity) }
            let repository = NotificationRepository(db: app.db)
            #expect(try await repository.preferences(userID: lead)[.meetingInvitation] == .off)
            #expect(try await repository.preferences(userID: lead)[.mention] == .immediately, "unchanged by the refused form")

            // act: an invitation (off) and two action items (digest)
            try await s.admin.post(app, "/i/river/meetings", MeetingTests.meetingFields(body: early.uuidString, day: MeetingTests.dayKey(2))) { #expect($0.status == .seeOther) }
            let meeting = try #require(try await MeetingRepository(db: app.db, scope: s.scope).meetings().first)
            for text in ["Book the room", "Send the agenda"] {
                try await s.admin.post(app, "/i/river/meetings/\(meeting.id!)/actions", ["actionText": text, "owner": lead.uuidString, "dueOn": MeetingTests.dayKey(5)]) {
                    #expect($0.status == .seeOther)
                }
            }

            // verify
            #expect(try await repository.recent(userID: lead).map(\.kind) == ["action_item", "action_item"], "no invitation: turned off")
            #expect(try await Outbox(db: app.db).all().isEmpty, "nothing by email right away")
            let letterhead = try #require(app.letterhead)
            let today = CalendarDay(containing: Date())
            // Two instances run the same day's digest: one email.
            async let first = NotificationRepository(db: app.db).queueDigests(day: today, now: Date(), mail: letterhead)
            async let second = NotificationRepository(db: app.db).queueDigests(day: today, now: Date(), mail: letterhead)
            #expect(try await first + second == 1)
            let digests = try await Outbox(db: app.db).all()
            #expect(digests.count == 1 && digests[0].subject.contains("daily digest (2)"))
            #expect(digests[0].body.contains("Book the room") && digests[0].body.contains("Send the agenda"))
            #expect(try await repository.queueDigests(day: CalendarDay(containing: Date().addingTimeInterval(86_400)), now: Date(), mail: letterhead) == 0,
                    "nothing pending the next day")
        }
        try await sink.stop()
    }

    @Test("a mail server that turns mail away or is down loses nothing: the outbox tries again later and sends each message once")
    func outboxRetries() async throws {
        let sink = try await MailSink.start(failingFirst: 1)
        try await withBackbone { app in
            let outbox = Outbox(db: app.db)
            let start = Date()
            try await outbox.enqueue(to: "a@example.org", subject: "Café\nBcc: x@example.org", body: ".starts with a dot\nline two", now: start)
            let transport = SMTPTransport(host: "127.0.0.1", port: sink.port, from: Self.from, heloName: "test", group: app.eventLoopGroup)

            // act: the server answers 451 the first time
            #expect(try await outbox.deliver(now: start, transport: transport) == Outbox.Result(retrying: 1))
            var row = try #require(try await outbox.all().first)
            #expect(row.attempts == 1 && row.sentAt == nil && row.lastError.contains("451"))
            #expect(abs(row.nextAttemptAt.timeIntervalSince(start) - 60) < 1, "tried again a minute later")
            #expect(try await outbox.deliver(now: start.addingTimeInterval(30), transport: transport) == Outbox.Result(), "not due yet")

            // A server that is down: still kept, tried again later.
            let down = SMTPTransport(host: "127.0.0.1", port: 1, from: Self.from, heloName: "test", group: app.eventLoopGroup)
            #expect(try await outbox.deliver(now: start.addingTimeInterval(61), transport: down) == Outbox.Result(retrying: 1))
            row = try #require(try await outbox.all().first)
            #expect(row.attempts == 2 && abs(row.nextAttemptAt.timeIntervalSince(start) - (61 + 120)) < 1, "then two minutes after that")

            // verify: two instances deliver at once; the message goes out once
            let later = start.addingTimeInterval(600)
            async let a = outbox.deliver(now: later, transport: transport)
            async let b = Outbox(db: app.db).deliver(now: later, transport: transport)
            let (resultA, resultB) = try await (a, b)
            #expect(resultA.sent + resultB.sent == 1)
            #expect(sink.messages.count == 1)
            let message = sink.messages[0]
            #expect(message.contains("Subject: =?UTF-8?B?") && !message.contains("Bcc:"), "a line break in a subject never makes a header")
            #expect(try await outbox.deliver(now: later.addingTimeInterval(3_600), transport: transport) == Outbox.Result(), "sent is sent")
        }
        try await sink.stop()
    }

    @Test("without a mail server nothing is queued and nothing fails; notifications stay in the app")
    func noMailServer() async throws {
        try await withBackbone { app in
            let (s, early) = try await MeetingTests.setUp(app)
            try await s.admin.post(app, "/i/river/meetings", MeetingTests.meetingFields(body: early.uuidString, day: MeetingTests.dayKey(2))) { #expect($0.status == .seeOther) }
            #expect(try await NotificationRepository(db: app.db).recent(userID: s.leadUser.requireID()).map(\.kind) == ["meeting_invitation"])
            #expect(try await Outbox(db: app.db).all().isEmpty)
            #expect(app.letterhead == nil)
            await BackgroundJobs.runOnce(app, now: Date())
            try await s.lead.get(app, "/account/notifications") { res in #expect(res.text.contains("This installation sends no email")) }
        }
    }
}

@Suite("Report reminders")
struct ReminderJobTests {
    @Test("the reminder job tells a partner's data stewards once that a report is due soon or overdue, and the backbone who is overdue, however often it runs")
    func reminders() async throws {
        try await withBackbone { app in
            // setup: People served, monthly, assigned to River Reads (with a data steward) and Other Partner (none)
            let s = try await ReportingPagesTests.setUp(app)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org")).id!
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org")).id!
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org")).id!
            let notifications = NotificationRepository(db: app.db)
            let job = ReminderJob(db: app.db)

            // act: six days before April's due day (May 30), twice, as two instances would. February
            // (locking May 29) and March (due April 30) are already overdue.
            let soon = Date.utcDay("2026-05-24")!
            async let first = job.run(now: soon, mail: nil)
            async let second = ReminderJob(db: app.db).run(now: soon, mail: nil)
            #expect(try await first + second == 4, "three for the steward, one for the admin, once each")
            #expect(Set(try await notifications.recent(userID: steward).map { $0.text.replacingOccurrences(of: "\u{00A0}", with: " ") }) == ["Your report for April 2026 is due on May 30, 2026.",
                                                                                        "Your report for March 2026 is overdue: it was due on Apr 30, 2026.",
                                                                                        "Your report for February 2026 is overdue: it was due on Mar 30, 2026."])
            #expect(try await notifications.recent(userID: admin).map(\.text) == ["2 partners are overdue with reports: Other Partner, River Reads."])

            // After April's due day: April overdue now; the backbone's summary is daily. The steward
            // has chosen Spanish meanwhile: the new notice is written in Spanish.
            let stewardAccount = try #require(try await UserModel.find(steward, on: app.db))
            stewardAccount.language = "es"
            try await stewardAccount.save(on: app.db)
            let late = Date.utcDay("2026-06-02")!
            #expect(try await job.run(now: late, mail: nil) == 2)
            #expect(try await job.run(now: late.addingTimeInterval(3_600), mail: nil) == 0)
            #expect(try await notifications.recent(userID: steward).first?.text.replacingOccurrences(of: "\u{00A0}", with: " ") == "Su informe de abril de 2026 está atrasado: venció el 30 may 2026.")
            #expect(try await notifications.recent(userID: steward).count == 4, "February locked on May 29: not again")
            #expect(try await notifications.recent(userID: admin).count == 2)
            #expect(try await notifications.recent(userID: viewer).isEmpty, "a viewer does not report")
            _ = s
        }
    }
}

extension NotificationTests {
    /// A mail server that takes its time, as one does under load.
    struct SlowTransport: MailTransport {
        let inner: SMTPTransport
        let delay: Duration

        func send(_ mail: OutgoingMail) async throws {
            try await Task.sleep(for: delay)
            try await inner.send(mail)
        }
    }

    @Test("a message being sent is not taken by another instance, even one whose round began minutes later or whose clock runs 3 minutes ahead")
    func claimsUseTheDatabaseClock() async throws {
        let sink = try await MailSink.start()
        try await withBackbone { app in
            // setup: one message due
            let start = Date()
            try await Outbox(db: app.db).enqueue(to: "a@example.org", subject: "Due soon", body: "Your report is due.", now: start.addingTimeInterval(-600))
            let transport = SMTPTransport(host: "127.0.0.1", port: sink.port, from: Self.from, heloName: "test", group: app.eventLoopGroup)

            // act: instance A's round began five minutes ago and its mail server is slow; instance
            // B's clock runs three minutes ahead and it starts a round while A is still sending
            async let first = Outbox(db: app.db).deliver(now: start.addingTimeInterval(-300), transport: SlowTransport(inner: transport, delay: .seconds(1)))
            try await Task.sleep(for: .milliseconds(300))
            let second = try await Outbox(db: app.db).deliver(now: start.addingTimeInterval(180), transport: transport)
            let firstResult = try await first

            // verify
            #expect(firstResult.sent + second.sent == 1)
            #expect(sink.messages.count == 1)
            #expect(try await Outbox(db: app.db).all().first?.attempts == 1)
        }
        try await sink.stop()
    }
}

extension ReminderJobTests {
    @Test("a reminder whose notification cannot be written leaves no claim: the next round sends it, once")
    func failedReminderIsTriedAgain() async throws {
        try await withBackbone { app in
            // setup: notifications cannot be written this round
            let s = try await ReportingPagesTests.setUp(app)
            let steward = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org")).id!
            let sql = app.db as! any SQLDatabase
            try await sql.raw("ALTER TABLE notifications RENAME TO notifications_away").run()
            let soon = Date.utcDay("2026-05-24")!
            // act
            await #expect(throws: (any Error).self) { try await ReminderJob(db: app.db).run(now: soon, mail: nil) }
            try await sql.raw("ALTER TABLE notifications_away RENAME TO notifications").run()
            // verify: nothing was claimed, so the next round tells everyone, and a third tells no one again
            #expect(try await ReminderJob(db: app.db).run(now: soon.addingTimeInterval(60), mail: nil) == 4)
            #expect(try await ReminderJob(db: app.db).run(now: soon.addingTimeInterval(120), mail: nil) == 0)
            #expect(try await NotificationRepository(db: app.db).recent(userID: steward).count == 3)
            _ = s
        }
    }
}
