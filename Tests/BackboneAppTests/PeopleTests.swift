@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("People, invitations and one-time links")
struct PeopleTests {
    struct Setup {
        let browser: Browser
        let initiative: InitiativeModel
        let org: OrganizationModel
        let admin: UserModel
        let adminMembership: MembershipModel
    }

    static func setUp(_ app: Application) async throws -> Setup {
        let fixtures = Fixtures(app)
        let initiative = try await fixtures.initiative("river")
        let org = try await fixtures.organization("River Forward", in: initiative)
        let admin = try await fixtures.user("admin@example.org")
        let membership = try await fixtures.member(admin, of: initiative, at: org, as: .backboneAdmin)
        return Setup(browser: try await fixtures.session(for: admin), initiative: initiative, org: org, admin: admin, adminMembership: membership)
    }

    @Test("inviting a new person creates the account, the membership and a link that works exactly once")
    func inviteNewPerson() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            var link = ""
            try await s.browser.post(app, "/i/river/people/invite", ["email": "Grace@Example.org", "displayName": "Grace",
                                                                     "role": "partner_viewer", "organizationID": s.org.id!.uuidString]) { res in
                #expect(res.status == .created)
                let match = res.text.firstMatch(of: /\/set-password\/[A-Za-z0-9_-]{43}/)
                link = String(try #require(match).output)
            }
            let grace = try #require(try await UserRepository(db: app.db).find(email: "grace@example.org"))
            #expect(grace.passwordHash == nil)
            #expect(try await MembershipModel.query(on: app.db).filter(\.$userID == grace.requireID()).first()?.parsedRole == .partnerViewer)

            let visitor = try await Browser.anonymous(on: app)
            try await visitor.get(app, link) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("grace@example.org"))
            }
            try await visitor.post(app, link, ["password": "abc", "passwordConfirmation": "abc"]) { #expect($0.status == .unprocessableEntity) }
            try await visitor.post(app, link, ["password": "graceful passphrase", "passwordConfirmation": "graceful passphrase"]) {
                #expect($0.status == .seeOther)
            }
            try await visitor.post(app, link, ["password": "another passphrase!", "passwordConfirmation": "another passphrase!"]) {
                #expect($0.status == .notFound)
            }
            let saved = try #require(try await UserRepository(db: app.db).find(email: "grace@example.org"))
            #expect(try Bcrypt.verify("graceful passphrase", created: saved.passwordHash!))
            try await visitor.post(app, "/login", ["email": "grace@example.org", "password": "graceful passphrase"]) {
                #expect($0.status == .seeOther)
            }
        }
    }

    @Test("inviting an existing account only adds the membership; bad input writes nothing")
    func inviteExistingAndBadInput() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let existing = try await Fixtures(app).user("sam@example.org")
            try await s.browser.post(app, "/i/river/people/invite", ["email": "SAM@example.org", "displayName": "Sam",
                                                                     "role": "partner_data_steward", "organizationID": s.org.id!.uuidString]) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await MembershipModel.query(on: app.db).filter(\.$userID == existing.requireID()).count() == 1)
            #expect(try await PasswordSetupTokenModel.query(on: app.db).count() == 0)

            // already a member, unknown role, organization of another initiative
            let other = try await Fixtures(app).initiative("other")
            let foreignOrg = try await Fixtures(app).organization("Foreign", in: other)
            let cases: [([String: String], String)] = [
                (["email": "sam@example.org", "displayName": "Sam", "role": "partner_viewer", "organizationID": s.org.id!.uuidString], "already a member"),
                (["email": "new@example.org", "displayName": "New", "role": "overlord", "organizationID": s.org.id!.uuidString], "Choose a role"),
                (["email": "new@example.org", "displayName": "New", "role": "partner_viewer", "organizationID": foreignOrg.id!.uuidString], "Choose an organization"),
                (["email": "nope", "displayName": "", "role": "", "organizationID": ""], "Enter an email address"),
            ]
            for (fields, message) in cases {
                try await s.browser.post(app, "/i/river/people/invite", fields) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.text.contains(message))
                }
            }
            #expect(try await UserRepository(db: app.db).find(email: "new@example.org") == nil)
            #expect(try await MembershipModel.query(on: app.db).count() == 2)
        }
    }

    @Test("the last backbone admin can be neither demoted nor removed")
    func lastAdmin() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let id = s.adminMembership.id!.uuidString
            try await s.browser.post(app, "/i/river/people/\(id)/role", ["role": "partner_viewer"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("at least one backbone admin"))
            }
            try await s.browser.post(app, "/i/river/people/\(id)/remove", [:]) { #expect($0.status == .unprocessableEntity) }
            #expect(try await MembershipModel.find(s.adminMembership.id, on: app.db)?.parsedRole == .backboneAdmin)

            let second = try await Fixtures(app).user("second@example.org")
            let membership = try await Fixtures(app).member(second, of: s.initiative, at: s.org, as: .partnerViewer)
            try await s.browser.post(app, "/i/river/people/\(membership.id!.uuidString)/role", ["role": "backbone_admin"]) {
                #expect($0.status == .seeOther)
            }
            try await s.browser.post(app, "/i/river/people/\(id)/role", ["role": "backbone_staff"]) { #expect($0.status == .seeOther) }
            #expect(try await MembershipModel.find(s.adminMembership.id, on: app.db)?.parsedRole == .backboneStaff)
        }
    }

    @Test("a partner form keeps what was typed and explains each problem")
    func partnerFormErrors() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            try await s.browser.post(app, "/i/river/partners", ["name": "\"><script>alert(1)</script>", "sector": "space", "website": "ftp://x"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Choose a sector from the list."))
                #expect(res.text.contains("Enter a full web address"))
                #expect(res.text.contains("value=\"ftp://x\""))
                #expect(res.text.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
                #expect(!res.text.contains("<script>alert(1)"))
            }
            try await s.browser.post(app, "/i/river/partners", ["name": "river forward", "sector": "nonprofit"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("already exists"))
            }
            #expect(try await OrganizationModel.query(on: app.db).count() == 1)
        }
    }

    @Test("a platform administrator creates initiatives; a taken or malformed address is refused")
    func createInitiativePage() async throws {
        try await withBackbone { app in
            let root = try await Fixtures(app).user("root@example.org", platformAdmin: true)
            let browser = try await Fixtures(app).session(for: root)
            try await browser.post(app, "/initiatives", ["name": "Lake", "slug": "Lake Shore!", "place": "Lake County", "problemStatement": "Too few graduate."]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("lower-case letters"))
            }
            try await browser.post(app, "/initiatives", ["name": "Lake", "slug": "lake-shore", "place": "Lake County", "problemStatement": "Too few graduate."]) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.hasPrefix("/i/lake-shore") == true)
            }
            try await browser.post(app, "/initiatives", ["name": "Lake 2", "slug": "lake-shore", "place": "Lake County", "problemStatement": "Again."]) { res in
                #expect(res.status == .unprocessableEntity)
            }
            let user = try await Fixtures(app).user("plain@example.org")
            let plain = try await Fixtures(app).session(for: user)
            try await plain.post(app, "/initiatives", ["name": "Mine", "slug": "mine", "place": "X", "problemStatement": "Y"]) {
                #expect($0.status == .forbidden)
            }
            #expect(try await InitiativeModel.query(on: app.db).count() == 1)
        }
    }
}
