import Foundation

/// What an entry of the updates feed is. Announcements are written by people; the rest are
/// recorded by the system when they happen.
public enum UpdateKind: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case announcement
    case agendaPublished = "agenda_published"
    case dataApproved = "data_approved"
    case minutesPublished = "minutes_published"
    case decisionRecorded = "decision_recorded"
    case targetReached = "target_reached"
    case reportReleased = "report_released"
    case assessmentShared = "assessment_shared"

    public static let catalogKey = "updateKind"
}

/// Whether a figure has reached its target, in the indicator's direction: at or above it when
/// higher is better, at or below it when lower is better.
public func reaches(_ value: Double, target: Double, polarity: Polarity) -> Bool {
    polarity == .higherIsBetter ? value >= target : value <= target
}
