@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@Suite("Funding: commitments, the aligned-funding map, the funder role, renewals")
struct FundingTests {
    struct Setup {
        let g: GovernanceTests.Setup
        let foundation: OrganizationModel
        let county: OrganizationModel
        let funder: Browser
    }

    /// The governance fixtures, two funders, and a member of the foundation with the funder role.
    static func setUp(_ app: Application) async throws -> Setup {
        let g = try await GovernanceTests.setUp(app)
        let fixtures = Fixtures(app)
        let initiative = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
        let foundation = try await fixtures.organization("River Foundation", in: initiative, sector: .philanthropy)
        let county = try await fixtures.organization("River County", in: initiative, sector: .government)
        let user = try await fixtures.user("funder@example.org")
        try await fixtures.member(user, of: initiative, at: foundation, as: .funder)
        return Setup(g: g, foundation: foundation, county: county, funder: try await fixtures.session(for: user))
    }

    static func fields(_ funder: OrganizationModel, title: String = "Reading grant", amount: String = "120,000.00", currency: String = "USD",
                       starts: String = "2026-01-01", ends: String = "2026-12-31", restriction: String, status: String = "committed") -> [String: String] {
        ["title": title, "funder": funder.id!.uuidString, "kind": "grant", "status": status, "currency": currency, "amount": amount,
         "startsOn": starts, "endsOn": ends, "restriction": restriction]
    }

    static func count(_ app: Application) async throws -> Int { try await FundingCommitmentModel.query(on: app.db).count() }

