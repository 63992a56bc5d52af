import Foundation

/// What a notification is about. The raw values are stored and used in preference forms.
public enum NotificationKind: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case mention
    case actionItem = "action_item"
    case returnedReport = "returned_report"
    case reportingDue = "reporting_due"
    case meetingInvitation = "meeting_invitation"
    case assessment
    case funding

    public static let catalogKey = "notificationKind"
}

/// How a person wants to hear of one kind of notification.
public enum Delivery: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    /// In the app and by email right away.
    case immediately
    /// In the app, and in one email a day with everything of the day.
    case dailyDigest = "daily_digest"
    /// Not at all.
    case off

    public static let catalogKey = "delivery"

    /// What a person gets before choosing.
    public static let standard: Delivery = .immediately
}

/// When a failed email is tried again: after 1, 2, 4, … minutes, at most an hour apart, and
/// given up after `maxAttempts` (the message stays in the outbox, marked failed, for an operator).
public enum OutboxRetry {
    public static let maxAttempts = 10

    public static func delay(afterAttempt attempt: Int) -> TimeInterval {
        min(3_600, 60 * pow(2, Double(max(0, attempt - 1))))
    }
}

/// Mentions in a text: `@` followed by a handle, the part of a member's email address before
/// the `@` (unique per initiative is not guaranteed, so handles are matched case-insensitively
/// against each member and an ambiguous one is refused by the caller).
public enum Mentions {
    /// The handles mentioned in `text`, lowercased, in order of first appearance, without repeats.
    /// A mention starts after a space, a line start or an opening bracket (not inside an email address).
    public static func handles(in text: String) -> [String] {
        var found: [String] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            if characters[index] == "@", index == 0 || " \n\t([{".contains(characters[index - 1]) {
                var end = index + 1
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || "._-".contains(characters[end]) { end += 1 }
                var handle = String(characters[(index + 1)..<end]).lowercased()
                while handle.hasSuffix(".") || handle.hasSuffix("-") { handle.removeLast() }
                if !handle.isEmpty, !found.contains(handle) { found.append(handle) }
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// A member's handle: the part of their email address before the `@`, lowercased.
    public static func handle(ofEmail email: String) -> String {
        String(email.lowercased().split(separator: "@").first ?? "")
    }
}
