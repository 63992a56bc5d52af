@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("JSON API: tokens and problem responses")
struct APITests {
    /// An initiative with a backbone admin who holds an API token.
    static func setUp(_ app: Application) async throws -> (token: String, user: UserModel, browser: Browser) {
        let fixtures = Fixtures(app)
        let initiative = try await fixtures.initiative("river")
        let org = try await fixtures.organization("River Forward", in: initiative)
        let user = try await fixtures.user("admin@example.org")
        try await fixtures.member(user, of: initiative, at: org, as: .backboneAdmin)
        return (try await fixtures.apiToken(for: user), user, try await fixtures.session(for: user))
    }

    @Test("a token created on the account page is shown once, stored hashed, works, and stops when revoked")
    func tokenLifecycle() async throws {
        try await withBackbone { app in
            let (_, user, browser) = try await Self.setUp(app)
            var secret = ""
            try await browser.post(app, "/account/tokens", ["name": "nightly import"]) { res in
                #expect(res.status == .created)
                let match = res.text.firstMatch(of: /bb_[A-Za-z0-9_-]{43}/)
                secret = String(try #require(match).output)
            }
            let stored = try await APITokenModel.query(on: app.db).filter(\.$name == "nightly import").first()
            #expect(stored?.tokenHash == SecretToken.digest(secret))
            #expect(stored?.tokenHash != secret)
            try await browser.get(app, "/account") { #expect(!$0.text.contains(secret)) }

            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(secret)"]) { res in
                #expect(res.status == .ok)
                let me = try res.content.decode(UserDTO.self)
                #expect(me.email == "admin@example.org")
                #expect(me.memberships.map(\.role) == ["backbone_admin"])
                // "not chosen" is an explicit null, as the schema promises, not a missing key
                let body = String(buffer: res.body)
                #expect(body.contains("\"language\":null") && body.contains("\"timeZone\":null"))
            }
            try await browser.post(app, "/account/tokens/\(stored!.id!.uuidString)/revoke", [:]) { #expect($0.status == .seeOther) }
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(secret)"]) {
                #expect($0.status == .unauthorized)
            }
            // someone else cannot revoke my token
            let other = try await Fixtures(app).user("other@example.org")
            let otherBrowser = try await Fixtures(app).session(for: other)
            let second = APITokens.issue()
            let mine = APITokenModel(userID: try user.requireID(), name: "second", tokenHash: second.hash, prefix: second.prefix, createdAt: Date())
            try await mine.create(on: app.db)
            try await otherBrowser.post(app, "/account/tokens/\(mine.id!.uuidString)/revoke", [:]) { #expect($0.status == .notFound) }
            #expect(try await APITokenModel.find(mine.id, on: app.db)?.revokedAt == nil)
        }
    }

    @Test("a token name is required")
    func tokenNeedsName() async throws {
        try await withBackbone { app in
            let (_, _, browser) = try await Self.setUp(app)
            try await browser.post(app, "/account/tokens", ["name": "  "]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Give the token a name"))
            }
        }
    }

    @Test("missing, malformed and unknown tokens get 401 problem JSON")
    func unauthorized() async throws {
        try await withBackbone { app in
            for header in [nil, "Bearer nope", "Basic YTpi", "Bearer "] {
                var headers = HTTPHeaders()
                if let header { headers.add(name: .authorization, value: header) }
                try await app.testing().test(.GET, "/api/v1/me", headers: headers) { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.headers.contentType?.subType == "problem+json")
                    let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(res.text.utf8))
                    #expect(problem.status == 401)
                    #expect(!problem.detail.isEmpty)
                }
            }
        }
    }

