import Foundation

/// The demo initiative's meetings: past ones with minutes, decisions and action items (some
/// done, some still open and so carried into the next meeting), and upcoming ones.
public enum DemoMeetings {
    public struct ActionItem: Sendable {
        public let text: String
        public let ownerEmail: String
        public let dueInDays: Int
        public let done: Bool
    }

    public struct Meeting: Sendable {
        /// Nil: all partners.
        public let body: String?
        public let title: String
        /// Days from today; the meeting starts at `hour` in the demo's time zone.
        public let inDays: Int
        public let hour: Int
        public let place: String
        public let video: String
        public let agenda: [(title: String, presenter: String, minutes: Int, indicator: String?)]
        public let minutes: String
        public let decisions: [(text: String, rationale: String)]
        public let actions: [ActionItem]
    }

    public static let timeZone = "America/New_York"

    /// Stories: (partner, title, text, about, consent, published, tags).
    /// `indicator`: the code of the indicator the story speaks to.
    public static let stories: [(partner: String, title: String, text: String, about: String, consent: Consent, published: Bool, tags: String,
                                 indicator: String?)] = [
        ("Boys & Girls Club of Harbor County", "Six weeks that changed the summer",
         "Jayden came to summer camp reading two grades behind. After six weeks of reading with a volunteer every morning, he read his first chapter book aloud to his grandmother.\n\nHis grandmother says he now asks for the library on Saturdays.",
         "Jayden, 9, and his grandmother", .given, true, "summer, reading", "EDU-G3READ"),
        ("Little Sprouts Early Learning Network", "Story time, every day",
         "Since coaching visits began, the teachers at our Main Street center read with small groups every day, not once a week. Parents tell us their children bring the books' words home.",
         "", .given, true, "early literacy, coaching", "EDU-KREADY"),
        ("Harbor County Department of Human Services", "One form instead of five",
         "A mother of three filled in one shared intake form and was connected the same week to housing help, food benefits and a child-care subsidy.",
         "A family on the Northside", .notAsked, true, "family stability", nil),
        ("Bridges Mentoring", "From mentee to mentor",
         "Alicia was matched with a mentor in ninth grade. Now in her second year of college, she mentors two high-school seniors herself.",
         "Alicia", .given, false, "mentoring", "PM-COMPLETE"),
    ]

    /// Comments: (author email, on what, text); on what is "indicator:CODE", "decision:START OF ITS TEXT" or "story:TITLE".
    public static let comments: [(author: String, target: String, text: String)] = [
        (steward, "indicator:PM-SERVED", "Our September figure is low because two club sites closed for repairs. October should be back to normal."),
        (lead, "indicator:PM-SERVED", "Thanks, that explains the dip. @backbone.staff could we add a note on the Results page?"),
        (steering, "decision:Pause the Family Stability", "The county's budget vote is on the 14th; I will report back at the next meeting."),
        (lead, "story:Six weeks that changed the summer", "A wonderful story. May we read it at the spring data walk?"),
    ]

    /// Announcements in the updates feed: (days ago, title, text).
    public static let announcements: [(daysAgo: Int, title: String, text: String)] = [
        (75, "Welcome, Eastside Charter Academy", "Eastside Charter Academy joins the partnership and the Attendance and Summer Learning working group."),
        (40, "Reporting for the third quarter opens", "Partners can now enter their figures for July to September. Reports are due by the 15th of the month after the quarter."),
        (8, "Spring data walk: save the date", "The next all-partner data walk will be in the spring at Harbor Community College. Details to follow."),
    ]
    static let admin = "backbone.admin@demo.backbone.local", lead = "wg.lead@demo.backbone.local",
               steering = "steering@demo.backbone.local", staff = "backbone.staff@demo.backbone.local", steward = "data.steward@demo.backbone.local"

