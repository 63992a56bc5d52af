@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// Each role × each route family × own initiative vs another initiative. The expectations are
/// written out here, independently of `Permissions`, so a change to either shows up.
@Suite("Tenancy and permissions matrix")
struct TenancyMatrixTests {
    enum Who: CaseIterable { case all, notViewer, backbone, backboneAdmin, steering, funding, recorders }

    struct Family: Sendable {
        let name: String
        let path: @Sendable (_ slug: String, _ org: UUID) -> String
        let who: Who
        let api: Bool
    }

    static let families: [Family] = [
        Family(name: "initiative home", path: { s, _ in "/i/\(s)" }, who: .all, api: false),
        Family(name: "partner list", path: { s, _ in "/i/\(s)/partners" }, who: .all, api: false),
        Family(name: "partner page", path: { s, o in "/i/\(s)/partners/\(o)" }, who: .all, api: false),
        Family(name: "new partner form", path: { s, _ in "/i/\(s)/partners/new" }, who: .backbone, api: false),
        Family(name: "edit partner form", path: { s, o in "/i/\(s)/partners/\(o)/edit" }, who: .backbone, api: false),
        Family(name: "people", path: { s, _ in "/i/\(s)/people" }, who: .notViewer, api: false),
        Family(name: "invite form", path: { s, _ in "/i/\(s)/people/invite" }, who: .backboneAdmin, api: false),
        Family(name: "API initiative", path: { s, _ in "/api/v1/initiatives/\(s)" }, who: .all, api: true),
        Family(name: "API organizations", path: { s, _ in "/api/v1/initiatives/\(s)/organizations" }, who: .all, api: true),
        Family(name: "API organization", path: { s, o in "/api/v1/initiatives/\(s)/organizations/\(o)" }, who: .all, api: true),
        Family(name: "API memberships", path: { s, _ in "/api/v1/initiatives/\(s)/memberships" }, who: .notViewer, api: true),
        Family(name: "assessments", path: { s, _ in "/i/\(s)/assessments" }, who: .all, api: false),
        Family(name: "new round form", path: { s, _ in "/i/\(s)/assessments/new" }, who: .backbone, api: false),
        Family(name: "assessment template", path: { s, _ in "/i/\(s)/assessments/templates/readiness" }, who: .backbone, api: false),
        Family(name: "periodic assessments", path: { s, _ in "/i/\(s)/periodic-assessments" }, who: .steering, api: false),
        Family(name: "API assessments", path: { s, _ in "/api/v1/initiatives/\(s)/assessments" }, who: .all, api: true),
        Family(name: "API periodic assessments", path: { s, _ in "/api/v1/initiatives/\(s)/periodic-assessments" }, who: .steering, api: true),
        Family(name: "funding", path: { s, _ in "/i/\(s)/funding" }, who: .funding, api: false),
        Family(name: "funding commitments", path: { s, _ in "/i/\(s)/funding/commitments" }, who: .funding, api: false),
        Family(name: "new commitment form", path: { s, _ in "/i/\(s)/funding/commitments/new" }, who: .backbone, api: false),
        Family(name: "funding needs", path: { s, _ in "/i/\(s)/funding/needs" }, who: .backbone, api: false),
        Family(name: "API funding commitments", path: { s, _ in "/api/v1/initiatives/\(s)/funding/commitments" }, who: .funding, api: true),
        Family(name: "outreach", path: { s, _ in "/i/\(s)/outreach" }, who: .all, api: false),
        Family(name: "feedback", path: { s, _ in "/i/\(s)/outreach/feedback" }, who: .all, api: false),
        Family(name: "new outreach event form", path: { s, _ in "/i/\(s)/outreach/events/new" }, who: .recorders, api: false),
        Family(name: "new feedback form", path: { s, _ in "/i/\(s)/outreach/feedback/new" }, who: .recorders, api: false),
        Family(name: "API outreach events", path: { s, _ in "/api/v1/initiatives/\(s)/outreach/events" }, who: .all, api: true),
        Family(name: "API outreach feedback", path: { s, _ in "/api/v1/initiatives/\(s)/outreach/feedback" }, who: .all, api: true),
        Family(name: "API funding map (unpublished)", path: { s, _ in "/api/v1/initiatives/\(s)/funding/map" }, who: .steering, api: true),
    ]

