import Foundation

/// The demo initiative's governance and action plan: a steering committee, four working groups
/// (one merged task force kept for the record), their members, cycles, and about forty
/// activities with one visible gap (housing navigation: nothing planned or under way) and one
/// visible overlap (two partners run the same summer reading camp on the Northside).
public enum DemoGovernance {
    public struct Body: Sendable {
        public let kind: BodyKind
        public let name: String
        public let purpose: String
        public let scope: String
        public let decisionRights: String
        public let status: BodyStatus
        public let strategies: [String]
        public let members: [Member]
    }

    /// `email` links the seat to a demo account, which lets a chair edit the group.
    public struct Member: Sendable {
        public let name: String
        public let organization: String
        public let role: BodyRole
        public let email: String?
        /// Months before today the term started; a negative end means it ended that many months ago.
        public let startedMonthsAgo: Int
        public let endedMonthsAgo: Int?
    }

    static func m(_ name: String, _ organization: String, _ role: BodyRole = .member, email: String? = nil, since: Int = 18, ended: Int? = nil) -> Member {
        Member(name: name, organization: organization, role: role, email: email, startedMonthsAgo: since, endedMonthsAgo: ended)
    }

    public static let bodies: [Body] = [
        Body(kind: .steeringCommittee, name: "Steering Committee",
             purpose: "Holds the common agenda, watches population-level results and decides where the partnership puts its effort.",
             scope: "The whole initiative: results, strategies, working groups and the backbone's work plan.",
             decisionRights: "Approves the common agenda and its versions, charters and closes working groups, and sets yearly priorities.",
             status: .active, strategies: [], members: [
                m("Marcus Whitfield", "Harbor Community Foundation", .chair, email: "steering@demo.backbone.local", since: 24),
                m("Ruth Adeyemi", "Harbor County Public Schools", .coChair, since: 24),
                m("Jordan Reyes", "Harbor Forward", email: "backbone.admin@demo.backbone.local", since: 24),
                m("Carlos Mendes", "Harbor Regional Medical Center", since: 20),
                m("Helen Park", "United Way of Harbor County", since: 24),
                m("Teresa Alvarez", "Latino Family Alliance", since: 12),
                m("James Carter", "Northside Neighbors Association", since: 12),
                m("Owen Fitzgerald", "Tidewater Manufacturing", since: 24, ended: 6),
             ]),
        Body(kind: .workingGroup, name: "Early Learning",
             purpose: "Gets more children ready for kindergarten through reading at home and early literacy in child care.",
             scope: "Children from birth to age five and the adults who care for them.",
             decisionRights: "Sets its quarterly plan and shared practices; brings funding requests to the steering committee.",
             status: .active, strategies: ["Early literacy at home and in child care"], members: [
                m("Elena Morales", "Harbor Reads", .chair, email: "wg.lead@demo.backbone.local"),
                m("Dana Whitaker", "Little Sprouts Early Learning Network", .coChair),
                m("Grace Liu", "Harbor County Public Library", email: "viewer@demo.backbone.local"),
                m("Amina Yusuf", "Harbor County Health Department"),
                m("Rosa Delgado", "Latino Family Alliance", since: 9),
             ]),
        Body(kind: .workingGroup, name: "Attendance and Summer Learning",
             purpose: "Keeps K-3 students in school every day and reading through the summer.",
             scope: "Students in kindergarten to grade 3, their families and the programs that serve them outside school hours.",
             decisionRights: "Chooses outreach approaches and summer sites; shares attendance data under the data agreement.",
             status: .active, strategies: ["Attendance outreach with families"], members: [
                m("Luis Ortega", "Harbor County Public Schools", .chair),
                m("Sam Okafor", "Boys & Girls Club of Harbor County", .coChair, email: "data.steward@demo.backbone.local"),
                m("Nadia Brooks", "Eastside Charter Academy"),
                m("Pastor Ray Collins", "Harbor Interfaith Council"),
                m("Grace Liu", "Harbor County Public Library", email: "viewer@demo.backbone.local", since: 6),
             ]),
        Body(kind: .workingGroup, name: "College and Career Pathways",
             purpose: "Helps young adults move from high school into training and a credential that leads to a good job.",
             scope: "Students from grade 9 to age 24.",
             decisionRights: "Sets mentoring standards and employer commitments; reports progress to the steering committee.",
             status: .active, strategies: ["Mentoring into post-secondary training"], members: [
                m("Angela Brooks", "Harbor Community College", .chair),
                m("Victor Chen", "Bridges Mentoring", .coChair),
                m("Laura Simmons", "Tidewater Manufacturing"),
                m("Derek Hall", "Harbor Chamber of Commerce"),
                m("Monique Francis", "Harbor Youth Workforce Board"),
             ]),
        Body(kind: .workingGroup, name: "Family Stability",
             purpose: "Keeps families housed and connected to the services they qualify for.",
             scope: "Families with children in the county's schools.",
             decisionRights: "Designs the shared intake and referral rules; asks the steering committee for funding.",
             status: .paused, strategies: ["Housing navigation", "One front door to family services"], members: [
                m("Rev. Thomas Greene", "Harbor Interfaith Council", .chair),
                m("Maria Santos", "Harbor County Department of Human Services", .coChair),
                m("Helen Park", "United Way of Harbor County"),
                m("Kevin O'Brien", "First Harbor Credit Union"),
                m("James Carter", "Northside Neighbors Association"),
             ]),
        // Merged into Attendance and Summer Learning a year ago, which took over its strategy; its record stays.
        Body(kind: .workingGroup, name: "Summer Learning Task Force",
             purpose: "Planned the first shared summer reading season.",
             scope: "Summer programs for K-3 students.",
             decisionRights: "Chose summer sites for the first season.",
             status: .active, strategies: ["Summer and after-school learning"], members: [
                m("Pastor Ray Collins", "Harbor Interfaith Council", .chair, since: 24, ended: 12),
                m("Sam Okafor", "Boys & Girls Club of Harbor County", since: 24, ended: 12),
             ]),
    ]

