import Foundation

/// The demo's impact reports: the last two quarters released, and a draft for funders, so a
/// newcomer sees the feature at once. Figures, statements and stories are composed from the
/// demo's records when it loads; only the backbone's own words are written here.
public enum DemoImpactReports {
    public struct Report: Sendable {
        public let title: String
        public let audience: ImpactAudience
        /// The span, in quarters before the current one (1: the last complete quarter).
        public let firstQuarterBack: Int
        public let lastQuarterBack: Int
        public let released: Bool
        public let headline: [String]
        public let context: String
        public let nextSteps: String
    }

    public static let sections: [ImpactSectionKind] = [.context, .headline, .learning, .strategies, .stories, .activities, .decisions,
                                                       .completeness, .nextSteps]

    public static let reports: [Report] = [
        Report(title: "Quarterly results for the steering committee", audience: .steeringCommittee, firstQuarterBack: 2, lastQuarterBack: 2,
               released: true, headline: ["EDU-G3READ", "EDU-KREADY", "EDU-CHRONABS", "PM-SERVED"],
               context: "This quarter the partners reported on time for the first time since the data agreement was signed. Schools reported reading and attendance; programs reported the children they served.",
               nextSteps: "The early learning working group will look at kindergarten readiness by neighborhood at its next data walk.\n\nThe backbone will help the two schools agree on one definition of chronic absence."),
        Report(title: "Quarterly results for the steering committee", audience: .steeringCommittee, firstQuarterBack: 1, lastQuarterBack: 1,
               released: true, headline: ["EDU-G3READ", "EDU-KREADY", "EDU-CHRONABS", "PM-SERVED"],
               context: "Summer programs ended and the school year began. Figures for the quarter's last month are still arriving from some partners.",
               nextSteps: "The steering committee will decide whether to extend summer reading to a second neighborhood."),
        Report(title: "A year of Harbor County Cradle to Career, for our funders", audience: .funders, firstQuarterBack: 4, lastQuarterBack: 1,
               released: false, headline: ["EDU-G3READ", "EDU-KREADY", "HLT-POVERTY"],
               context: "Draft: what a year of shared measurement shows, for the funders' meeting.",
               nextSteps: "To be written after the steering committee reviews the draft."),
    ]
}
