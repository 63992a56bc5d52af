@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Targets for single partners")
struct PartnerTargetTests {
    static func target(_ whose: String, baseline: String, target: String) -> [String: String] {
        ["whose": whose, "baselineValue": baseline, "baselineDate": "2025-01-01", "targetValue": target, "targetDate": "2030-01-01"]
    }

    @Test("the backbone sets a partner's target; its status uses that partner's figures; partners see only their own row")
    func partnerTargets() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let path = "/i/river/indicators/\(s.served.id!)"
            let backbone = try await OrganizationModel.query(on: app.db).filter(\.$name == "River Forward").first()!
            for whose in [UUID().uuidString, backbone.id!.uuidString, "everyone"] {
                try await s.admin.post(app, path + "/target", Self.target(whose, baseline: "1", target: "2")) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.text.contains("a partner that reports this indicator"))
                }
            }
            try await s.steward.post(app, path + "/target", Self.target(s.partner.id!.uuidString, baseline: "1", target: "2")) {
                #expect($0.status == .forbidden)
            }
            try await s.admin.post(app, path + "/target", Self.target("initiative", baseline: "100", target: "200")) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, path + "/target", Self.target(s.partner.id!.uuidString, baseline: "4", target: "6")) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, path + "/target", Self.target(s.other.id!.uuidString, baseline: "7777", target: "8888")) { #expect($0.status == .seeOther) }
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let stored = try await TargetRepository(db: app.db, scope: scope).targets(indicatorID: s.served.requireID())
            #expect(stored.count == 3, "one target per initiative and per partner, replaced not added")
            #expect(stored.first { $0.organizationID == nil }?.baselineValue == 100)

            // River Reads reports 10 this month: far above its own trajectory from 4 to 6.
            let reporting = ReportingRepository(db: app.db, scope: scope)
            let admin = try await UserRepository(db: app.db).find(email: "admin@example.org")!
            let saved = try await reporting.save(organizationID: s.partner.requireID(), period: ReportingPeriod.containing(Date(), frequency: .monthly),
                                                 reports: [s.served.id!: IndicatorReport(total: .init(value: 10))],
                                                 expectedRevision: 0, intent: .submit, userID: admin.requireID(), now: Date())
            try await reporting.review(saved.submission, to: .approved, comment: "", userID: admin.requireID(), now: Date())

            try await s.admin.get(app, path) { res in
                #expect(res.text.contains("Partner targets"))
                #expect(res.text.replacingOccurrences(of: "\u{00A0}", with: " ").contains("Baseline 4 on Jan 1, 2025; target 6 by Jan 1, 2030."))
                #expect(res.text.contains("Baseline 7,777"))
                #expect(res.text.contains("On track"), "River Reads is ahead of its own trajectory")
                #expect(res.text.contains("Off track"), "the initiative total of 10 is far below its trajectory from 100")
            }
            try await s.steward.get(app, path) { res in
                #expect(res.text.replacingOccurrences(of: "\u{00A0}", with: " ").contains("Baseline 4 on Jan 1, 2025"))
                #expect(!res.text.contains("7,777"), "another partner's target is not shown to a partner")
                #expect(!res.text.contains("Remove the target"))
            }
            try await s.admin.post(app, path + "/target/remove", ["organizationID": s.other.id!.uuidString]) { #expect($0.status == .seeOther) }
            try await s.steward.post(app, path + "/target/remove", ["organizationID": s.partner.id!.uuidString]) { #expect($0.status == .forbidden) }
            let left = try await TargetRepository(db: app.db, scope: scope).targets(indicatorID: s.served.requireID())
            #expect(Set(left.map(\.organizationID)) == [nil, s.partner.id])
        }
    }
}