    @Test("the backbone records commitments through the form; bad terms are refused whole with what was typed kept and nothing written")
    func recordThroughForm() async throws {
        try await withBackbone { app in
            // setup
            let s = try await Self.setUp(app)
            let reading = "strategy:\(s.g.reading.uuidString)"

            // act + verify: refusals first
            for (fields, message) in [
                (Self.fields(s.foundation, amount: "-5", restriction: reading), "zero or more"),
                (Self.fields(s.foundation, amount: "1.234", restriction: reading), "at most 2 decimals"),
                (Self.fields(s.foundation, amount: "99999999999999999999999", restriction: reading), "zero or more"),
                (Self.fields(s.foundation, amount: "NaN", restriction: reading), "zero or more"),
                (Self.fields(s.foundation, starts: "2026-12-31", ends: "2026-01-01", restriction: reading), "before the first day"),
                (Self.fields(s.foundation, currency: "XXX", restriction: reading), "Choose a currency"),
                (Self.fields(s.foundation, restriction: "strategy:\(s.g.outcome.uuidString)"), "one of the initiative's strategies"),
                (Self.fields(s.foundation, restriction: "strategy:\(UUID().uuidString)"), "one of the initiative's strategies"),
                (Self.fields(s.foundation, restriction: "backbone:\(s.g.reading.uuidString)"), "name no strategy"),
                (Self.fields(s.foundation, title: "", restriction: reading), "Give the commitment a name"),
            ] {
                try await s.g.admin.post(app, "/i/river/funding/commitments", fields) { res in
                    #expect(res.status == .unprocessableEntity, "\(fields)")
                    #expect(res.text.contains(message), "\(message)")
                    #expect(res.text.contains(escapedAttribute(fields["amount"]!)), "what was typed is kept")
                }
            }
            var funderless = Self.fields(s.foundation, restriction: reading)
            funderless["funder"] = UUID().uuidString
            try await s.g.admin.post(app, "/i/river/funding/commitments", funderless) { #expect($0.status == .unprocessableEntity) }
            #expect(try await Self.count(app) == 0)

            // act: a good one, then a change with the revision read and a stale one
            var location = ""
            try await s.g.admin.post(app, "/i/river/funding/commitments", Self.fields(s.foundation, restriction: reading)) { res in
                #expect(res.status == .seeOther)
                location = res.location ?? ""
            }
            let saved = try #require(try await FundingCommitmentModel.query(on: app.db).first())
            #expect(saved.amountMinor == 12_000_000 && saved.currency == "USD" && saved.restrictionID == s.g.reading)
            #expect(location.contains(saved.id!.uuidString))
            var changed = Self.fields(s.foundation, amount: "150000", restriction: reading)
            changed["revision"] = "1"
            try await s.g.admin.post(app, "/i/river/funding/commitments/\(saved.id!)", changed) { #expect($0.status == .seeOther) }
            try await s.g.admin.post(app, "/i/river/funding/commitments/\(saved.id!)", changed) { res in
                #expect(res.status == .conflict)
            }
            let again = try #require(try await FundingCommitmentModel.find(saved.id, on: app.db))
            #expect(again.amountMinor == 15_000_000 && again.revision == 2)

            // verify: the map counts the year's share against the stated need, and marks the gap
            let activity = GovernanceTests.activityFields(s.g.club.id!, s.g.summer, start: "2026-01-01", end: "2026-12-31")
            try await s.g.admin.post(app, "/i/river/activities", activity) { #expect($0.status == .seeOther) }
            try await s.g.admin.post(app, "/i/river/funding/commitments",
                                     Self.fields(s.county, title: "Summer contract", amount: "10000", restriction: "strategy:\(s.g.summer.uuidString)")) {
                #expect($0.status == .seeOther)
            }
            try await s.g.admin.post(app, "/i/river/funding/needs", ["year": "2026", "amount[\(s.g.summer.uuidString)]": "40,000",
                                                                     "currency[\(s.g.summer.uuidString)]": "USD", "amount[backbone]": "",
                                                                     "gapPercent": "50", "revision": ""]) { #expect($0.status == .seeOther) }
            try await s.g.admin.get(app, "/i/river/funding?year=2026") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Gap: 25% of the need secured"))
                #expect(res.text.contains("USD 150,000.00"))
                #expect(res.text.contains("Need not stated") == false, "Reading has no activities, so no need is missing")
            }
            // bad needs: refused whole, nothing saved
            try await s.g.admin.post(app, "/i/river/funding/needs", ["year": "2026", "amount[\(s.g.summer.uuidString)]": "-1",
                                                                     "currency[\(s.g.summer.uuidString)]": "USD", "gapPercent": "500", "revision": "1"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("from 1 to 100") || res.text.contains("zero or more"))
            }
            #expect(try await FundingRepository(db: app.db, scope: s.g.scope).needs(year: 2026)[.strategy(s.g.summer)] == Money(4_000_000, Currency(code: "USD")!))
        }
    }

    @Test("a funder's people see their own commitments and what they fund, never another funder's amounts until the map is published")
    func funderView() async throws {
        try await withBackbone { app in
            // setup
            let s = try await Self.setUp(app)
            let repository = FundingRepository(db: app.db, scope: s.g.scope)
            let usd = "USD"
            func terms(_ title: String, _ amount: String) -> CommitmentTerms {
                CommitmentTerms(title: title, kind: "grant", status: "committed", currency: usd, amount: amount, startsOn: "2026-01-01",
                                endsOn: "2026-12-31", restriction: "strategy", note: "")
            }
            let own = try await repository.create(.init(terms: terms("Foundation grant", "50000"), funderID: s.foundation.id, restrictionID: s.g.reading,
                                                        indicatorIDs: []), userID: nil, now: Date())
            let other = try await repository.create(.init(terms: terms("County contract", "777777"), funderID: s.county.id, restrictionID: s.g.summer,
                                                          indicatorIDs: []), userID: nil, now: Date())
            let headers = try await ScenarioPagesTests.headers(app, "funder@example.org")

            // act + verify: own commitments only, on the page and in the API
            try await s.funder.get(app, "/i/river/funding?year=2026") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Foundation grant") && res.text.contains("Reading at home"))
                #expect(!res.text.contains("County contract") && !res.text.contains("777,777"))
                #expect(res.text.contains("has not published the funding map"))
            }
            try await s.funder.get(app, "/i/river/funding/commitments/\(other.id!)") { #expect($0.status == .notFound) }
            try await s.funder.get(app, "/i/river/funding/commitments/\(own.id!)") { res in
                #expect(res.status == .ok)
                #expect(!res.text.contains("<form method=\"post\" action=\"/i/river/funding"), "read-only")
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/funding/commitments", headers: headers) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Foundation grant") && !res.text.contains("County contract"))
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/funding/map", headers: headers) { #expect($0.status == .forbidden) }
            try await s.funder.post(app, "/i/river/funding/commitments", Self.fields(s.foundation, restriction: "unrestricted")) {
                #expect($0.status == .forbidden)
            }
            try await s.g.viewer.get(app, "/i/river/funding") { #expect($0.status == .forbidden) }

            // act: the backbone publishes the map
            try await s.g.admin.post(app, "/i/river/funding/needs", ["year": "2026", "gapPercent": "50", "published": "on", "revision": ""]) {
                #expect($0.status == .seeOther)
            }

            // verify: every member sees the map with every funder's amounts; lists of commitments stay each funder's own
            try await app.testing().test(.GET, "/api/v1/initiatives/river/funding/map?year=2026", headers: headers) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("\"minorUnits\":77777700"))
            }
            try await s.g.viewer.get(app, "/i/river/funding?year=2026") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("USD 777,777.00"))
            }
            try await s.g.viewer.get(app, "/i/river/funding/commitments") { #expect($0.status == .forbidden) }
        }
    }

