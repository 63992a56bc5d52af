@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Filters on long lists")
struct FilterTests {
    @Test("the partners list narrows by sector and by words of the name; the action plan's list by partner and status; bad values show everything")
    func partnersAndActionPlan() async throws {
        try await withBackbone({ $0.demo = true }) { app in
            try await loadDemo(app, app.backbone)
            let staff = try await Fixtures(app).session(for: try #require(try await UserRepository(db: app.db).find(email: "backbone.staff@demo.backbone.local")))
            let base = "/i/\(DemoInitiative.slug)"
            let organizations = try await OrganizationModel.query(on: app.db).all()
            let education = organizations.filter { $0.parsedSector == .education }
            try await staff.get(app, base + "/partners?sector=education") { res in
                #expect(res.text.contains("\(education.count) of \(organizations.count) partner organizations"))
                for org in organizations {
                    let listed = res.text.contains(">\(org.name.replacingOccurrences(of: "&", with: "&amp;"))</a>")
                    #expect(listed == (org.parsedSector == .education), "\(org.name)")
                }
            }
            try await staff.get(app, base + "/partners?name=HARBOR%20reads") { res in
                #expect(res.text.contains(">Harbor Reads</a>") && res.text.contains("1 of \(organizations.count)"))
            }
            try await staff.get(app, base + "/partners?name=nothing-like-it") { #expect($0.text.contains("No partner matches these filters.")) }
            try await staff.get(app, base + "/partners?sector=space&name=") { res in
                #expect(res.status == .ok && res.text.contains("\(organizations.count) organizations take part in"), "an unknown sector is no filter")
            }

            let activities = try await ActivityModel.query(on: app.db).all()
            let underWay = activities.filter { $0.parsedStatus == .underWay }
            #expect(!underWay.isEmpty && underWay.count < activities.count)
            try await staff.get(app, base + "/activities?status=under_way") { res in
                let list = try #require(res.text.components(separatedBy: "id=\"list-title\"").last)
                let rows = list.components(separatedBy: "/activities/").count - 1
                #expect(rows == underWay.count, "one link per activity kept")
                #expect(list.contains("selected>Under way</option>") || list.contains("selected=\"\">Under way") || list.contains("\"under_way\" selected"))
            }
            let partner = try #require(activities.first?.organizationID)
            try await staff.get(app, base + "/activities?of=\(partner)&status=done") { res in
                let list = try #require(res.text.components(separatedBy: "id=\"list-title\"").last)
                let expected = activities.filter { $0.organizationID == partner && $0.parsedStatus == .done }.count
                #expect(list.components(separatedBy: "/activities/").count - 1 == expected)
                if expected == 0 { #expect(list.contains("No activity matches these filters.")) }
            }
            try await staff.get(app, base + "/activities?of=not-a-uuid&status=%00") { #expect($0.status == .ok) }
        }
    }
}
