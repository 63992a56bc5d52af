import Foundation

/// The demo's what-if scenarios: each starts in the period after the demo loads and links the
/// action plan's activity that would bring it about.
public enum DemoScenarios {
    public struct Change: Sendable {
        public let kind: ScenarioChange.Kind
        public let partners: [String]
        public let amount: Double?
        public var name: String? = nil
        public var numerator: Double? = nil
        public var denominator: Double? = nil
    }

    public struct Scenario: Sendable {
        public let indicator: String
        public let name: String
        public let description: String
        public let changes: [Change]
        /// The linked activity: its partner and kind.
        public let activityPartner: String
        public let activity: String
    }

    public static let all: [Scenario] = [
        Scenario(indicator: "PM-SERVED", name: "Harbor Reads adds 40 children a month",
                 description: "Harbor Reads opens a second tutoring site at the Eastside library and fills it over the school year.",
                 changes: [Change(kind: .add, partners: ["Harbor Reads"], amount: 40)],
                 activityPartner: "Harbor Reads", activity: "Reading tutoring"),
        Scenario(indicator: "PM-SERVED", name: "A new partner joins with 30 a month",
                 description: "The county library system joins the initiative and reports the families at its story hours.",
                 changes: [Change(kind: .join, partners: [], amount: 30, name: "Harbor County Libraries")],
                 activityPartner: "Harbor Reads", activity: "Family reading nights"),
        Scenario(indicator: "EDU-CHRONABS", name: "Text reminders at both school systems",
                 description: "Attendance text reminders spread from Eastside to every school: chronic absence falls half a point more each quarter.",
                 changes: [Change(kind: .grow, partners: ["Eastside Charter Academy", "Harbor County Public Schools"], amount: -0.5)],
                 activityPartner: "Eastside Charter Academy", activity: "Attendance text reminders"),
    ]
}
