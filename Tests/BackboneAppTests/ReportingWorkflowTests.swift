@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// The write path behind forms, CSV files and the API: validation, workflow, conflicts, locks, audit.
@Suite("Reporting workflow")
struct ReportingWorkflowTests {
    struct World {
        let scope: InitiativeScope
        let partner: OrganizationModel
        let other: OrganizationModel
        let tutored: IndicatorModel      // PM-SERVED: count, sum, monthly, by gender
        let completion: IndicatorModel   // PM-COMPLETE: percent, ratio, quarterly
        let steward: UserModel
        let reviewer: UserModel
        var reporting: ReportingRepository
        var indicators: IndicatorRepository
    }

    static let march = ReportingPeriod(key: "2026-03")!
    static let inMarch = Date.utc(2026, 3, 20)

    static func world(_ app: Application) async throws -> World {
        let fixtures = Fixtures(app)
        let initiative = try await fixtures.initiative("river")
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let partner = try await fixtures.organization("River Reads", in: initiative)
        let other = try await fixtures.organization("Other Partner", in: initiative)
        let indicators = IndicatorRepository(db: app.db, scope: scope)
        let tutored = try await indicators.adopt(IndicatorCatalog.starter.entry(code: "PM-SERVED")!, now: inMarch)
        let completion = try await indicators.adopt(IndicatorCatalog.starter.entry(code: "PM-COMPLETE")!, now: inMarch)
        try await indicators.assign(indicator: tutored, organizationID: partner.requireID(), dimensionKeys: ["gender"], now: inMarch)
        try await indicators.assign(indicator: completion, organizationID: partner.requireID(), dimensionKeys: [], now: inMarch)
        return World(scope: scope, partner: partner, other: other, tutored: tutored, completion: completion,
                     steward: try await fixtures.user("steward@example.org"), reviewer: try await fixtures.user("reviewer@example.org"),
                     reporting: ReportingRepository(db: app.db, scope: scope), indicators: indicators)
    }

    static func tutoring(_ total: Double, female: Double, male: Double, comment: String = "") -> IndicatorReport {
        IndicatorReport(total: .init(value: total), cells: ["gender": [
            "female": .init(value: female), "male": .init(value: male), "another": .init(value: 0), "unknown": .init(value: 0),
        ]], comment: comment)
    }

    static func fieldErrors(_ body: () async throws -> Void) async -> FieldErrors? {
        do { try await body(); return nil } catch let errors as FieldErrors { return errors } catch { return nil }
    }

