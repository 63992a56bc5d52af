@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Forecasts and scenarios on the indicator page and in the API")
struct ScenarioPagesTests {
    struct Setup {
        let g: GovernanceTests.Setup
        let served: IndicatorModel
        /// The months reported, oldest first, and the partners' totals in each.
        let months: [ReportingPeriod]
        let totals: [Double]
        var indicatorPath: String { "/i/river/indicators/\(served.id!)" }
    }

    /// Two partners report People served for six past months, approved; history locks only after ten years.
    static func setUp(_ app: Application) async throws -> Setup {
        let g = try await GovernanceTests.setUp(app)
        let initiative = try #require(try await InitiativeModel.query(on: app.db).filter(\.$slug == "river").first())
        initiative.lockAfterDays = 3650
        try await initiative.save(on: app.db)
        let indicators = IndicatorRepository(db: app.db, scope: g.scope)
        let served = try await indicators.adopt(IndicatorCatalog.starter.entry(code: "PM-SERVED")!, now: Date())
        for partner in [g.reads, g.club] {
            try await indicators.assign(indicator: served, organizationID: partner.requireID(), dimensionKeys: [], now: Date())
        }
        let this = ReportingPeriod.containing(Date(), frequency: .monthly)
        let months = (1...6).reversed().map { this.shifted(by: -$0) }
        let reading: [Double] = [100, 104, 107, 112, 115, 119], club: [Double] = [50, 51, 53, 52, 55, 56]
        for (index, month) in months.enumerated() {
            try await approve(app, g, served, g.reads, month, reading[index])
            try await approve(app, g, served, g.club, month, club[index])
        }
        return Setup(g: g, served: served, months: months, totals: zip(reading, club).map { $0 + $1 })
    }

    static func approve(_ app: Application, _ g: GovernanceTests.Setup, _ indicator: IndicatorModel, _ partner: OrganizationModel,
                        _ period: ReportingPeriod, _ value: Double) async throws {
        let reporting = ReportingRepository(db: app.db, scope: g.scope)
        let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
        let saved = try await reporting.save(organizationID: partner.requireID(), period: period,
                                             reports: [indicator.id!: IndicatorReport(total: .init(value: value))],
                                             expectedRevision: nil, intent: .submit, userID: admin.requireID(), now: Date())
        try await reporting.review(saved.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())
    }

