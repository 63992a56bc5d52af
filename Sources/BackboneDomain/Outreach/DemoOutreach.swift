import Foundation

/// The demo's outreach: events in three neighborhoods over the last months, feedback heard at
/// them and sent through the public form, some answered ("you said, we did"), and the public
/// voice page open. Days are counted back from the day the demo is loaded. No strategy about
/// mentoring hears from residents, so the gap shows.
public enum DemoOutreach {
    public struct Event: Sendable {
        public let title: String
        public let kind: OutreachKind
        public let daysAgo: Int
        public let place: String
        public let languages: [String]
        public let organizers: [String]
        public let strategies: [String]
        public let reach: [(String, Int)]
        /// age_band category → people.
        public let ages: [String: Int]
    }

    public struct Feedback: Sendable {
        public let text: String
        public let neighborhood: String
        /// The event's title, or nil for the public form.
        public let event: String?
        public let strategies: [String]
        /// The answer, and the activity (by its kind) that answers it, if any.
        public let response: String?
        public let activity: String?
    }

    public static let events: [Event] = [
        Event(title: "Listening session at the Northside library", kind: .listeningSession, daysAgo: 150, place: "Northside",
              languages: ["en", "es"], organizers: ["Northside Neighbors Association", "Harbor County Public Library"],
              strategies: ["Early literacy at home and in child care", "Summer and after-school learning"],
              reach: [("Northside", 46), ("Harbor Flats", 9)], ages: ["25-plus": 30, "15-19": 8]),
        Event(title: "Family nights survey", kind: .survey, daysAgo: 95, place: "Eastside",
              languages: ["en", "es", "vi"], organizers: ["Latino Family Alliance", "Eastside Charter Academy"],
              strategies: ["Attendance outreach with families"],
              reach: [("Eastside", 128), ("Northside", 21)], ages: [:]),
        Event(title: "Door-knocking on tenant rights", kind: .doorKnocking, daysAgo: 40, place: "Harbor Flats",
              languages: ["en", "es"], organizers: ["Northside Neighbors Association"],
              strategies: ["Housing navigation"],
              reach: [("Harbor Flats", 212)], ages: [:]),
        Event(title: "Community meeting on one front door", kind: .communityMeeting, daysAgo: 12, place: "Eastside",
              languages: ["en", "es"], organizers: ["Harbor County Department of Human Services", "United Way of Harbor County"],
              strategies: ["One front door to family services"],
              reach: [("Eastside", 63), ("Harbor Flats", 17)], ages: [:]),
    ]

    public static let feedback: [Feedback] = [
        Feedback(text: "Story time is at 10 in the morning, when most of us are at work. Evenings or Saturdays would work.",
                 neighborhood: "Northside", event: "Listening session at the Northside library", strategies: ["Early literacy at home and in child care"],
                 response: "The Northside branch added a Saturday story time and a Tuesday evening one, in English and Spanish.", activity: "Story times"),
        Feedback(text: "The summer camp filled up before we heard about it. Send the sign-up through the schools.",
                 neighborhood: "Northside", event: "Listening session at the Northside library", strategies: ["Summer and after-school learning"],
                 response: "Sign-up now goes home in every school's spring newsletter, and seats are held for Northside families for two weeks.",
                 activity: "Summer reading camp"),
        Feedback(text: "Automated absence calls only come in English.", neighborhood: "Eastside", event: "Family nights survey",
                 strategies: ["Attendance outreach with families"],
                 response: "Attendance text reminders now go out in the language each family chose at enrolment.", activity: "Attendance text reminders"),
        Feedback(text: "Landlords ignore repair requests and tenants are afraid to complain.", neighborhood: "Harbor Flats",
                 event: "Door-knocking on tenant rights", strategies: ["Housing navigation"], response: nil, activity: nil),
        Feedback(text: "Please have one phone number for help with food, rent and child care.", neighborhood: "Eastside", event: nil,
                 strategies: [], response: nil, activity: nil),
    ]
}
