import Foundation

/// Where a piece of resident feedback came in.
public enum FeedbackSource: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    /// Written down by staff or a partner, at an event or otherwise.
    case staff
    /// Sent by a resident through the public form.
    case publicForm = "public"

    public static let catalogKey = "feedbackSource"
}

/// What a "you said, we did" answer points to.
public enum ResponseLink: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case none
    case activity
    case decision

    public static let catalogKey = "responseLink"
}

/// What a resident said, as typed, before it is checked.
public struct FeedbackTerms: Sendable {
    public var text: String
    public var neighborhood: String
    public var contactName: String
    public var contactEmail: String
    /// Contact details are kept only when the resident agreed; without it they are dropped.
    public var consent: Bool

    public init(text: String, neighborhood: String, contactName: String, contactEmail: String, consent: Bool) {
        self.text = text
        self.neighborhood = neighborhood
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.consent = consent
    }

    public struct Checked: Sendable, Equatable {
        public let text: String
        public let neighborhood: String
        public let contactName: String?
        public let contactEmail: String?
    }

    public static let longestText = 2000

    public func checked() throws -> Checked {
        var errors = FieldErrors()
        let text = text.trimmed, neighborhood = neighborhood.trimmed
        if text.isEmpty { errors.add("text", Texts.current("error.feedbackText")) }
        if text.count > Self.longestText { errors.add("text", Texts.current("error.tooLongMostCharacters", ["limit": "\(Self.longestText)"])) }
        if neighborhood.count > 120 { errors.add("neighborhood", Texts.current("error.tooLongMostCharacters", ["limit": "120"])) }
        errors.refuseNUL(["text": text, "neighborhood": neighborhood, "contactName": contactName])
        // Too long is refused even without consent: it is bad input either way.
        if contactName.trimmed.count > 120 { errors.add("contactName", Texts.current("error.tooLongMostCharacters", ["limit": "120"])) }
        if contactEmail.trimmed.count > 254 { errors.add("contactEmail", Texts.current("error.tooLongMostCharacters", ["limit": "254"])) }
        var name: String?, email: String?
        if consent {
            name = contactName.trimmed.isEmpty ? nil : contactName.trimmed
            if !contactEmail.trimmed.isEmpty, errors.messages["contactEmail"] == nil {
                if let address = EmailAddress(contactEmail) { email = address.value } else { errors.add("contactEmail", Texts.current("error.feedbackEmail")) }
            }
        }
        try errors.throwIfAny()
        return Checked(text: text, neighborhood: neighborhood, contactName: name, contactEmail: email)
    }
}

/// The initiative's answer to a piece of feedback: what was done with it.
public struct FeedbackResponseTerms: Sendable {
    public var text: String
    public var link: String

    public init(text: String, link: String) {
        self.text = text
        self.link = link
    }

    public func checked() throws -> (text: String, link: ResponseLink) {
        var errors = FieldErrors()
        let text = text.trimmed
        if text.isEmpty { errors.add("response", Texts.current("error.responseText")) }
        if text.count > FeedbackTerms.longestText { errors.add("response", Texts.current("error.tooLongMostCharacters", ["limit": "\(FeedbackTerms.longestText)"])) }
        let link = ResponseLink(rawValue: link.isEmpty ? "none" : link)
        if link == nil { errors.add("link", Texts.current("error.responseLink")) }
        errors.refuseNUL(["response": text])
        try errors.throwIfAny()
        return (text, link!)
    }
}

/// The public form's simple checks against machines: a field people never see stays empty, and
/// a person takes a few seconds to write (the form carries the moment it was shown, signed).
public enum VoiceFormGuard {
    public static let fastestSeconds: TimeInterval = 3
    public static let oldestSeconds: TimeInterval = 86_400

    /// Whether a submission looks like a person's: the trap field empty, and between 3 seconds
    /// and a day since the form was shown.
    public static func looksHuman(trap: String, shownAt: Date?, now: Date) -> Bool {
        guard trap.isEmpty, let shownAt else { return false }
        let elapsed = now.timeIntervalSince(shownAt)
        return elapsed >= fastestSeconds && elapsed <= oldestSeconds
    }
}
