import Foundation

/// Who is asked to answer a round: everyone in the initiative, or only people holding one of
/// `roles` or a seat in one of `bodyIDs` (either one suffices).
public struct AssessmentAudience: Codable, Equatable, Sendable {
    public var roles: [Role]
    public var bodyIDs: [UUID]

    public init(roles: [Role] = [], bodyIDs: [UUID] = []) {
        self.roles = roles
        self.bodyIDs = bodyIDs
    }

    public var isEveryone: Bool { roles.isEmpty && bodyIDs.isEmpty }

    /// Whether a person with `role` who sits in `bodies` is asked.
    public func includes(role: Role, bodies: Set<UUID>) -> Bool {
        isEveryone || roles.contains(role) || !bodies.isDisjoint(with: bodyIDs)
    }
}

/// Where a round stands on a given day.
public enum RoundState: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case scheduled, open, closed

    public static let catalogKey = "roundState"

    /// A round takes answers from its first day to its last day, both included; once its closing
    /// job has run it is closed whatever the day says.
    public static func on(_ day: CalendarDay, opensOn: CalendarDay, closesOn: CalendarDay, closedByJob: Bool) -> RoundState {
        if closedByJob || day > closesOn { return .closed }
        return day < opensOn ? .scheduled : .open
    }
}

/// What the backbone fills in to open a round.
public struct RoundPlan: Equatable, Sendable {
    public var title: String
    public var kind: AssessmentKind
    public var audience: AssessmentAudience
    public var opensOn: CalendarDay
    public var closesOn: CalendarDay

    public init(title: String, kind: AssessmentKind, audience: AssessmentAudience, opensOn: CalendarDay, closesOn: CalendarDay) {
        self.title = title.trimmed
        self.kind = kind
        self.audience = audience
        self.opensOn = opensOn
        self.closesOn = closesOn
    }

    /// A round may stay open at most this many days.
    public static let longestDays = 120

    /// Problems with the plan on `today`: a title, a last day not yet past and not before the
    /// first, a span a person can keep in mind.
    public func errors(today: CalendarDay) -> FieldErrors {
        var errors = FieldErrors()
        if title.isEmpty { errors.add("title", Texts.current("error.roundTitle")) }
        if title.count > 120 { errors.add("title", Texts.current("error.nameTooLongMost")) }
        if closesOn < opensOn {
            errors.add("closesOn", Texts.current("error.lastDayBeforeFirst", ["last": closesOn.key, "first": opensOn.key]))
        } else if closesOn < today {
            errors.add("closesOn", Texts.current("error.roundClosesInPast"))
        } else if closesOn.start.timeIntervalSince(opensOn.start) > Double(Self.longestDays) * 86_400 {
            errors.add("closesOn", Texts.current("error.roundTooLong", ["days": Texts.current.number(Double(Self.longestDays))]))
        }
        return errors
    }
}

/// One answer to one statement: a point on the scale, or "don't know"; a comment either way.
public struct AssessmentAnswer: Codable, Equatable, Sendable {
    /// 1 (strongly disagree) to 5 (strongly agree); nil is "don't know".
    public var score: Int?
    public var comment: String

    public init(score: Int?, comment: String = "") {
        self.score = score
        self.comment = comment.trimmed
    }

    public static let scale = 1...5
    public static let commentLimit = 1_000
}

/// Whether answers are kept for later or handed in.
public enum ResponseStatus: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case draft, submitted

    public static let catalogKey = "responseStatus"
}

/// Checks of one person's answers against the round's template.
public enum AssessmentAnswers {
    /// Problems keyed by question (`answer.<key>`): unknown questions, points off the scale,
    /// comments too long, and, to submit, a question left without a point or "don't know".
    public static func errors(_ answers: [String: AssessmentAnswer], template: AssessmentTemplate, submitting: Bool) -> FieldErrors {
        var errors = FieldErrors()
        let known = Set(template.questions.map(\.key))
        for (key, answer) in answers {
            guard known.contains(key) else {
                errors.add("answers", Texts.current("error.assessmentUnknownQuestion", ["key": String(key.prefix(60))]))
                continue
            }
            if let score = answer.score, !AssessmentAnswer.scale.contains(score) {
                errors.add("answer.\(key)", Texts.current("error.assessmentScale"))
            }
            if answer.comment.count > AssessmentAnswer.commentLimit {
                errors.add("answer.\(key)", Texts.current("error.keepNoteShortMost", ["noteLimit": Texts.current.number(Double(AssessmentAnswer.commentLimit))]))
            }
        }
        if submitting {
            for question in template.questions where answers[question.key] == nil {
                errors.add("answer.\(question.key)", Texts.current("error.assessmentAnswerAll"))
            }
        }
        return errors
    }
}
