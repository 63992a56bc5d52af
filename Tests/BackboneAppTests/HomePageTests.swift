@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("The initiative's home page, by role")
struct HomePageTests {
    @Test("a data steward sees their reports to send first, with due days and a button; the backbone sees what waits for review")
    func firstThingsFirst() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            let month = ReportingPeriod.containing(Date(), frequency: .monthly)
            let reportPath = "/i/river/reporting/\(s.partner.id!)/\(month.key)"
            try await s.steward.get(app, "/i/river") { res in
                let text = res.text
                #expect(text.contains("Your reports to send"))
                #expect(text.contains(#"href="\#(reportPath)""#) && text.contains(">Fill in<"))
                let reports = try #require(text.range(of: "Your reports to send")), glance = try #require(text.range(of: "At a glance"))
                #expect(reports.lowerBound < glance.lowerBound, "what to do comes before the counts")
                #expect(!text.contains("Open the review queue"), "a steward does not review")
            }
            try await s.admin.get(app, "/i/river") { res in
                #expect(res.text.contains("Nothing is waiting.") && res.text.contains("Open the review queue"))
                #expect(!res.text.contains("Your reports to send"), "the backbone reports for no one by default")
            }
            // Once submitted, the report leaves the steward's list and joins the backbone's queue.
            let id = s.served.id!.uuidString
            try await s.steward.post(app, reportPath, ["action": "submit", "revision": "0", "\(id).total.value": "13",
                "\(id).cell.gender.female.value": "7", "\(id).cell.gender.male.value": "4", "\(id).cell.gender.another.value": "0",
                "\(id).cell.gender.unknown.value": "2"]) { #expect($0.status == .seeOther) }
            try await s.steward.get(app, "/i/river") { res in #expect(!res.text.contains(#"href="\#(reportPath)""#)) }
            try await s.admin.get(app, "/i/river") { res in #expect(res.text.contains("Waiting for review (1)")) }
        }
    }
}