    public static let mergedTaskForce = (name: "Summer Learning Task Force", into: "Attendance and Summer Learning")
    public static let pausedNote = "Paused while the county's new housing funding is decided; meets again next quarter."

    /// Quarters back from the current one (0 = this quarter), by group: the step and the notes.
    public static let cycles: [(group: String, quartersAgo: Int, stage: CycleStep, notes: [CycleStep: String])] = [
        ("Early Learning", 1, .communicate, [.plan: "Train 40 child-care staff in dialogic reading.", .do: "38 staff trained at 9 centers.",
                                             .feedback: "Centers with coaching visits used the practices twice as often.", .communicate: "Shared the coaching finding at the all-partner meeting."]),
        ("Early Learning", 0, .do, [.plan: "Add coaching visits to every trained center.", .do: "Coaching under way at 6 of 9 centers."]),
        ("Attendance and Summer Learning", 1, .feedback, [.plan: "Home visits for students missing 10% of days.", .do: "212 home visits in two schools.",
                                                        .feedback: "Chronic absence fell in one school, not the other; the difference is transport."]),
        ("Attendance and Summer Learning", 0, .plan, [.plan: "Pair home visits with a walking school bus at the second school."]),
        ("College and Career Pathways", 0, .feedback, [.plan: "Match 60 seniors with mentors.", .do: "54 matched by October.",
                                                     .feedback: "Mentored seniors filed aid forms at 81% vs 52%."]),
        ("Family Stability", 1, .plan, [.plan: "Draft the shared intake form."]),
    ]

    public struct Activity: Sendable {
        public let partner: String
        public let strategy: String
        public let outcome: String?
        public let kind: String
        public let population: String
        public let geography: String
        /// Months from today (negative: in the past).
        public let startMonths: Int
        public let endMonths: Int?
        public let status: ActivityStatus
        public let outputs: String
        public let indicators: [String]
    }