    public static let meetings: [Meeting] = [
        Meeting(body: "Steering Committee", title: "Quarterly review", inDays: -63, hour: 16, place: "Harbor Community Foundation, board room", video: "",
                agenda: [("Results dashboard", "Priya Natarajan", 30, "EDU-G3READ"), ("Family Stability pause", "Maria Santos", 20, nil)],
                minutes: "Reviewed the quarter's results. Reading proficiency up two points; chronic absence flat.\nAgreed to pause Family Stability until housing funding is decided.",
                decisions: [("Pause the Family Stability working group until the county's housing funding is decided", "Members cannot commit staff time before the budget vote."),
                            ("Publish version 2 of the common agenda", "It adds the housing result the partners asked for.")],
                actions: [ActionItem(text: "Send partners the revised agenda for endorsement", ownerEmail: admin, dueInDays: -50, done: true),
                          ActionItem(text: "Ask the county for the housing budget timeline", ownerEmail: steering, dueInDays: -40, done: false)]),
        Meeting(body: "Steering Committee", title: "Quarterly review", inDays: 26, hour: 16, place: "Harbor Community Foundation, board room", video: "https://meet.example.org/harbor-sc",
                agenda: [("Results since last quarter", "Priya Natarajan", 30, "EDU-CHRONABS"), ("Working group reports", "Chairs", 40, nil)],
                minutes: "", decisions: [], actions: []),
        Meeting(body: "Early Learning", title: "Coaching plan", inDays: -42, hour: 10, place: "Little Sprouts, Main Street center", video: "",
                agenda: [("Training results", "Dana Whitaker", 20, "PM-COMPLETE"), ("Coaching visits", "Elena Morales", 25, nil)],
                minutes: "Centers with coaching visits used the practices twice as often. Coaching to be added at every trained center.",
                decisions: [("Add coaching visits at every center whose staff were trained", "Training alone did not change practice; coaching did.")],
                actions: [ActionItem(text: "Schedule coaching visits at the nine trained centers", ownerEmail: lead, dueInDays: -28, done: true),
                          ActionItem(text: "Draft a one-page guide to reading at home in English and Spanish", ownerEmail: lead, dueInDays: 5, done: false)]),
        Meeting(body: "Early Learning", title: "Monthly meeting", inDays: -12, hour: 10, place: "", video: "https://meet.example.org/early-learning",
                agenda: [("Coaching progress", "Dana Whitaker", 20, nil)],
                minutes: "Coaching under way at six of nine centers.",
                decisions: [],
                actions: [ActionItem(text: "Share kindergarten readiness figures by neighborhood", ownerEmail: staff, dueInDays: 9, done: false)]),
        Meeting(body: "Early Learning", title: "Monthly meeting", inDays: 16, hour: 10, place: "", video: "https://meet.example.org/early-learning",
                agenda: [("Kindergarten readiness by neighborhood", "Priya Natarajan", 30, "EDU-KREADY"), ("Reading guide draft", "Elena Morales", 15, nil)],
                minutes: "", decisions: [], actions: []),
        Meeting(body: "Attendance and Summer Learning", title: "Summer sites", inDays: -30, hour: 15, place: "Boys & Girls Club, Eastside", video: "",
                agenda: [("Summer camp sites", "Sam Okafor", 30, nil)],
                minutes: "Two partners plan summer reading camps on the Northside. Agreed to talk before sites are fixed.",
                decisions: [("Ask both Northside camp organizers to plan their sites together", "Two camps for the same children in the same place may leave other neighborhoods out.")],
                actions: [ActionItem(text: "Bring the two Northside camp organizers together", ownerEmail: steward, dueInDays: 3, done: false)]),
        Meeting(body: nil, title: "All-partner meeting: data walk", inDays: -90, hour: 9, place: "Harbor Community College, Main Hall", video: "",
                agenda: [("Walk through this year's results", "Jordan Reyes", 60, "EDU-G3READ"), ("Stories from partners", "Partners", 30, nil)],
                minutes: "Sixty people from 19 partners walked through the results in small groups.",
                decisions: [("Hold the next all-partner data walk in the spring", "Partners want results before budgets are set.")],
                actions: [ActionItem(text: "Book a venue for the spring data walk", ownerEmail: staff, dueInDays: 20, done: false)]),
    ]
}
