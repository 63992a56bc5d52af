/// The demo initiative's theory of change: six strategies feeding eight intermediate outcomes
/// feeding four population-level results, with the demo's indicators on results and outcomes.
public enum DemoTheoryOfChange {
    public struct Part: Sendable {
        public let kind: ChangeNodeKind
        public let title: String
        /// Codes of demo indicators that measure it.
        public let indicators: [String]
    }

    public static let parts: [Part] = [
        Part(kind: .result, title: "Children enter kindergarten ready to learn", indicators: ["EDU-KREADY"]),
        Part(kind: .result, title: "Third graders read at grade level", indicators: ["EDU-G3READ"]),
        Part(kind: .result, title: "Young adults earn a post-secondary credential", indicators: ["ECO-CREDENTIAL"]),
        Part(kind: .result, title: "Families have stable housing", indicators: ["HSG-HOMELESS"]),
        Part(kind: .outcome, title: "Parents read with young children daily", indicators: []),
        Part(kind: .outcome, title: "Child care staff use early literacy practices", indicators: ["PM-COMPLETE"]),
        Part(kind: .outcome, title: "K-3 students attend school regularly", indicators: ["EDU-CHRONABS"]),
        Part(kind: .outcome, title: "Students keep reading over the summer", indicators: ["PM-IMPROVED"]),
        Part(kind: .outcome, title: "Students feel connected to a caring adult", indicators: ["PM-SESSIONS"]),
        Part(kind: .outcome, title: "Young adults enrol in training after high school", indicators: ["PM-ENROLLED"]),
        Part(kind: .outcome, title: "Families facing eviction get help in time", indicators: ["HSG-EXITS"]),
        Part(kind: .outcome, title: "Families know and use the services they qualify for", indicators: ["PM-SERVED"]),
        Part(kind: .strategy, title: "Early literacy at home and in child care", indicators: []),
        Part(kind: .strategy, title: "Attendance outreach with families", indicators: []),
        Part(kind: .strategy, title: "Summer and after-school learning", indicators: []),
        Part(kind: .strategy, title: "Mentoring into post-secondary training", indicators: []),
        Part(kind: .strategy, title: "Housing navigation", indicators: []),
        Part(kind: .strategy, title: "One front door to family services", indicators: []),
    ]

    /// (contributes, to) by title.
    public static let links: [(String, String)] = [
        ("Early literacy at home and in child care", "Parents read with young children daily"),
        ("Early literacy at home and in child care", "Child care staff use early literacy practices"),
        ("Attendance outreach with families", "K-3 students attend school regularly"),
        ("Summer and after-school learning", "Students keep reading over the summer"),
        ("Summer and after-school learning", "Students feel connected to a caring adult"),
        ("Mentoring into post-secondary training", "Students feel connected to a caring adult"),
        ("Mentoring into post-secondary training", "Young adults enrol in training after high school"),
        ("Housing navigation", "Families facing eviction get help in time"),
        ("One front door to family services", "Families know and use the services they qualify for"),
        ("Parents read with young children daily", "Children enter kindergarten ready to learn"),
        ("Child care staff use early literacy practices", "Children enter kindergarten ready to learn"),
        ("K-3 students attend school regularly", "Third graders read at grade level"),
        ("Students keep reading over the summer", "Third graders read at grade level"),
        ("Students feel connected to a caring adult", "Young adults enrol in training after high school"),
        ("Young adults enrol in training after high school", "Young adults earn a post-secondary credential"),
        ("Families facing eviction get help in time", "Families have stable housing"),
        ("Families know and use the services they qualify for", "Families have stable housing"),
        ("Families know and use the services they qualify for", "K-3 students attend school regularly"),
    ]
}
