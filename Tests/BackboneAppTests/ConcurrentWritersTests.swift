@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// Many people saving at once: on SQLite their write transactions take turns instead of failing
/// with "database is locked"; on PostgreSQL the same requests run side by side.
@Suite("Concurrent writers")
struct ConcurrentWritersTests {
    @Test("8 writers saving reports at the same moment, 5 times each: every save succeeds and keeps its figure")
    func eightWriters() async throws {
        try await withBackbone { app in
            // setup: each writer reports for a partner of its own, this month
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let initiative = try #require(try await InitiativeRepository(db: app.db).find(slug: "river"))
            var partners = [s.other]
            for number in 1...7 {
                let partner = try await Fixtures(app).organization("Partner \(number)", in: initiative)
                try await IndicatorRepository(db: app.db, scope: scope).assign(indicator: s.served, organizationID: partner.requireID(), dimensionKeys: [], now: Date())
                partners.append(partner)
            }
            let period = ReportingPagesTests.thisMonth
            let field = "\(s.served.id!).total.value"

            // act
            let statuses = try await withThrowingTaskGroup(of: [HTTPStatus].self) { group in
                for (writer, partner) in partners.enumerated() {
                    group.addTask {
                        var seen: [HTTPStatus] = []
                        for round in 0..<5 {
                            // A write that waited its whole patience for a turn is answered 503 "busy",
                            // having written nothing, and a client sends it again. On a machine running
                            // the whole suite at once that can happen; anything else cannot.
                            var status = HTTPStatus.serviceUnavailable
                            for _ in 0..<5 where status == .serviceUnavailable {
                                try await s.admin.post(app, "/i/river/reporting/\(partner.id!)/\(period)",
                                                       [field: String(writer * 100 + round), "revision": String(round), "action": "save"]) { status = $0.status }
                            }
                            seen.append(status)
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }

            // verify
            #expect(statuses.count == 40)
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(Dictionary(grouping: statuses, by: \.code).mapValues(\.count))")
            let reporting = ReportingRepository(db: app.db, scope: scope)
            for (writer, partner) in partners.enumerated() {
                let submission = try #require(try await reporting.submission(organizationID: partner.requireID(), periodKey: period))
                #expect(submission.revision == 5, "\(partner.name)")
                let values = try await MeasurementValueModel.query(on: app.db).filter(\.$submissionID == submission.requireID()).all()
                #expect(values.compactMap(\.value) == [Double(writer * 100 + 4)], "\(partner.name): the last save's figure")
            }
        }
    }
}

extension ConcurrentWritersTests {
    @Test("a writer that waits too long for its turn gets a clear 'busy' (503), the queue goes on, and the next writer is served")
    func writerQueuePatience() async throws {
        let queue = WriterQueue()
        let (release, releaser) = AsyncStream<Void>.makeStream()
        let (held, holder) = AsyncStream<Void>.makeStream()
        let first = Task {
            try await queue.serialized(patience: .seconds(60)) {
                holder.yield()
                for await _ in release { break }
                return 1
            }
        }
        for await _ in held { break }
        do {
            _ = try await queue.serialized(patience: .milliseconds(50)) { 2 }
            Issue.record("a writer waited past its patience")
        } catch {
            #expect(DatabaseFault(error) == .busy)
            #expect(DatabaseFault(error)?.retryAfter == 2)
        }
        let third = Task { try await queue.serialized(patience: .seconds(60)) { 3 } }
        releaser.yield()
        #expect(try await first.value == 1)
        #expect(try await third.value == 3, "the writer that gave up does not hold up those behind it")
        #expect(try await queue.serialized(patience: .milliseconds(50)) { 4 } == 4)
    }

    @Test("five people racing through first-run setup at once create one administrator")
    func setupRace() async throws {
        try await withBackbone { app in
            // setup: five browsers with the setup page open
            var browsers: [Browser] = []
            for _ in 0..<5 { browsers.append(try await Browser.anonymous(on: app)) }
            // act
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (index, browser) in browsers.enumerated() {
                    group.addTask {
                        var status = HTTPStatus.ok
                        try await browser.post(app, "/setup", ["displayName": "Admin \(index)", "email": "admin\(index)@example.org",
                                                               "password": "a long enough passphrase", "passwordConfirmation": "a long enough passphrase"]) { status = $0.status }
                        return status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // verify
            #expect(try await UserModel.query(on: app.db).count() == 1)
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.allSatisfy { $0 == .seeOther || $0 == .notFound }, "\(statuses)")
        }
    }
}

extension ConcurrentWritersTests {
    @Test("clients saving different indicators of one report without a revision lose nothing: each keeps the last value acknowledged for it")
    func mergesKeepOthersFigures() async throws {
        try await withBackbone { app in
            // setup: one partner reports three monthly counts
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let indicators = IndicatorRepository(db: app.db, scope: scope)
            let codes = ["PM-SERVED", "PM-SESSIONS", "PM-ENROLLED"]
            for code in codes.dropFirst() {
                let adopted = try await indicators.adopt(IndicatorCatalog.starter.entry(code: code)!, now: Date())
                try await indicators.assign(indicator: adopted, organizationID: s.other.requireID(), dimensionKeys: [], now: Date())
            }
            let admin = try #require(try await UserRepository(db: app.db).find(email: "admin@example.org"))
            let headers: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: admin))", "Content-Type": "application/json"]
            let path = "/api/v1/initiatives/river/reports/\(s.other.id!)/\(ReportingPagesTests.thisMonth)"

            // act: three clients, ten saves each, interleaved
            let statuses = try await withThrowingTaskGroup(of: [HTTPStatus].self) { group in
                for code in codes {
                    group.addTask {
                        var seen: [HTTPStatus] = []
                        for round in 0..<10 {
                            try await app.testing().test(.PUT, path, headers: headers, beforeRequest: {
                                $0.body = .init(string: #"{"intent": "draft", "indicators": [{"code": "\#(code)", "total": {"value": \#(round)}}]}"#)
                            }) { seen.append($0.status) }
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }

            // verify
            #expect(statuses.count == 30 && statuses.allSatisfy { $0 == .ok }, "\(Dictionary(grouping: statuses, by: \.code).mapValues(\.count))")
            let stored = try await ReportingRepository(db: app.db, scope: scope).reports(organizationID: s.other.requireID(), periodKey: ReportingPagesTests.thisMonth)
            #expect(stored.count == 3)
            #expect(stored.values.allSatisfy { $0.total.value == 9 }, "\(stored.values.map { $0.total.value })")
            // A save with a stale revision is still refused.
            try await app.testing().test(.PUT, path, headers: headers, beforeRequest: {
                $0.body = .init(string: #"{"intent": "draft", "revision": 1, "indicators": [{"code": "PM-SERVED", "total": {"value": 99}}]}"#)
            }) { #expect($0.status == .conflict) }
        }
    }
}
