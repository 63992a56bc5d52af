@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// Governance bodies and members, meetings, decisions, action items and stories written through
/// `/api/v1`, with the pages' permissions, checks and side effects.
@Suite("Governance, meetings and stories through the API")
struct CommunityAPITests {
    static func token(_ app: Application, _ email: String) async throws -> HTTPHeaders {
        let user = try #require(try await UserRepository(db: app.db).find(email: email))
        return ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: user))"]
    }

    @Test("a body is set up and a person seated; a meeting is scheduled with its invitations, a decision logged with its feed entry, an action item raised with its notice")
    func governanceAndMeetings() async throws {
        try await withBackbone { app in
            let s = try await GovernanceTests.setUp(app)
            let admin = try await Self.token(app, "admin@example.org"), lead = try await Self.token(app, "lead@example.org")
            let base = "/api/v1/initiatives/river"
            var groupID = UUID()
            try await SetupAPITests.json(app, .POST, base + "/working-groups", admin,
                                         #"{"kind": "working_group", "name": "Early Learning", "purpose": "Every child ready for school."}"#) { res in
                #expect(res.status == .created)
                groupID = (try? res.content.decode(GovernanceAPI.CreatedBodyDTO.self))?.id ?? groupID
            }
            for (bad, status) in [(#"{"kind": "committee", "name": "X", "purpose": "Y"}"#, HTTPStatus.unprocessableEntity),
                                  (#"{"kind": "working_group", "name": "Early Learning", "purpose": "Again."}"#, .conflict),
                                  (#"{"kind": "working_group", "name": "Z"}"#, .unprocessableEntity),
                                  (#"{"kind": "working_group", "name": "Z\u0000", "purpose": "Y"}"#, .unprocessableEntity)] {
                try await SetupAPITests.json(app, .POST, base + "/working-groups", admin, bad) { #expect($0.status == status, "\(bad)") }
            }
            try await SetupAPITests.json(app, .POST, base + "/working-groups", lead, #"{"kind": "working_group", "name": "Mine", "purpose": "Y"}"#) { #expect($0.status == .forbidden) }

            // the lead is seated as chair, then may schedule the group's meetings
            try await SetupAPITests.json(app, .POST, base + "/working-groups/\(groupID)/members", lead,
                                         #"{"organization": "\#(s.club.id!)", "user": "\#(s.leadUser.id!)", "role": "chair", "termStart": "2026-01-01"}"#) { #expect($0.status == .forbidden) }
            try await SetupAPITests.json(app, .POST, base + "/working-groups/\(groupID)/members", admin,
                                         #"{"organization": "\#(s.club.id!)", "user": "\#(s.leadUser.id!)", "role": "chair", "termStart": "2026-01-01"}"#) { res in
                #expect(res.status == .created)
                #expect((try? res.content.decode(GovernanceAPI.MemberDTO.self))?.name == s.leadUser.displayName)
            }
            let stewardID = try #require(try await UserRepository(db: app.db).find(email: "steward@example.org")).requireID()
            try await SetupAPITests.json(app, .POST, base + "/working-groups/\(groupID)/members", admin,
                                         #"{"organization": "\#(s.reads.id!)", "user": "\#(stewardID)", "role": "member", "termStart": "2026-01-01"}"#) { #expect($0.status == .created) }
            for bad in [#"{"organization": "\#(UUID())", "name": "A", "role": "chair", "termStart": "2026-01-01"}"#,
                        #"{"organization": "\#(s.club.id!)", "name": "A", "role": "king", "termStart": "2026-01-01"}"#,
                        #"{"organization": "\#(s.club.id!)", "name": "A", "role": "member", "termStart": "2026-01-01", "termEnd": "2025-01-01"}"#,
                        #"{"organization": "\#(s.club.id!)", "role": "member", "termStart": "2026-01-01"}"#] {
                try await SetupAPITests.json(app, .POST, base + "/working-groups/\(groupID)/members", admin, bad) { #expect($0.status == .unprocessableEntity, "\(bad)") }
            }
            try await SetupAPITests.json(app, .POST, base + "/working-groups/\(UUID())/members", admin,
                                         #"{"organization": "\#(s.club.id!)", "name": "A", "role": "member", "termStart": "2026-01-01"}"#) { #expect($0.status == .notFound) }

            let meeting = #""title": "Early Learning, January", "day": "2027-01-14", "startTime": "16:00", "endTime": "17:30", "timeZone": "America/Chicago", "place": "Library""#
            var meetingID = UUID()
            try await SetupAPITests.json(app, .POST, base + "/meetings", lead, #"{"body": "\#(groupID)", \#(meeting)}"#) { res in
                #expect(res.status == .created, "\(res.text)")
                let made = try? res.content.decode(MeetingAPI.MeetingDTO.self)
                meetingID = made?.id ?? meetingID
                #expect(made?.attendance["invited"] == 2, "the group's serving members are invited")
            }
            #expect(try await NotificationModel.query(on: app.db).filter(\.$userID == stewardID).count() == 1, "invitees other than the one scheduling are told")
            try await SetupAPITests.json(app, .POST, base + "/meetings", lead, #"{\#(meeting)}"#) { #expect($0.status == .forbidden, "all partners' meetings are the backbone's") }
            for bad in [#"{"title": "", "day": "2027-01-14", "startTime": "16:00", "endTime": "17:30", "timeZone": "America/Chicago", "place": "L"}"#,
                        #"{"title": "T", "day": "2027-02-30", "startTime": "16:00", "endTime": "17:30", "timeZone": "America/Chicago", "place": "L"}"#,
                        #"{"title": "T", "day": "2027-01-14", "startTime": "18:00", "endTime": "17:30", "timeZone": "America/Chicago", "place": "L"}"#,
                        #"{"title": "T", "day": "2027-01-14", "startTime": "16:00", "endTime": "17:30", "timeZone": "Mars/Base", "place": "L"}"#] {
                try await SetupAPITests.json(app, .POST, base + "/meetings", admin, bad) { #expect($0.status == .unprocessableEntity, "\(bad)") }
            }

            try await SetupAPITests.json(app, .POST, base + "/meetings/\(meetingID)/decisions", lead,
                                         #"{"decision": "Open two more reading sites.", "link": "strategy:\#(s.reading)"}"#) { res in
                #expect(res.status == .created)
                #expect((try? res.content.decode(MeetingAPI.DecisionDTO.self))?.linkedID == s.reading)
            }
            #expect(try await UpdateModel.query(on: app.db).filter(\.$kind == UpdateKind.decisionRecorded.rawValue).count() == 1)
            try await SetupAPITests.json(app, .POST, base + "/meetings/\(meetingID)/decisions", lead, #"{"decision": "X", "link": "strategy:\#(UUID())"}"#) {
                #expect($0.status == .unprocessableEntity)
            }
            try await SetupAPITests.json(app, .POST, base + "/meetings/\(meetingID)/decisions", lead, #"{"decision": "  "}"#) { #expect($0.status == .unprocessableEntity) }
            let steward = try await Self.token(app, "steward@example.org")
            try await SetupAPITests.json(app, .POST, base + "/meetings/\(meetingID)/decisions", steward, #"{"decision": "X"}"#) { #expect($0.status == .forbidden) }
            try await SetupAPITests.json(app, .POST, base + "/meetings/\(UUID())/decisions", admin, #"{"decision": "X"}"#) { #expect($0.status == .notFound) }

            let owner = stewardID
            try await SetupAPITests.json(app, .POST, base + "/meetings/\(meetingID)/action-items", lead,
                                         #"{"text": "Draft the site budget.", "owner": "\#(owner)", "dueOn": "2027-02-01"}"#) { res in
                #expect(res.status == .created)
                #expect((try? res.content.decode(MeetingAPI.ActionItemDTO.self))?.status == "open")
            }
            #expect(try await NotificationModel.query(on: app.db).filter(\.$userID == owner).count() == 2, "the owner is told")
            for bad in [#"{"text": "X", "owner": "\#(UUID())", "dueOn": "2027-02-01"}"#, #"{"text": "X", "owner": "\#(owner)", "dueOn": "soon"}"#,
                        #"{"text": "", "owner": "\#(owner)", "dueOn": "2027-02-01"}"#] {
                try await SetupAPITests.json(app, .POST, base + "/meetings/\(meetingID)/action-items", lead, bad) { #expect($0.status == .unprocessableEntity, "\(bad)") }
            }
        }
    }

    @Test("a story is submitted with consent recorded; without how consent was given, or for another organization, it is refused")
    func stories() async throws {
        try await withBackbone { app in
            let s = try await GovernanceTests.setUp(app)
            let steward = try await Self.token(app, "steward@example.org"), viewer = try await Self.token(app, "viewer@example.org")
            let path = "/api/v1/initiatives/river/stories"
            try await SetupAPITests.json(app, .POST, path, steward, #"{"organization": "\#(s.reads.id!)", "title": "Maya reads", "text": "Every evening now.", "aboutPerson": "Maya", "consent": "given", "consentNote": "Signed release.", "tags": ["reading", "family"]}"#) { res in
                #expect(res.status == .created, "\(res.text)")
                let story = try? res.content.decode(StoryAPI.StoryDTO.self)
                #expect(story?.status == "submitted" && story?.consent == "given" && story?.tags == ["reading", "family"] && story?.isPublic == false)
            }
            for (bad, status) in [(#"{"title": "T", "text": "X", "consent": "given"}"#, HTTPStatus.unprocessableEntity),
                                  (#"{"title": "T", "text": "X", "consent": "maybe"}"#, .unprocessableEntity),
                                  (#"{"title": "T", "text": "X", "consent": "not_asked", "tags": ["a,b"]}"#, .unprocessableEntity),
                                  (#"{"organization": "\#(s.club.id!)", "title": "T", "text": "X", "consent": "not_asked"}"#, .forbidden)] {
                try await SetupAPITests.json(app, .POST, path, steward, bad) { #expect($0.status == status, "\(bad)") }
            }
            try await SetupAPITests.json(app, .POST, path, viewer, #"{"title": "T", "text": "X", "consent": "not_asked"}"#) { #expect($0.status == .forbidden) }
            #expect(try await StoryModel.query(on: app.db).count() == 1)
        }
    }
}