    static func headers(_ app: Application, _ email: String) async throws -> HTTPHeaders {
        let user = try #require(try await UserRepository(db: app.db).find(email: email))
        return ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: user))", "Content-Type": "application/json"]
    }

    static func json(_ object: Any) throws -> ByteBuffer { ByteBuffer(data: try JSONSerialization.data(withJSONObject: object)) }

    /// A scenario form: Club adds `amount` a month from next month.
    static func form(_ s: Setup, name: String = "Club doubles", amount: String = "40", from: String? = nil) -> [String: String] {
        ["name": name, "description": "Club opens a second site.", "changes[0][kind]": "add",
         "changes[0][partners][]": s.g.club.id!.uuidString, "changes[0][from]": from ?? ReportingPeriod.containing(Date(), frequency: .monthly).next.key,
         "changes[0][amount]": amount]
    }

    @Test("the forecast API equals the forecast computed from the approved totals, and follows the next approval at once")
    func forecastFollowsApprovals() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let auth = try await Self.headers(app, "viewer@example.org")
            let path = "/api/v1/initiatives/river/indicators/PM-SERVED/forecast"
            func expected(_ totals: [Double], _ months: [ReportingPeriod]) -> Forecast {
                Forecaster.forecast(ForecastInput(frequency: .monthly, rule: .sum, partnersRequired: 2, minimum: 0,
                                                  points: zip(months, totals).map { .init(period: $0, version: 1, value: $1, partnersCounted: 2) }))
            }
            let before = expected(s.totals, s.months)
            try await app.testing().test(.GET, path, headers: auth) { res in
                #expect(res.status == .ok)
                let dto = try res.content.decode(ScenarioAPI.ForecastDTO.self)
                #expect(dto.method == "trend")
                #expect(dto.level == 0.8)
                #expect(dto.history.map(\.value) == s.totals)
                #expect(dto.forecast.map(\.period) == before.points.map(\.period.key))
                #expect(dto.forecast.first?.period == s.months.last!.next.key)
                for (got, want) in zip(dto.forecast, before.points) {
                    #expect(abs(got.value - want.value) < 1e-9 && abs(got.lower - want.lower) < 1e-9 && abs(got.upper - want.upper) < 1e-9)
                    #expect(got.lower <= got.value && got.value <= got.upper)
                }
                #expect(dto.status == nil && dto.whatItTakes == nil, "no target, no status")
            }
            // act: this month is approved for both partners; the cached inputs are read again
            let this = ReportingPeriod.containing(Date(), frequency: .monthly)
            try await Self.approve(app, s.g, s.served, s.g.reads, this, 124)
            try await Self.approve(app, s.g, s.served, s.g.club, this, 58)
            let after = expected(s.totals + [182], s.months + [this])
            try await app.testing().test(.GET, path, headers: auth) { res in
                let dto = try res.content.decode(ScenarioAPI.ForecastDTO.self)
                #expect(dto.history.last?.value == 182)
                #expect(dto.history.last?.period == this.key)
                #expect(abs((dto.forecast.first?.value ?? 0) - after.points[0].value) < 1e-9)
            }
            try await s.g.viewer.get(app, s.indicatorPath) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Forecast and what it takes"))
                #expect(res.text.contains("class=\"chart-band\""))
                #expect(res.text.contains("Set a target to see what reaching it takes."))
                #expect(!res.text.contains("New scenario"), "a partner viewer saves no scenarios")
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/indicators/NOPE/forecast", headers: auth) { #expect($0.status == .notFound) }
        }
    }

    @Test("status comes from the forecast: a target inside the 80% interval is at risk, beyond it off track, reached by the forecast on track")
    func statusFromForecast() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let auth = try await Self.headers(app, "admin@example.org")
            let targets = TargetRepository(db: app.db, scope: s.g.scope)
            let definition = try #require(try await IndicatorRepository(db: app.db, scope: s.g.scope).listing().first).current.definition
            let due = s.months.last!.shifted(by: 12)
            let forecast = Forecaster.forecast(ForecastInput(frequency: .monthly, rule: .sum, partnersRequired: 2, minimum: 0,
                                                             points: zip(s.months, s.totals).map { .init(period: $0, version: 1, value: $1, partnersCounted: 2) }),
                                               through: due)
            let point = try #require(forecast.point(at: due))
            // Counts take whole targets: one just below the forecast, one between it and the interval's top, one beyond.
            #expect(point.upper - point.value > 2, "an interval wide enough to hold a whole target")
            for (value, status) in [((point.value - 1).rounded(.down), "on_track"), (((point.value + point.upper) / 2).rounded(), "at_risk"),
                                    ((point.upper + 50).rounded(.up), "off_track")] {
                try await targets.set(indicator: s.served, organizationID: nil, baseline: .init(date: s.months[0].end, value: 150),
                                      target: .init(date: due.end.addingTimeInterval(-3600), value: value),
                                      definition: definition, now: Date())
                try await app.testing().test(.GET, "/api/v1/initiatives/river/indicators/PM-SERVED/forecast", headers: auth) { res in
                    let dto = try res.content.decode(ScenarioAPI.ForecastDTO.self)
                    #expect(dto.status == status, "target \(value)")
                    #expect(dto.whatItTakes?.targetPeriod == due.key)
                    #expect(abs((dto.whatItTakes?.neededPace ?? 0) - (value - s.totals.last!) / 12) < 1e-9)
                }
                // The Results API says the same.
                try await app.testing().test(.GET, "/api/v1/initiatives/river/results", headers: auth) { res in
                    #expect(res.text.contains("\"status\":\"\(status)\""), "results status for \(value)")
                }
            }
        }
    }

    @Test("the backbone saves, changes and deletes a scenario by form; partners may not; bad input is refused with nothing saved")
    func scenarioForms() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let scenarios = ScenarioRepository(db: app.db, scope: s.g.scope)
            let create = "\(s.indicatorPath)/scenarios"
            // Partners' members may not save scenarios.
            for browser in [s.g.viewer, s.g.steward] {
                try await browser.get(app, "\(create)/new") { #expect($0.status == .forbidden) }
                try await browser.post(app, create, Self.form(s)) { #expect($0.status == .forbidden) }
            }
            // Bad input, each refused with its message and nothing written.
            let thisMonth = ReportingPeriod.containing(Date(), frequency: .monthly)
            let bad: [([String: String], String)] = [
                (Self.form(s, from: thisMonth.previous.key), "A change cannot start in the past"),
                (Self.form(s).merging(["changes[0][partners][]": UUID().uuidString]) { $1 }, "Choose partners this indicator is assigned to"),
                (Self.form(s).merging(["changes[0][partners][]": s.g.backbone.id!.uuidString]) { $1 }, "Choose partners this indicator is assigned to"),
                (Self.form(s, amount: "-500"), "figure below zero"),
                (Self.form(s, amount: "nan"), "Enter a number between"),
                (Self.form(s, amount: "1e308"), "Enter a number between"),
                (Self.form(s, amount: "forty"), "Enter a number"),
                (Self.form(s, amount: "0"), "A change of zero changes nothing"),
                (Self.form(s, name: String(repeating: "x", count: 10_000)), "Keep the name to one line"),
                (Self.form(s, name: "  "), "Give the scenario a name."),
                (Self.form(s, from: "2027-Q1"), "Choose a period at the indicator"),
                (["name": "Nothing"], "Add at least one change."),
            ]
            for (fields, message) in bad {
                try await s.g.admin.post(app, create, fields) { res in
                    #expect(res.status == .unprocessableEntity, "\(message)")
                    #expect(res.text.contains(message), "\(message)")
                }
            }
            #expect(try await scenarios.all().isEmpty)
            // A good one.
            var id = UUID()
            try await s.g.admin.post(app, create, Self.form(s)) { res in
                #expect(res.status == .seeOther)
                id = try #require(UUID(uuidString: String(res.location?.split(separator: "/").last?.split(separator: "?").first ?? "")))
            }
            let saved = try #require(try await scenarios.find(id: id))
            #expect(saved.plan.changes == [ScenarioChange(kind: .add, partners: [s.g.club.id!], from: thisMonth.next.key, amount: 40)])
            try await s.g.viewer.get(app, "/i/river/scenarios/\(id)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("River Club: +40 each period from"))
                #expect(res.text.contains("chart-scenario-1"))
                #expect(!res.text.contains("Delete the scenario"))
            }
            try await s.g.viewer.get(app, s.indicatorPath) { res in
                #expect(res.text.contains("Club doubles"))
                #expect(res.text.contains("swatch-scenario-1"))
            }
            // Changes: a stale revision is a conflict; the right one saves.
            try await s.g.admin.post(app, "/i/river/scenarios/\(id)", Self.form(s, name: "Renamed").merging(["revision": "7"]) { $1 }) { res in
                #expect(res.status == .conflict)
            }
            try await s.g.admin.post(app, "/i/river/scenarios/\(id)", Self.form(s, name: "Renamed").merging(["revision": "9223372036854775808"]) { $1 }) { res in
                #expect(res.status == .unprocessableEntity)
            }
            try await s.g.viewer.post(app, "/i/river/scenarios/\(id)", Self.form(s, name: "Mine").merging(["revision": "1"]) { $1 }) { #expect($0.status == .forbidden) }
            try await s.g.admin.post(app, "/i/river/scenarios/\(id)", Self.form(s, name: "Renamed").merging(["revision": "1"]) { $1 }) { #expect($0.status == .seeOther) }
            #expect(try await scenarios.find(id: id)?.name == "Renamed")
            #expect(try await scenarios.find(id: id)?.revision == 2)
            try await s.g.viewer.post(app, "/i/river/scenarios/\(id)/delete", [:]) { #expect($0.status == .forbidden) }
            try await s.g.admin.post(app, "/i/river/scenarios/\(id)/delete", [:]) { #expect($0.status == .seeOther) }
            try await s.g.admin.get(app, "/i/river/scenarios/\(id)") { #expect($0.status == .notFound) }
            // Saving never touched a figure.
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 12)
        }
    }

    @Test("a working group lead saves scenarios only for the strategies their group owns")
    func leadsPlanForTheirStrategies() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let create = "\(s.indicatorPath)/scenarios"
            // Not yet chairing a group: nothing to plan for.
            try await s.g.lead.get(app, "\(create)/new") { #expect($0.status == .forbidden) }
            let group = try await GovernanceTests.group(app, s.g, "Early Learning", strategies: [s.g.reading])
            try await s.g.admin.post(app, "/i/river/governance/\(group)/members", ["user": s.g.leadUser.id!.uuidString, "organization": s.g.club.id!.uuidString,
                                                                                  "role": "chair", "termStart": "2025-01-01"]) { #expect($0.status == .seeOther) }
            try await s.g.lead.post(app, create, Self.form(s)) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Choose one of the strategies you may plan for."))
            }
            try await s.g.lead.post(app, create, Self.form(s).merging(["strategy": s.g.summer.uuidString]) { $1 }) { #expect($0.status == .unprocessableEntity) }
            var id = UUID()
            try await s.g.lead.post(app, create, Self.form(s).merging(["strategy": s.g.reading.uuidString]) { $1 }) { res in
                #expect(res.status == .seeOther)
                id = try #require(UUID(uuidString: String(res.location?.split(separator: "/").last?.split(separator: "?").first ?? "")))
            }
            // The backbone's own scenario (no strategy) is not the lead's to change.
            var backbones = UUID()
            try await s.g.admin.post(app, create, Self.form(s, name: "Backbone's")) { res in
                backbones = try #require(UUID(uuidString: String(res.location?.split(separator: "/").last?.split(separator: "?").first ?? "")))
            }
            try await s.g.lead.post(app, "/i/river/scenarios/\(backbones)/delete", [:]) { #expect($0.status == .forbidden) }
            try await s.g.lead.post(app, "/i/river/scenarios/\(id)", Self.form(s, name: "Lead's").merging(["strategy": s.g.reading.uuidString, "revision": "1"]) { $1 }) {
                #expect($0.status == .seeOther)
            }
        }
    }

    @Test("the scenario API: projection equals forecast plus the change, strict bodies, revisions, permissions and tenancy")
    func scenarioAPI() async throws {
        try await withBackbone { app in
            let s = try await Self.setUp(app)
            let admin = try await Self.headers(app, "admin@example.org")
            let viewer = try await Self.headers(app, "viewer@example.org")
            let base = "/api/v1/initiatives/river/scenarios"
            let next = ReportingPeriod.containing(Date(), frequency: .monthly).next
            let body: [String: Any] = ["indicator": "PM-SERVED", "name": "Club adds 40",
                                       "changes": [["kind": "add", "partners": [s.g.club.id!.uuidString], "from": next.key, "amount": 40]]]
            try await app.testing().test(.POST, base, headers: viewer, body: try Self.json(body)) { #expect($0.status == .forbidden) }
            // Bad bodies: unknown fields at both levels, an unknown kind, a huge number, an int64 revision.
            var unknown = body
            unknown["colour"] = "red"
            var unknownInChange = body
            unknownInChange["changes"] = [["kind": "add", "partners": [s.g.club.id!.uuidString], "from": next.key, "amount": 40, "amt": 1]]
            var badKind = body
            badKind["changes"] = [["kind": "double", "partners": [], "from": next.key, "amount": 40]]
            var huge = body
            huge["changes"] = [["kind": "add", "partners": [s.g.club.id!.uuidString], "from": next.key, "amount": 1e300]]
            var noSuchIndicator = body
            noSuchIndicator["indicator"] = "NO-SUCH-CODE"
            for bad in [unknown, unknownInChange, badKind, huge, noSuchIndicator] {
                try await app.testing().test(.POST, base, headers: admin, body: try Self.json(bad)) { #expect($0.status == .unprocessableEntity) }
            }
            try await app.testing().test(.POST, base, headers: admin, body: ByteBuffer(string: "{\"indicator\":\"PM-SERVED\",\"name\":\"x\",\"changes\":[],\"revision\":9223372036854775807}")) {
                #expect($0.status == .badRequest || $0.status == .unprocessableEntity)
            }
            #expect(try await ScenarioRepository(db: app.db, scope: s.g.scope).all().isEmpty)
            var created: ScenarioAPI.ScenarioDTO?
            try await app.testing().test(.POST, base, headers: admin, body: try Self.json(body)) { res in
                #expect(res.status == .created)
                created = try res.content.decode(ScenarioAPI.ScenarioDTO.self)
            }
            let scenario = try #require(created)
            let projection = try #require(scenario.projection)
            #expect(!projection.isEmpty)
            for point in projection {
                let change = point.period >= next.key ? 40.0 : 0
                #expect(abs(point.value - point.forecast - change) < 1e-9, "\(point.period)")
            }
            try await app.testing().test(.GET, "\(base)?indicator=PM-SERVED", headers: viewer) { res in
                let list = try res.content.decode(ScenarioAPI.ListDTO.self)
                #expect(list.items.map(\.id) == [scenario.id])
                #expect(list.items.first?.projection == nil)
            }
            try await app.testing().test(.GET, "\(base)/\(scenario.id)", headers: viewer) { #expect($0.status == .ok) }
            // PATCH: the revision is required and must be current.
            try await app.testing().test(.PATCH, "\(base)/\(scenario.id)", headers: admin, body: try Self.json(["name": "No revision"])) { #expect($0.status == .unprocessableEntity) }
            try await app.testing().test(.PATCH, "\(base)/\(scenario.id)", headers: admin, body: try Self.json(["name": "Stale", "revision": 5])) { #expect($0.status == .conflict) }
            try await app.testing().test(.PATCH, "\(base)/\(scenario.id)", headers: admin, body: try Self.json(["indicator": "OTHER", "revision": 1])) { #expect($0.status == .unprocessableEntity) }
            try await app.testing().test(.PATCH, "\(base)/\(scenario.id)", headers: viewer, body: try Self.json(["name": "Mine", "revision": 1])) { #expect($0.status == .forbidden) }
            try await app.testing().test(.PATCH, "\(base)/\(scenario.id)", headers: admin, body: try Self.json(["name": "Renamed", "revision": 1])) { res in
                #expect(res.status == .ok)
                let dto = try res.content.decode(ScenarioAPI.ScenarioDTO.self)
                #expect(dto.name == "Renamed" && dto.revision == 2 && dto.changes.count == 1)
            }
            // Another initiative's admin sees nothing of it.
            let fixtures = Fixtures(app)
            let lake = try await fixtures.initiative("lake")
            let stranger = try await fixtures.user("stranger@example.org")
            try await fixtures.member(stranger, of: lake, at: try await fixtures.organization("Lake Backbone", in: lake), as: .backboneAdmin)
            let strangerAuth: HTTPHeaders = ["Authorization": "Bearer \(try await fixtures.apiToken(for: stranger))", "Content-Type": "application/json"]
            try await app.testing().test(.GET, "\(base)/\(scenario.id)", headers: strangerAuth) { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/lake/scenarios/\(scenario.id)", headers: strangerAuth) { #expect($0.status == .notFound) }
            try await app.testing().test(.DELETE, "/api/v1/initiatives/lake/scenarios/\(scenario.id)", headers: strangerAuth) { #expect($0.status == .notFound) }
            // Bodies over the limit, on a real socket (where the server's body limit applies): refused unread, the server still answers.
            let oversized = String(repeating: "a", count: 2_000_000)
            try await app.testing(method: .running(port: 0)).test(.POST, base, headers: admin, body: ByteBuffer(string: oversized)) { #expect($0.status == .payloadTooLarge) }
            try await app.testing(method: .running(port: 0)).test(.POST, "\(s.indicatorPath)/scenarios", headers: s.g.admin.headers, beforeRequest: { req in
                try req.content.encode(["csrf_token": s.g.admin.csrfToken, "name": oversized], as: .urlEncodedForm)
            }) { #expect($0.status == .payloadTooLarge) }
            try await app.testing().test(.GET, "/healthz") { #expect($0.status == .ok) }
            try await app.testing().test(.DELETE, "\(base)/\(scenario.id)", headers: admin) { #expect($0.status == .noContent) }
            try await app.testing().test(.GET, "\(base)/\(scenario.id)", headers: admin) { #expect($0.status == .notFound) }
        }
    }
}