    static func a(_ partner: String, _ strategy: String, _ kind: String, _ population: String, _ geography: String, _ start: Int, _ end: Int?,
                  _ status: ActivityStatus, outcome: String? = nil, outputs: String = "", indicators: [String] = []) -> Activity {
        Activity(partner: partner, strategy: strategy, outcome: outcome, kind: kind, population: population, geography: geography,
                 startMonths: start, endMonths: end, status: status, outputs: outputs, indicators: indicators)
    }

    static let literacy = "Early literacy at home and in child care", attendance = "Attendance outreach with families",
               summer = "Summer and after-school learning", mentoring = "Mentoring into post-secondary training",
               housing = "Housing navigation", frontDoor = "One front door to family services"

    public static let activities: [Activity] = [
        a("Harbor Reads", literacy, "Reading tutoring", "Children in grades K-3", "Countywide", -20, nil, .underWay, outcome: "Parents read with young children daily",
          outputs: "300 children tutored twice a week", indicators: ["PM-SERVED", "PM-SESSIONS"]),
        a("Harbor Reads", literacy, "Family reading nights", "Parents of children under 6", "Eastside", -8, 4, .underWay, outcome: "Parents read with young children daily"),
        a("Little Sprouts Early Learning Network", literacy, "Dialogic reading training", "Child care staff", "Countywide", -14, -2, .done,
          outcome: "Child care staff use early literacy practices", outputs: "40 staff trained", indicators: ["PM-COMPLETE"]),
        a("Little Sprouts Early Learning Network", literacy, "Literacy coaching visits", "Child care staff", "Countywide", -2, 10, .underWay,
          outcome: "Child care staff use early literacy practices", indicators: ["PM-COMPLETE"]),
        a("Harbor County Public Library", literacy, "Story times", "Children under 6 and their parents", "All branches", -30, nil, .underWay),
        a("Harbor County Public Library", literacy, "Books for newborns", "Families of newborns", "Countywide", -6, 18, .underWay),
        a("Harbor County Health Department", literacy, "Reading guidance in home visits", "Parents of infants", "Countywide", -10, nil, .underWay),
        a("Latino Family Alliance", literacy, "Bilingual reading circles", "Spanish-speaking parents of young children", "Northside", -4, 8, .underWay),
        a("Harbor Community Foundation", literacy, "Early literacy grants", "Child care centers", "Countywide", 2, 14, .planned),
        a("Harbor County Public Schools", attendance, "Attendance home visits", "K-3 students missing 10% of days", "Two pilot schools", -9, 3, .underWay,
          outcome: "K-3 students attend school regularly", indicators: ["PM-SERVED"]),
        a("Harbor County Public Schools", attendance, "Walking school bus", "K-3 students", "Jefferson Elementary", 1, 10, .planned,
          outcome: "K-3 students attend school regularly"),
        a("Eastside Charter Academy", attendance, "Attendance text reminders", "Families of K-8 students", "Eastside", -12, nil, .underWay),
        a("Latino Family Alliance", attendance, "Parent attendance workshops", "Spanish-speaking families", "Northside", -5, 2, .stalled),
        a("Harbor County Health Department", attendance, "School-based asthma care", "Students with asthma", "Six elementary schools", -16, nil, .underWay),
        a("Harbor County Department of Human Services", attendance, "Transport vouchers", "Families of chronically absent students", "Countywide", -3, 6, .underWay),
        a("Boys & Girls Club of Harbor County", summer, "Summer reading camp", "Children in grades K-3", "Northside", -1, 3, .underWay,
          outcome: "Students keep reading over the summer", outputs: "120 children, six weeks", indicators: ["PM-IMPROVED"]),
        a("Harbor Interfaith Council", summer, "Summer reading camp", "Children in grades K-3", "Northside", 0, 3, .planned,
          outcome: "Students keep reading over the summer", outputs: "80 children at three congregations"),
        a("Harbor County Public Library", summer, "Summer reading challenge", "Children in grades K-5", "All branches", -1, 3, .underWay,
          outcome: "Students keep reading over the summer"),
        a("Boys & Girls Club of Harbor County", summer, "After-school homework help", "Students in grades 1-8", "Six club sites", -24, nil, .underWay,
          outcome: "Students feel connected to a caring adult", indicators: ["PM-SERVED"]),
        a("Harbor Reads", summer, "Summer tutoring", "Children in grades K-3", "Eastside", -13, -10, .done),
        a("Eastside Charter Academy", summer, "Summer bridge program", "Rising kindergartners", "Eastside", -1, 2, .underWay),
        a("Harbor Interfaith Council", summer, "Summer meals with reading", "Children in grades K-5", "Southside", -13, -10, .done),
        a("Bridges Mentoring", mentoring, "One-to-one mentoring", "Students in grades 9-12", "Countywide", -36, nil, .underWay,
          outcome: "Students feel connected to a caring adult", outputs: "200 matches a year", indicators: ["PM-SESSIONS"]),
        a("Bridges Mentoring", mentoring, "Aid form clinics", "High-school seniors", "Three high schools", -3, 1, .underWay,
          outcome: "Young adults enrol in training after high school", indicators: ["PM-ENROLLED"]),
        a("Harbor Community College", mentoring, "Dual enrolment", "High-school juniors and seniors", "Countywide", -24, nil, .underWay,
          outcome: "Young adults enrol in training after high school"),
        a("Harbor Community College", mentoring, "Completion coaching", "First-year college students", "Both campuses", -6, 18, .underWay),
        a("Tidewater Manufacturing", mentoring, "Youth apprenticeships", "Students aged 16-24", "Countywide", -12, nil, .underWay),
        a("Harbor Chamber of Commerce", mentoring, "Career days", "Students in grades 10-12", "All high schools", 3, 4, .planned),
        a("Harbor Youth Workforce Board", mentoring, "Summer jobs", "Young people aged 16-24", "Countywide", -2, 3, .underWay),
        a("Harbor Regional Medical Center", mentoring, "Health careers internships", "High-school seniors", "Main campus", 4, 9, .planned),
        a("First Harbor Credit Union", mentoring, "Youth savings accounts", "Students in grades 9-12", "Countywide", -18, -6, .dropped),
        a("Harbor County Department of Human Services", housing, "Eviction prevention fund", "Families with children facing eviction", "Countywide", -20, -8, .done,
          outcome: "Families facing eviction get help in time", indicators: ["HSG-EXITS"]),
        a("United Way of Harbor County", housing, "Landlord mediation", "Families with children facing eviction", "Countywide", -10, -4, .stalled,
          outcome: "Families facing eviction get help in time"),
        a("Northside Neighbors Association", housing, "Tenant rights nights", "Renters", "Northside", -16, -12, .dropped),
        a("Harbor County Department of Human Services", frontDoor, "Shared intake form", "Families seeking help", "Countywide", -4, 6, .underWay,
          outcome: "Families know and use the services they qualify for", indicators: ["PM-SERVED"]),
        a("United Way of Harbor County", frontDoor, "211 referral line", "Families seeking help", "Countywide", -40, nil, .underWay,
          outcome: "Families know and use the services they qualify for"),
        a("First Harbor Credit Union", frontDoor, "Financial coaching", "Families with children", "Countywide", -15, nil, .underWay),
        a("Harbor Interfaith Council", frontDoor, "Family nights with service fairs", "Families with children", "Southside", -7, 5, .underWay),
        a("Latino Family Alliance", frontDoor, "Benefits enrolment help", "Spanish-speaking families", "Northside", -9, nil, .underWay),
        a("Harbor County Health Department", frontDoor, "Benefits screening at clinics", "Families with children", "Countywide", 1, 12, .planned),
    ]
}
