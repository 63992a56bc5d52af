/// The demo initiative: a fictional county's cradle-to-career partnership.
///
/// Pure data, so that it is deterministic and lives in one place; the persistence layer loads it
/// and later capabilities extend it here.
public enum DemoInitiative {
    public struct Organization: Sendable {
        public let name: String
        public let sector: Sector
        public let isBackbone: Bool
        public let website: String
        public let description: String
    }

    public struct Person: Sendable {
        public let email: String
        public let displayName: String
        public let role: Role
        public let organizationName: String
    }

    public static let slug = "harbor-county"
    public static let name = "Harbor County Cradle to Career"
    public static let place = "Harbor County"
    public static let problemStatement =
        "Too few Harbor County children move from birth through school into a living-wage career."

    /// The platform administrator of the demo installation.
    public static let platformAdmin = Person(
        email: "admin@demo.backbone.local", displayName: "Avery Platform",
        role: .backboneAdmin, organizationName: "Harbor Forward")

    public static let organizations: [Organization] = [
        org("Harbor Forward", .nonprofit, backbone: true, "The backbone organization that convenes the partnership, manages shared data and supports the working groups."),
        org("Harbor County Public Schools", .education, "The county's school district: 31 schools from pre-K to grade 12."),
        org("Eastside Charter Academy", .education, "A K-8 public charter school on the east side."),
        org("Harbor Community College", .education, "Two campuses offering associate degrees and workforce certificates."),
        org("Little Sprouts Early Learning Network", .nonprofit, "A network of 14 licensed child-care centers and home providers."),
        org("Harbor Reads", .nonprofit, "Volunteer reading tutors for children in kindergarten to grade 3."),
        org("Boys & Girls Club of Harbor County", .nonprofit, "After-school and summer programs at six club sites."),
        org("Bridges Mentoring", .nonprofit, "One-to-one mentoring for middle- and high-school students."),
        org("Harbor County Health Department", .government, "Public health, home visiting and immunization services."),
        org("Harbor County Department of Human Services", .government, "Family support, child welfare and benefits enrolment."),
        org("Harbor County Public Library", .government, "Eleven branches, early-literacy story times and homework help."),
        org("Harbor Community Foundation", .philanthropy, "The county's community foundation and a lead funder of the partnership."),
        org("United Way of Harbor County", .philanthropy, "Pooled giving and grants for family stability."),
        org("Harbor Regional Medical Center", .health, "The county's hospital system and largest employer."),
        org("Tidewater Manufacturing", .business, "Advanced manufacturing employer offering apprenticeships."),
        org("Harbor Chamber of Commerce", .business, "Brings local employers to internships and career days."),
        org("First Harbor Credit Union", .business, "Financial coaching and youth savings accounts."),
        org("Northside Neighbors Association", .residentAssociation, "Residents of the Northside neighborhoods."),
        org("Harbor Interfaith Council", .faith, "Congregations running summer meals and family nights."),
        org("Latino Family Alliance", .communityGroup, "Parent leadership and bilingual family outreach."),
        org("Harbor Youth Workforce Board", .government, "Summer jobs and career pathways for ages 16 to 24."),
    ]

    /// One demo user per role, each at a plausible organization.
    public static let people: [Person] = [
        Person(email: "backbone.admin@demo.backbone.local", displayName: "Jordan Reyes", role: .backboneAdmin, organizationName: "Harbor Forward"),
        Person(email: "backbone.staff@demo.backbone.local", displayName: "Priya Natarajan", role: .backboneStaff, organizationName: "Harbor Forward"),
        Person(email: "steering@demo.backbone.local", displayName: "Marcus Whitfield", role: .steeringCommitteeMember, organizationName: "Harbor Community Foundation"),
        Person(email: "wg.lead@demo.backbone.local", displayName: "Elena Morales", role: .workingGroupLead, organizationName: "Harbor Reads"),
        Person(email: "data.steward@demo.backbone.local", displayName: "Sam Okafor", role: .partnerDataSteward, organizationName: "Boys & Girls Club of Harbor County"),
        Person(email: "viewer@demo.backbone.local", displayName: "Grace Liu", role: .partnerViewer, organizationName: "Harbor County Public Library"),
        Person(email: "funder@demo.backbone.local", displayName: "Dana Brooks", role: .funder, organizationName: "United Way of Harbor County"),
    ]

    /// Used only when the operator has not chosen one (BACKBONE_DEMO_PASSWORD).
    public static let defaultPassword = "backbone-demo"

    private static func org(_ name: String, _ sector: Sector, backbone: Bool = false, _ description: String) -> Organization {
        let host = name.lowercased().filter { $0.isLetter || $0.isNumber }
        return Organization(name: name, sector: sector, isBackbone: backbone,
                            website: "https://\(host).example.org", description: description)
    }
}
