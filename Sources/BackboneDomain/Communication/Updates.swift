import Foundation

/// What an entry of the updates feed is. Announcements are written by people; the rest are
/// recorded by the system when they happen.
public enum UpdateKind: String, CaseIterable, Codable, Sendable {
    case announcement
    case agendaPublished = "agenda_published"
    case dataApproved = "data_approved"
    case minutesPublished = "minutes_published"
    case decisionRecorded = "decision_recorded"

    public var title: String {
        switch self {
        case .announcement: "Announcement"
        case .agendaPublished: "Agenda published"
        case .dataApproved: "Data approved"
        case .minutesPublished: "Minutes published"
        case .decisionRecorded: "Decision recorded"
        }
    }
}
