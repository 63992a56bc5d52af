@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Foundation
import Testing

@Suite("Governance diagram at scale")
struct GovernanceDiagramTests {
    /// A steering committee and two working groups; `partners` organizations serve in the first
    /// group, and the first ten of them in the second too.
    static func structure(partners: Int) -> GovernanceStructure {
        func body(_ kind: BodyKind, _ name: String) -> GovernanceBodyModel {
            let body = GovernanceBodyModel()
            body.id = UUID(); body.kind = kind.rawValue; body.name = name; body.status = BodyStatus.active.rawValue
            return body
        }
        let committee = body(.steeringCommittee, "Steering Committee"), early = body(.workingGroup, "Early Learning"), jobs = body(.workingGroup, "Jobs")
        let organizations = (0..<partners).map { index in
            OrganizationModel(id: UUID(), initiativeID: UUID(), name: "Partner \(index)", sector: .nonprofit, isBackbone: false, website: "", description: "", createdAt: Date())
        }
        var members: [BodyMemberModel] = []
        for (index, organization) in organizations.enumerated() {
            for group in index < 10 ? [early, jobs] : [early] {
                let member = BodyMemberModel()
                member.id = UUID(); member.bodyID = group.id!; member.organizationID = organization.id!; member.name = "Person \(index)"
                member.role = BodyRole.member.rawValue; member.termStart = "2020-01-01"
                members.append(member)
            }
        }
        return GovernanceStructure(bodies: [committee, early, jobs], members: members, strategies: [:], organizations: organizations, changeParts: [])
    }

    @Test("a few partners are drawn by name; hundreds are counted in their groups and named in the text instead")
    func partnersCountedPastAFewDozen() throws {
        let today = CalendarDay(containing: Date())
        let small = Self.structure(partners: 12).diagram(initiative: "River", slug: "river", today: today, Texts(.en))
        #expect(small.columns.count == 3 && small.columns[2].count == 12)

        let large = Self.structure(partners: 300).diagram(initiative: "River", slug: "river", today: today, Texts(.en))
        #expect(large.columns.count == 2, "no column of 300 names")
        #expect(large.columns[1].map(\.title) == ["Early Learning (300 partners)", "Jobs (10 partners)"])
        #expect(large.links.count == 2, "the committee to each group")
        let svg = large.svg(id: "governance")
        #expect(!svg.contains("Partner 299") && svg.contains("Early Learning (300 partners)"))
    }
}