    struct ProblemBody: Decodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let errors: [Problem.FieldProblem]?
    }

    @Test("bad bodies get a 4xx problem and write nothing", arguments: [
        ("{\"name\": \"X\", \"sector\": ", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ("{\"name\": 42, \"sector\": \"health\"}", "application/json", 400),
        ("{\"name\": \"X\", \"sector\": \"health\", \"sectr\": \"oops\"}", "application/json", 422),
        ("{\"name\": \"\", \"sector\": \"space\"}", "application/json", 422),
        ("{\"name\": \"X\", \"sector\": \"health\", \"website\": \"javascript:alert(1)\"}", "application/json", 422),
        ("{\"name\": null, \"sector\": \"health\"}", "application/json", 422),
        ("name=X&sector=health", "application/x-www-form-urlencoded", 415),
        ("", "application/json", 400),
    ])
    func badBodies(body: String, contentType: String, status: Int) async throws {
        try await withBackbone { app in
            let (token, _, _) = try await Self.setUp(app)
            var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            headers.replaceOrAdd(name: .contentType, value: contentType)
            try await app.testing().test(.POST, "/api/v1/initiatives/river/organizations", headers: headers,
                                         body: ByteBuffer(string: body)) { res in
                #expect(res.status.code == UInt(status))
                #expect(res.headers.contentType?.subType == "problem+json")
                let problem = try JSONDecoder().decode(ProblemBody.self, from: Data(res.text.utf8))
                #expect(problem.status == status)
                if status == 422 { #expect(problem.errors?.isEmpty == false) }
            }
            #expect(try await OrganizationModel.query(on: app.db).count() == 1)
        }
    }

    @Test("an oversized body gets 413")
    func oversized() async throws {
        try await withBackbone { app in
            let (token, _, _) = try await Self.setUp(app)
            let huge = "{\"name\": \"X\", \"sector\": \"health\", \"description\": \"\(String(repeating: "a", count: 200_000))\"}"
            var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            try await app.testing(method: .running(port: 0)).test(.POST, "/api/v1/initiatives/river/organizations", headers: headers,
                                                                  body: ByteBuffer(string: huge)) { res in
                #expect(res.status == .payloadTooLarge)
                #expect(res.headers.contentType?.subType == "problem+json")
            }
            #expect(try await OrganizationModel.query(on: app.db).count() == 1)
        }
    }

    @Test("organizations can be created, read and changed; a duplicate name is refused")
    func organizationRoundTrip() async throws {
        try await withBackbone { app in
            let (token, _, _) = try await Self.setUp(app)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            var created: OrganizationDTO?
            try await app.testing().test(.POST, "/api/v1/initiatives/river/organizations", headers: auth, beforeRequest: {
                try $0.content.encode(["name": "  Tidewater Works ", "sector": "business", "website": "https://tidewater.example.org"])
            }) { res in
                #expect(res.status == .created)
                created = try res.content.decode(OrganizationDTO.self)
            }
            let org = try #require(created)
            #expect(org.name == "Tidewater Works")
            try await app.testing().test(.PATCH, "/api/v1/initiatives/river/organizations/\(org.id)", headers: auth, beforeRequest: {
                try $0.content.encode(["description": "Apprenticeships."])
            }) { res in
                #expect(res.status == .ok)
                let updated = try res.content.decode(OrganizationDTO.self)
                #expect(updated.description == "Apprenticeships.")
                #expect(updated.sector == "business")
            }
            try await app.testing().test(.POST, "/api/v1/initiatives/river/organizations", headers: auth, beforeRequest: {
                try $0.content.encode(["name": "TIDEWATER WORKS", "sector": "business"])
            }) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("already exists"))
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/organizations/not-a-uuid", headers: auth) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("only a platform administrator creates initiatives through the API")
    func createInitiative() async throws {
        try await withBackbone { app in
            let (token, _, _) = try await Self.setUp(app)
            let root = try await Fixtures(app).user("root@example.org", platformAdmin: true)
            let rootToken = try await Fixtures(app).apiToken(for: root)
            let body = ["name": "Lake Shore", "slug": "lake-shore", "place": "Lake County", "problemStatement": "Too few graduate."]
            try await app.testing().test(.POST, "/api/v1/initiatives", headers: ["Authorization": "Bearer \(token)"],
                                         beforeRequest: { try $0.content.encode(body) }) { #expect($0.status == .forbidden) }
            try await app.testing().test(.POST, "/api/v1/initiatives", headers: ["Authorization": "Bearer \(rootToken)"],
                                         beforeRequest: { try $0.content.encode(body) }) { res in
                #expect(res.status == .created)
                let created = try res.content.decode(InitiativeDTO.self)
                #expect(created.slug == "lake-shore")
            }
            try await app.testing().test(.POST, "/api/v1/initiatives", headers: ["Authorization": "Bearer \(rootToken)"],
                                         beforeRequest: { try $0.content.encode(body) }) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("already uses this address"))
            }
        }
    }
}
