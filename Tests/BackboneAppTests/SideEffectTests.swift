@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

/// A change and what it causes (a feed entry, notifications, their mail) commit together: when
/// the side effect cannot be written, the change is not written either, and the person sees an
/// error instead of a success whose consequences were silently lost.
@Suite("Side effects commit with their change")
struct SideEffectTests {
    /// Makes writes to `table` fail for the length of `body`, as a full disk or a lost
    /// connection would for that one statement.
    static func withTableUnavailable(_ app: Application, _ table: String, _ body: () async throws -> Void) async throws {
        let sql = app.db as! any SQLDatabase
        try await sql.raw("ALTER TABLE \(ident: table) RENAME TO \(ident: table + "_away")").run()
        do {
            try await body()
        } catch {
            try await sql.raw("ALTER TABLE \(ident: table + "_away") RENAME TO \(ident: table)").run()
            throw error
        }
        try await sql.raw("ALTER TABLE \(ident: table + "_away") RENAME TO \(ident: table)").run()
    }

    /// The partner's report for this month, submitted by its data steward.
    static func submittedReport(_ app: Application, _ s: ReportingPagesTests.Setup) async throws -> SubmissionModel {
        let id = s.served.id!.uuidString
        try await s.steward.post(app, "/i/river/reporting/\(s.partner.id!)/\(ReportingPagesTests.thisMonth)", ["action": "submit", "revision": "0",
            "\(id).total.value": "13", "\(id).cell.gender.female.value": "7", "\(id).cell.gender.male.value": "4",
            "\(id).cell.gender.another.value": "0", "\(id).cell.gender.unknown.value": "2"]) { #expect($0.status == .seeOther) }
        return try #require(try await SubmissionModel.query(on: app.db).first())
    }

    @Test("a published agenda version and its feed entry: neither without the other")
    func agendaAndFeed() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            try await Self.withTableUnavailable(app, "updates") {
                try await s.admin.post(app, "/i/river/agenda/publish", AgendaTests.fields(AgendaTests.first, revision: 0)) { res in
                    #expect(res.status.code >= 500, "the failure is not answered as a success")
                }
            }
            #expect(try await AgendaRepository(db: app.db, scope: scope).versions().isEmpty, "no version without its feed entry")
            try await s.admin.post(app, "/i/river/agenda/publish", AgendaTests.fields(AgendaTests.first, revision: 0)) { #expect($0.status == .seeOther) }
            #expect(try await AgendaRepository(db: app.db, scope: scope).versions().count == 1)
            #expect(try await UpdateModel.query(on: app.db).filter(\.$kind == UpdateKind.agendaPublished.rawValue).count() == 1)
        }
    }

    @Test("a returned report and the notice (and mail) to its data stewards: neither without the other")
    func reviewAndNotification() async throws {
        try await withBackbone({ $0.mail = .init(host: "127.0.0.1", port: 9, from: NotificationTests.from) }) { app in
            let s = try await ReportingPagesTests.setUp(app)
            let submission = try await Self.submittedReport(app, s)
            try await Self.withTableUnavailable(app, "notifications") {
                try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "return", "comment": "Check the total."]) { res in
                    #expect(res.status.code >= 500)
                }
            }
            #expect(try await SubmissionModel.find(submission.id, on: app.db)?.parsedStatus == .submitted, "not returned without telling the stewards")
            #expect(try await Outbox(db: app.db).all().isEmpty)
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "return", "comment": "Check the total."]) { #expect($0.status == .seeOther) }
            #expect(try await SubmissionModel.find(submission.id, on: app.db)?.parsedStatus == .returned)
            #expect(try await NotificationModel.query(on: app.db).count() == 1)
            #expect(try await Outbox(db: app.db).all().map(\.toAddress) == ["steward@example.org"])
        }
    }

    @Test("an approval and its feed entry: neither without the other")
    func approvalAndFeed() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let submission = try await Self.submittedReport(app, s)
            try await Self.withTableUnavailable(app, "updates") {
                try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "approve"]) { #expect($0.status.code >= 500) }
            }
            #expect(try await SubmissionModel.find(submission.id, on: app.db)?.parsedStatus == .submitted)
            try await s.admin.post(app, "/i/river/review/\(submission.id!)", ["decision": "approve"]) { #expect($0.status == .seeOther) }
            #expect(try await SubmissionModel.find(submission.id, on: app.db)?.parsedStatus == .approved)
            #expect(try await UpdateModel.query(on: app.db).filter(\.$kind == UpdateKind.dataApproved.rawValue).count() == 1)
        }
    }

    @Test("a scheduled meeting and its invitations; a decision and its feed entry; a comment and the notice to those it mentions")
    func meetingsAndComments() async throws {
        try await withBackbone { app in
            let (s, early) = try await MeetingTests.setUp(app)
            let meetings = MeetingRepository(db: app.db, scope: s.scope)
            let fields = MeetingTests.meetingFields(body: early.uuidString, day: MeetingTests.dayKey(7))
            try await Self.withTableUnavailable(app, "notifications") {
                try await s.admin.post(app, "/i/river/meetings", fields) { #expect($0.status.code >= 500) }
            }
            #expect(try await meetings.meetings().isEmpty, "no meeting whose invitations were lost")
            try await s.admin.post(app, "/i/river/meetings", fields) { #expect($0.status == .seeOther) }
            let meeting = try #require(try await meetings.meetings().first)
            #expect(try await NotificationModel.query(on: app.db).filter(\.$kind == NotificationKind.meetingInvitation.rawValue).count() == 1)

            try await Self.withTableUnavailable(app, "updates") {
                try await s.admin.post(app, "/i/river/meetings/\(meeting.id!)/decisions", ["decision": "Adopt the reading plan", "rationale": "Agreed"]) {
                    #expect($0.status.code >= 500)
                }
            }
            #expect(try await meetings.decisions(matching: "", bodyID: nil).isEmpty, "no decision missing from the feed")

            try await s.admin.post(app, "/i/river/meetings/\(meeting.id!)/decisions", ["decision": "Adopt the reading plan", "rationale": "Agreed"]) {
                #expect($0.status == .seeOther)
            }
            let decision = try #require(try await meetings.decisions(matching: "", bodyID: nil).first)
            #expect(try await UpdateModel.query(on: app.db).filter(\.$kind == UpdateKind.decisionRecorded.rawValue).count() == 1)

            let mention = ["target": "decision", "targetID": decision.id!.uuidString, "text": "See this @\(Mentions.handle(ofEmail: s.leadUser.email))"]
            try await Self.withTableUnavailable(app, "notifications") {
                try await s.admin.post(app, "/i/river/comments", mention) { #expect($0.status.code >= 500) }
            }
            #expect(try await CommentModel.query(on: app.db).count() == 0, "no comment whose mention was lost")
            try await s.admin.post(app, "/i/river/comments", mention) { #expect($0.status == .seeOther) }
            #expect(try await NotificationModel.query(on: app.db).filter(\.$kind == NotificationKind.mention.rawValue).count() == 1)
        }
    }
}