    @Test("the API records and changes commitments with the form's checks: exact minor units, strict bodies, extremes refused")
    func api() async throws {
        try await withBackbone { app in
            // setup
            let s = try await Self.setUp(app)
            let headers = try await ScenarioPagesTests.headers(app, "admin@example.org")
            func body(_ minorUnits: Any, currency: String = "EUR", restriction: [String: Any]? = nil, extra: [String: Any] = [:]) -> [String: Any] {
                ["title": "Euro grant", "funder": s.foundation.id!.uuidString, "kind": "grant", "status": "committed",
                 "amount": ["currency": currency, "minorUnits": minorUnits], "startsOn": "2026-07-01", "endsOn": "2027-06-30",
                 "restriction": restriction ?? ["kind": "strategy", "id": s.g.reading.uuidString]].merging(extra) { $1 }
            }
            func post(_ object: [String: Any], _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/api/v1/initiatives/river/funding/commitments", headers: headers,
                                             body: try ScenarioPagesTests.json(object), afterResponse: verify)
            }

            // act + verify: refusals, nothing written
            try await post(body(-1)) { #expect($0.status == .unprocessableEntity) }
            try await post(body(Int64.max)) { #expect($0.status == .unprocessableEntity) }
            try await post(body(Int64.min)) { #expect($0.status == .unprocessableEntity) }
            try await post(body(1e300)) { #expect($0.status == .badRequest) }
            try await post(body(1.5)) { #expect($0.status == .badRequest) }
            try await post(body(100, currency: "BTC")) { #expect($0.status == .unprocessableEntity) }
            try await post(body(100, restriction: ["kind": "strategy", "id": UUID().uuidString])) { #expect($0.status == .unprocessableEntity) }
            try await post(body(100, restriction: ["kind": "strategy", "name": "x"])) { #expect($0.status == .unprocessableEntity) }
            try await post(body(100, extra: ["revision": 1])) { #expect($0.status == .unprocessableEntity) }
            try await post(body(100, extra: ["sponsor": "x"])) { #expect($0.status == .unprocessableEntity) }
            try await post(body(100, restriction: ["kind": "backbone", "id": NSNull()])) { #expect($0.status == .unprocessableEntity) }
            try await post(body(100, extra: ["amount": ["currency": "USD"]])) { #expect($0.status == .unprocessableEntity) }
            try await post(body(100, extra: ["endsOn": "2026-06-30"])) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("endsOn"))
            }
            #expect(try await Self.count(app) == 0)

            // act: the largest amount accepted, then a change
            var id = ""
            try await post(body(Money.maximumMinorUnits)) { res in
                #expect(res.status == .created)
                let saved = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any]
                #expect((saved?["amount"] as? [String: Any])?["minorUnits"] as? Int64 == Money.maximumMinorUnits)
                id = saved?["id"] as? String ?? ""
            }
            let put = body(2_400_050, extra: ["revision": 1])
            try await app.testing().test(.PUT, "/api/v1/initiatives/river/funding/commitments/\(id)", headers: headers, body: try ScenarioPagesTests.json(put)) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("\"minorUnits\":2400050") && res.text.contains("\"revision\":2"))
            }
            try await app.testing().test(.PUT, "/api/v1/initiatives/river/funding/commitments/\(id)", headers: headers, body: try ScenarioPagesTests.json(put)) {
                #expect($0.status == .conflict)
            }
            try await app.testing().test(.PUT, "/api/v1/initiatives/river/funding/commitments/\(UUID())", headers: headers, body: try ScenarioPagesTests.json(put)) {
                #expect($0.status == .notFound)
            }

            // verify: the map splits the year by day (184 of 365 days in 2026) and keeps euros apart from dollars
            try await post(body(1_000_000, currency: "USD", restriction: ["kind": "backbone"])) { #expect($0.status == .created) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/funding/map?year=2026", headers: headers) { res in
                #expect(res.status == .ok)
                let map = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any]
                let strategies = map?["strategies"] as? [[String: Any]] ?? []
                let reading = strategies.first { $0["id"] as? String == s.g.reading.uuidString }
                #expect((reading?["secured"] as? [[String: Any]])?.first?["minorUnits"] as? Int64 == ProRating.share(Money(2_400_050, Currency(code: "EUR")!), from: CalendarDay(key: "2026-07-01")!, to: CalendarDay(key: "2027-06-30")!, in: 2026).minorUnits)
                let total = map?["total"] as? [[String: Any]] ?? []
                #expect(total.map { $0["currency"] as? String ?? "" } == ["EUR", "USD"])
            }
            for bad in ["26", "abcd", "99999", "0000"] {
                try await app.testing().test(.GET, "/api/v1/initiatives/river/funding/map?year=\(bad)", headers: headers) { #expect($0.status == .unprocessableEntity, "\(bad)") }
            }
        }
    }

    @Test("a running commitment ending within 90 days is announced to the backbone once; a prospect or a later end is not")
    func renewals() async throws {
        try await withBackbone { app in
            // setup
            let s = try await Self.setUp(app)
            let repository = FundingRepository(db: app.db, scope: s.g.scope)
            func create(_ title: String, status: String, endsIn days: Int) async throws {
                let today = CalendarDay(containing: Date())
                try await repository.create(.init(terms: CommitmentTerms(title: title, kind: "grant", status: status, currency: "USD", amount: "100",
                                                                         startsOn: today.adding(days: -100).key, endsOn: today.adding(days: days).key,
                                                                         restriction: "unrestricted", note: ""),
                                                  funderID: s.county.id, restrictionID: nil, indicatorIDs: []), userID: nil, now: Date())
            }
            try await create("Soon", status: "committed", endsIn: 30)
            try await create("Hoped", status: "prospect", endsIn: 30)
            try await create("Later", status: "committed", endsIn: 200)

            // act: twice, as two instances or two rounds would
            let first = try await FundingJob(db: app.db).run(now: Date(), mail: nil)
            let second = try await FundingJob(db: app.db).run(now: Date(), mail: nil)

            // verify: the backbone admin (the only backbone member) hears of "Soon" only, once
            #expect(first == 1 && second == 0)
            let notes = try await NotificationModel.query(on: app.db).filter(\.$kind == NotificationKind.funding.rawValue).all()
            #expect(notes.count == 1 && notes[0].text.contains("Soon"))
        }
    }
}
