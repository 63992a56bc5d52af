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

    @Test("a steering member sees results at a glance, counted as the results page counts them; a chair sees their group's quarter; staff see who is late")
    func eachRoleItsOwn() async throws {
        try await withBackbone({ $0.demo = true }) { app in
            try await loadDemo(app, app.backbone)
            let fixtures = Fixtures(app)
            func browser(_ email: String) async throws -> Browser {
                try await fixtures.session(for: try #require(try await UserRepository(db: app.db).find(email: email)))
            }
            let home = "/i/\(DemoInitiative.slug)"
            let steering = try await browser("steering@demo.backbone.local")
            var onResultsPage: [String: Int] = [:]
            try await steering.get(app, home + "/results") { res in
                for status in TargetStatus.allCases {
                    onResultsPage[status.title] = res.text.components(separatedBy: ">\(status.title)</span>").count - 1
                }
            }
            try await steering.get(app, home) { res in
                let text = res.text
                #expect(text.contains("Results at a glance") && text.contains("What the figures of the last four quarters say"))
                let learning = try #require(text.components(separatedBy: "class=\"learning-list\"").dropFirst().first?.components(separatedBy: "</ul>").first)
                #expect(learning.components(separatedBy: "<li>").count - 1 == 3, "the summary's top three statements")
                #expect(text.contains("Latest impact report:"))
                let glance = try #require(text.components(separatedBy: "class=\"status-counts\"").dropFirst().first?.components(separatedBy: "</ul>").first)
                var counted = 0
                for (title, expected) in onResultsPage where expected > 0 {
                    #expect(glance.contains(">\(title)</span> <strong>\(expected)</strong>"), "\(title): \(expected) on the results page")
                    counted += expected
                }
                #expect(counted == DemoMeasurement.indicatorCodes.count)
            }
            let lead = try await browser("wg.lead@demo.backbone.local")
            try await lead.get(app, home) { res in
                #expect(res.text.contains("Moved most since the period before"), "those who do not steer see what moved")
                #expect(res.text.contains(", better</li>") || res.text.contains(", worse</li>"))
                #expect(res.text.contains("You lead: "))
                #expect(res.text.contains("This quarter ("))
                #expect(res.text.contains("Activities under its strategies"))
            }
            let staff = try await browser("backbone.staff@demo.backbone.local")
            try await staff.get(app, home) { res in
                #expect(res.text.contains("late with a report") || res.text.contains("No partner is overdue."))
                #expect(res.text.contains("Results at a glance"))
            }
        }
    }
}
