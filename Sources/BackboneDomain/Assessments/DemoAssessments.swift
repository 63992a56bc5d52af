import Foundation

/// The demo's assessments: a fit assessment from the start, two readiness rounds a year apart
/// (later phases improving), a partnership-health round, answered by the demo people and a few
/// more partners' members; and the backbone's judgements for one shared periodic assessment.
public enum DemoAssessments {
    /// Partners' members who answer surveys in the demo (viewers: they only read and answer).
    public static let respondents: [(name: String, organization: String)] = [
        ("Aisha Bello", "Harbor County Public Schools"), ("Tom Brennan", "Harbor County Public Schools"),
        ("Lucía Ortega", "Eastside Charter Academy"), ("Dev Patel", "Harbor Community College"),
        ("Mei Chen", "Little Sprouts Early Learning Network"), ("Rosa Delgado", "Little Sprouts Early Learning Network"),
        ("Noah Fischer", "Harbor Reads"), ("Imani Carter", "Boys & Girls Club of Harbor County"),
        ("Luis Romero", "Bridges Mentoring"), ("Hannah Kim", "Harbor County Public Library"),
        ("Omar Haddad", "Harbor Community Foundation"), ("Beth Sullivan", "Harbor Community Foundation"),
        ("Kwame Mensah", "Harbor County Health Department"), ("Julia Novak", "Harbor County Health Department"),
        ("Peter Lindqvist", "Harbor Community College"), ("Ana Souza", "Eastside Charter Academy"),
    ]

    /// Respondents who also sit in a working group (by index in `respondents`), so results by
    /// body and the periodic assessment have groups large enough to show.
    public static let seats: [String: [Int]] = [
        "Early Learning": [4, 5, 6, 9, 10],
        "Attendance and Summer Learning": [0, 1, 2, 7, 8, 15],
    ]

    public static func email(of name: String) -> String {
        name.lowercased().folding(options: .diacriticInsensitive, locale: nil).split(separator: " ").joined(separator: ".") + "@demo.backbone.local"
    }

    public struct Round: Sendable {
        public let title: String
        public let kind: AssessmentKind
        /// Months before today that the round opened; it stayed open `days` days.
        public let monthsAgo: Int
        public let days: Int
        /// The mean each section's answers gather around.
        public let levels: [String: Double]
        public let comments: [(question: String, text: String)]
    }

    public static let rounds: [Round] = [
        Round(title: "Is collective impact right for us?", kind: .fit, monthsAgo: 30, days: 21,
              levels: ["complexity": 4.5, "conditions": 3.4, "community": 3.8, "backbone": 2.9],
              comments: [("backbone.1", "Funding a backbone for three years is the open question; two foundations are interested."),
                         ("complexity.1", "No single agency can move third-grade reading on its own; we have tried.")]),
        Round(title: "Readiness, first round", kind: .readiness, monthsAgo: 14, days: 21,
              levels: ["initiate.governance": 3.6, "initiate.planning": 3.2, "initiate.community": 3.4, "initiate.evaluation": 2.9,
                       "organize.governance": 2.7, "organize.planning": 2.4, "organize.community": 2.2, "organize.evaluation": 2.0,
                       "sustain.governance": 1.9, "sustain.planning": 2.1, "sustain.community": 1.8, "sustain.evaluation": 1.7],
              comments: [("organize.evaluation.1", "We still argue about which attendance measure to use."),
                         ("organize.community.2", "Parents have not been at the table yet.")]),
        Round(title: "Readiness, second round", kind: .readiness, monthsAgo: 2, days: 21,
              levels: ["initiate.governance": 4.1, "initiate.planning": 3.8, "initiate.community": 3.7, "initiate.evaluation": 3.5,
                       "organize.governance": 3.6, "organize.planning": 3.2, "organize.community": 2.6, "organize.evaluation": 3.4,
                       "sustain.governance": 2.6, "sustain.planning": 2.9, "sustain.community": 2.2, "sustain.evaluation": 2.4],
              comments: [("organize.evaluation.1", "The shared dashboard settled the attendance debate."),
                         ("sustain.community.1", "Resident turnout at meetings dropped after the summer.")]),
        Round(title: "Partnership health", kind: .partnershipHealth, monthsAgo: 3, days: 14,
              levels: ["trust": 3.9, "communication": 3.1, "ownership": 3.5, "credit": 2.8, "decisions": 3.3, "conflict": 2.6],
              comments: [("credit.2", "Small partners' tutoring hours rarely make the newsletter."),
                         ("communication.1", "The monthly digest helps; agendas still arrive late.")]),
    ]

    /// One respondent's answers to a round: each statement near its section's level, now and then "don't know".
    public static func answers(_ round: Round, template: AssessmentTemplate, respondent: Int) -> [String: AssessmentAnswer] {
        var rng = SeededRandom(seed: UInt64(respondent * 7_919 + round.monthsAgo * 104_729 + 17))
        var answers: [String: AssessmentAnswer] = [:]
        for section in template.sections {
            let level = round.levels[section.key] ?? 3
            for question in section.questions {
                if Int.random(in: 0..<100, using: &rng) < 7 {
                    answers[question.key] = AssessmentAnswer(score: nil)
                    continue
                }
                let score = Int((level + Double.random(in: -1.2...1.2, using: &rng)).rounded())
                answers[question.key] = AssessmentAnswer(score: min(5, max(1, score)))
            }
        }
        // The first respondents write the round's comments (shown without names, sorted).
        for (index, comment) in round.comments.enumerated() where index == respondent { answers[comment.question]?.comment = comment.text }
        return answers
    }

    /// The backbone's judgement of each working group in the shared periodic assessment.
    public static let judgements: [String: (GroupJudgement, String)] = [
        "Early Learning": (.onTrack, "Home-reading kits reached every center this quarter; kindergarten readiness is moving the right way."),
        "Attendance and Summer Learning": (.needsAttention, "Two summer sites started late; chronic absence is flat. Ask the committee to help with bus routes."),
        "College and Career Pathways": (.onTrack, "FAFSA nights doubled completion at two high schools."),
        "Family Stability": (.stalled, "Paused while county housing funding is decided; no activity moved this quarter."),
    ]
}