    @Test("draft, submit, return, resubmit, approve, reopen")
    func workflow() async throws {
        try await withBackbone { app in
            let w = try await Self.world(app)
            let partnerID = try w.partner.requireID()
            let id = try w.tutored.requireID()

            // a draft may be incomplete
            let draft = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: IndicatorReport(total: .init(value: 30))],
                                                   expectedRevision: 0, intent: .saveDraft, userID: w.steward.requireID(), now: Self.inMarch)
            #expect(draft.submission.parsedStatus == .draft)
            #expect(draft.submission.revision == 1)
            // submitting needs every cell, and cells must add up
            let incomplete = await Self.fieldErrors {
                _ = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: Self.tutoring(30, female: 10, male: 10)],
                                               expectedRevision: 1, intent: .submit, userID: w.steward.requireID(), now: Self.inMarch)
            }
            #expect(incomplete?["\(id).cell.gender"]?.contains("add up to 20") == true)
            #expect(try await w.reporting.submission(organizationID: partnerID, periodKey: "2026-03")?.revision == 1)

            let submitted = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: Self.tutoring(30, female: 18, male: 12)],
                                                       expectedRevision: 1, intent: .submit, userID: w.steward.requireID(), now: Self.inMarch)
            #expect(submitted.submission.parsedStatus == .submitted)
            // submitted reports cannot be edited by the partner
            let locked = await Self.fieldErrors {
                _ = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: Self.tutoring(31, female: 19, male: 12)],
                                               expectedRevision: 2, intent: .saveDraft, userID: w.steward.requireID(), now: Self.inMarch)
            }
            #expect(locked?.isConflict == true)

            // returning needs a comment
            let submission = submitted.submission
            let noComment = await Self.fieldErrors { try await w.reporting.review(submission, to: .returned, comment: " ", userID: w.reviewer.requireID(), now: Self.inMarch) }
            #expect(noComment?["comment"] != nil)
            try await w.reporting.review(submission, to: .returned, comment: "Please check the male count.", userID: w.reviewer.requireID(), now: Self.inMarch)
            let returned = try #require(try await w.reporting.submission(id: submission.requireID()))
            #expect(returned.parsedStatus == .returned)
            #expect(returned.reviewComment == "Please check the male count.")

            _ = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: Self.tutoring(32, female: 18, male: 14)],
                                           expectedRevision: Revision(stored: returned.revision), intent: .submit, userID: w.steward.requireID(), now: Self.inMarch)
            let resubmitted = try #require(try await w.reporting.submission(id: submission.requireID()))
            try await w.reporting.review(resubmitted, to: .approved, comment: "", userID: w.reviewer.requireID(), now: Self.inMarch)
            // approving twice (a second reviewer racing) is refused
            let twice = await Self.fieldErrors { try await w.reporting.review(resubmitted, to: .approved, comment: "", userID: w.reviewer.requireID(), now: Self.inMarch) }
            #expect(twice?.isConflict == true)
            let approved = try #require(try await w.reporting.submission(id: submission.requireID()))
            #expect(approved.parsedStatus == .approved)
            // reopening an approved report needs a reason and sends it back
            try await w.reporting.review(approved, to: .returned, comment: "Definition clarified; please re-check.", userID: w.reviewer.requireID(), now: Self.inMarch)
            #expect(try await w.reporting.submission(id: submission.requireID())?.parsedStatus == .returned)
            #expect(try await w.reporting.reports(organizationID: partnerID, periodKey: "2026-03")[id]?.total.value == 32)
        }
    }

    @Test("a save based on an old revision is refused and writes nothing")
    func staleRevision() async throws {
        try await withBackbone { app in
            let w = try await Self.world(app)
            let partnerID = try w.partner.requireID()
            let id = try w.tutored.requireID()
            _ = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: IndicatorReport(total: .init(value: 30))],
                                           expectedRevision: 0, intent: .saveDraft, userID: w.steward.requireID(), now: Self.inMarch)
            _ = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: IndicatorReport(total: .init(value: 31))],
                                           expectedRevision: 1, intent: .saveDraft, userID: w.reviewer.requireID(), now: Self.inMarch)
            let stale = await Self.fieldErrors {
                _ = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: IndicatorReport(total: .init(value: 99))],
                                               expectedRevision: 1, intent: .saveDraft, userID: w.steward.requireID(), now: Self.inMarch)
            }
            #expect(stale?.isConflict == true)
            #expect(stale?["revision"]?.contains("Someone else saved") == true)
            #expect(try await w.reporting.reports(organizationID: partnerID, periodKey: "2026-03")[id]?.total.value == 31)
        }
    }

    @Test("unassigned indicators, other frequencies and locked periods are refused with an explanation")
    func refusals() async throws {
        try await withBackbone { app in
            let w = try await Self.world(app)
            let otherID = try w.other.requireID()
            let id = try w.tutored.requireID()
            let unassigned = await Self.fieldErrors {
                _ = try await w.reporting.save(organizationID: otherID, period: Self.march, reports: [id: IndicatorReport(total: .init(value: 3))],
                                               expectedRevision: 0, intent: .saveDraft, userID: w.steward.requireID(), now: Self.inMarch)
            }
            #expect(unassigned?["\(id).total"]?.contains("not assigned") == true)
            // a quarterly indicator is not part of a monthly report
            let quarterly = try w.completion.requireID()
            let wrongFrequency = await Self.fieldErrors {
                _ = try await w.reporting.save(organizationID: w.partner.requireID(), period: Self.march,
                                               reports: [quarterly: IndicatorReport(total: .init(numerator: 1, denominator: 2))],
                                               expectedRevision: 0, intent: .saveDraft, userID: w.steward.requireID(), now: Self.inMarch)
            }
            #expect(wrongFrequency?["\(quarterly).total"] != nil)
            // 90 days after March ends the period is locked, until the backbone grants an exception
            let late = Date.utc(2026, 7, 15)
            let locked = await Self.fieldErrors {
                _ = try await w.reporting.save(organizationID: w.partner.requireID(), period: Self.march, reports: [id: IndicatorReport(total: .init(value: 3))],
                                               expectedRevision: 0, intent: .saveDraft, userID: w.steward.requireID(), now: late)
            }
            #expect(locked?["period"]?.contains("locked on 2026-06-29") == true)
            let exception = LockExceptionModel()
            exception.initiativeID = w.scope.initiativeID
            exception.organizationID = try w.partner.requireID()
            exception.periodKey = "2026-03"
            exception.until = Date.utc(2026, 8, 1)
            exception.grantedBy = try w.reviewer.requireID()
            try await exception.create(on: app.db)
            _ = try await w.reporting.save(organizationID: w.partner.requireID(), period: Self.march, reports: [id: IndicatorReport(total: .init(value: 3))],
                                           expectedRevision: 0, intent: .saveDraft, userID: w.steward.requireID(), now: late)
            #expect(try await MeasurementValueModel.query(on: app.db).count() == 1)
            // a period that has not started
            let future = await Self.fieldErrors {
                _ = try await w.reporting.save(organizationID: w.partner.requireID(), period: ReportingPeriod(key: "2026-05")!, reports: [:],
                                               expectedRevision: 0, intent: .saveDraft, userID: w.steward.requireID(), now: Self.inMarch)
            }
            #expect(future?["period"]?.contains("has not started") == true)
        }
    }

    @Test("an unusual value needs a comment to be submitted")
    func unusualNeedsComment() async throws {
        try await withBackbone { app in
            let w = try await Self.world(app)
            let partnerID = try w.partner.requireID()
            let id = try w.tutored.requireID()
            // six months of about 30 children
            for (offset, total) in [30.0, 31, 29, 30, 32, 28].enumerated() {
                let period = Self.march.shifted(by: offset - 6)
                _ = try await w.reporting.save(organizationID: partnerID, period: period,
                                               reports: [id: Self.tutoring(total, female: total - 10, male: 10)],
                                               expectedRevision: 0, intent: .saveDraft, userID: w.steward.requireID(),
                                               now: period.end)
            }
            let unusual = Self.tutoring(300, female: 290, male: 10)
            let refused = await Self.fieldErrors {
                _ = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: unusual],
                                               expectedRevision: 0, intent: .submit, userID: w.steward.requireID(), now: Self.inMarch)
            }
            #expect(refused?["\(id).comment"]?.contains("unusual") == true)
            var explained = unusual
            explained.comment = "Summer camp doubled as a tutoring site this month."
            let outcome = try await w.reporting.save(organizationID: partnerID, period: Self.march, reports: [id: explained],
                                                     expectedRevision: 0, intent: .submit, userID: w.steward.requireID(), now: Self.inMarch)
            #expect(outcome.warnings["\(id).total.value"] != nil)
            #expect(outcome.submission.parsedStatus == .submitted)
        }
    }

    @Test("replaying the audit trail from empty gives exactly the stored values")
    func auditReplay() async throws {
        try await withBackbone { app in
            let w = try await Self.world(app)
            let partnerID = try w.partner.requireID()
            let id = try w.tutored.requireID()
            var rng = SeededRandom(seed: 2026)
            var revisions: [String: Int] = [:]
            for step in 0..<40 {
                let period = Self.march.shifted(by: -Int.random(in: 0...3, using: &rng))
                let female = Double(Int.random(in: 0...40, using: &rng))
                let male = Double(Int.random(in: 0...40, using: &rng))
                let report: IndicatorReport = switch Int.random(in: 0...2, using: &rng) {
                case 0: IndicatorReport(total: .init(value: female + male), comment: "step \(step)")   // total only
                case 1: Self.tutoring(female + male, female: female, male: male)
                default: IndicatorReport(total: .init())                                                // cleared
                }
                let outcome = try await w.reporting.save(organizationID: partnerID, period: period, reports: [id: report],
                                                         expectedRevision: Revision(stored: revisions[period.key] ?? 0), intent: .saveDraft,
                                                         userID: w.steward.requireID(), now: Self.inMarch.addingTimeInterval(Double(step)))
                revisions[period.key] = outcome.submission.revision
            }
            // replay
            var replayed: [String: StoredFigure] = [:]
            for entry in try await w.reporting.audit() {
                let key = "\(entry.periodKey)|\(entry.dimensionKey)|\(entry.categoryKey)"
                #expect((try entry.oldJSON.map(StoredFigure.decode)) == replayed[key], "audit 'old' must match the replayed state")
                replayed[key] = try entry.newJSON.map(StoredFigure.decode)
            }
            var stored: [String: StoredFigure] = [:]
            for row in try await MeasurementValueModel.query(on: app.db).all() {
                stored["\(row.periodKey)|\(row.dimensionKey)|\(row.categoryKey)"] = StoredFigure(row)
            }
            #expect(!stored.isEmpty)
            #expect(replayed == stored)
        }
    }
}