    static func allowed(_ role: Role, _ who: Who) -> Bool {
        switch who {
        case .all: true
        case .notViewer: role != .partnerViewer && role != .funder
        case .backbone: role == .backboneAdmin || role == .backboneStaff
        case .backboneAdmin: role == .backboneAdmin
        case .steering: role == .backboneAdmin || role == .backboneStaff || role == .steeringCommitteeMember || role == .workingGroupLead
        case .funding: allowed(role, .steering) || role == .funder
        case .recorders: allowed(role, .backbone) || role == .workingGroupLead || role == .partnerDataSteward
        }
    }

    @Test("reading: allowed roles get 200, others 403, and another initiative is always 404", arguments: Role.allCases)
    func reads(role: Role) async throws {
        try await withBackbone { app in
            // setup: two initiatives; the member belongs to "own" through an organization that is not theirs to edit
            let fixtures = Fixtures(app)
            let own = try await fixtures.initiative("own")
            let other = try await fixtures.initiative("other")
            let home = try await fixtures.organization("Home Org", in: own)
            let ownPartner = try await fixtures.organization("Own Partner", in: own)
            let otherPartner = try await fixtures.organization("Other Partner", in: other)
            let user = try await fixtures.user("member@example.org")
            try await fixtures.member(user, of: own, at: home, as: role)
            let browser = try await fixtures.session(for: user)
            let token = try await fixtures.apiToken(for: user)

            for family in Self.families {
                func get(_ path: String, _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                    if family.api {
                        try await app.testing().test(.GET, path, headers: ["Authorization": "Bearer \(token)"], afterResponse: verify)
                    } else {
                        try await browser.get(app, path, verify)
                    }
                }
                // own initiative
                let expected: HTTPResponseStatus = Self.allowed(role, family.who) ? .ok : .forbidden
                try await get(family.path("own", ownPartner.id!)) { res in
                    #expect(res.status == expected, "\(role) \(family.name) own")
                }
                // another initiative, its own object: 404, and no data
                try await get(family.path("other", otherPartner.id!)) { res in
                    #expect(res.status == .notFound, "\(role) \(family.name) other")
                    #expect(!res.text.contains("Other Partner"))
                }
                // an unknown slug
                try await get(family.path("missing", ownPartner.id!)) { #expect($0.status == .notFound) }
            }
            // another initiative's object through one's own initiative's address
            try await browser.get(app, "/i/own/partners/\(otherPartner.id!)") { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/own/organizations/\(otherPartner.id!)",
                                         headers: ["Authorization": "Bearer \(token)"]) { #expect($0.status == .notFound) }
            // lists never show another initiative's objects
            try await browser.get(app, "/i/own/partners") { #expect(!$0.text.contains("Other Partner")) }
            try await app.testing().test(.GET, "/api/v1/initiatives", headers: ["Authorization": "Bearer \(token)"]) { res in
                #expect(res.text.contains("\"slug\":\"own\""))
                #expect(!res.text.contains("\"slug\":\"other\""))
            }
        }
    }

    @Test("writing: only backbone roles add partners; another initiative is 404 and nothing is written", arguments: Role.allCases)
    func writes(role: Role) async throws {
        try await withBackbone { app in
            let fixtures = Fixtures(app)
            let own = try await fixtures.initiative("own")
            let other = try await fixtures.initiative("other")
            let home = try await fixtures.organization("Home Org", in: own)
            let otherPartner = try await fixtures.organization("Other Partner", in: other)
            let user = try await fixtures.user("member@example.org")
            try await fixtures.member(user, of: own, at: home, as: role)
            let browser = try await fixtures.session(for: user)
            let token = try await fixtures.apiToken(for: user)
            let mayCreate = role == .backboneAdmin || role == .backboneStaff

            try await browser.post(app, "/i/own/partners", ["name": "Page Partner", "sector": "business"]) { res in
                #expect(res.status == (mayCreate ? .seeOther : .forbidden))
            }
            try await app.testing().test(.POST, "/api/v1/initiatives/own/organizations", headers: ["Authorization": "Bearer \(token)"],
                                         beforeRequest: { try $0.content.encode(["name": "API Partner", "sector": "health"]) }) { res in
                #expect(res.status == (mayCreate ? .created : .forbidden))
            }
            try await browser.post(app, "/i/other/partners", ["name": "Sneaky", "sector": "business"]) { #expect($0.status == .notFound) }
            try await browser.post(app, "/i/other/partners/\(otherPartner.id!)", ["name": "Renamed", "sector": "business"]) {
                #expect($0.status == .notFound)
            }
            try await browser.post(app, "/i/own/partners/\(otherPartner.id!)", ["name": "Renamed", "sector": "business"]) {
                #expect($0.status == .notFound)
            }
            try await app.testing().test(.PATCH, "/api/v1/initiatives/own/organizations/\(otherPartner.id!)", headers: ["Authorization": "Bearer \(token)"],
                                         beforeRequest: { try $0.content.encode(["name": "Renamed"]) }) { #expect($0.status == .notFound) }

            let ownCount = try await OrganizationModel.query(on: app.db).filter(\.$initiativeID == own.requireID()).count()
            #expect(ownCount == (mayCreate ? 3 : 1))
            let otherNames = try await OrganizationModel.query(on: app.db).filter(\.$initiativeID == other.requireID()).all().map(\.name)
            #expect(otherNames == ["Other Partner"])
        }
    }

    @Test("a data steward edits their own organization's profile, not another's")
    func stewardEditsOwnOrganization() async throws {
        try await withBackbone { app in
            let fixtures = Fixtures(app)
            let own = try await fixtures.initiative("own")
            let home = try await fixtures.organization("Home Org", in: own)
            let neighbour = try await fixtures.organization("Neighbour Org", in: own)
            let steward = try await fixtures.user("steward@example.org")
            try await fixtures.member(steward, of: own, at: home, as: .partnerDataSteward)
            let browser = try await fixtures.session(for: steward)

            try await browser.get(app, "/i/own/partners/\(home.id!)/edit") { #expect($0.status == .ok) }
            try await browser.post(app, "/i/own/partners/\(home.id!)", ["name": "Home Org", "sector": "education", "website": "https://home.example.org"]) {
                #expect($0.status == .seeOther)
            }
            try await browser.post(app, "/i/own/partners/\(neighbour.id!)", ["name": "Hijacked", "sector": "education"]) {
                #expect($0.status == .forbidden)
            }
            let saved = try #require(try await OrganizationModel.find(home.id, on: app.db))
            #expect(saved.sector == "education")
            #expect(try await OrganizationModel.find(neighbour.id, on: app.db)?.name == "Neighbour Org")
        }
    }

    @Test("a platform administrator can enter every initiative; anonymous visitors see none")
    func platformAdminAndAnonymous() async throws {
        try await withBackbone { app in
            let fixtures = Fixtures(app)
            _ = try await fixtures.initiative("own")
            let admin = try await fixtures.user("root@example.org", platformAdmin: true)
            let browser = try await fixtures.session(for: admin)
            try await browser.get(app, "/i/own/people/invite") { #expect($0.status == .ok) }
            try await app.testing().test(.GET, "/i/own") { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.hasPrefix("/login") == true)
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/own") { res in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            }
        }
    }
}
