import Foundation

/// The bodies through which partners govern the initiative together.
public enum BodyKind: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case steeringCommittee = "steering_committee"
    case workingGroup = "working_group"

    public static let catalogKey = "bodyKind"
}

/// Where a body stands. A closed body keeps its members, strategies and history for the record.
public enum BodyStatus: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case forming, active, paused, closed

    public static let catalogKey = "bodyStatus"
}

/// The part a person plays in a body.
public enum BodyRole: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case chair
    case coChair = "co_chair"
    case member

    public static let catalogKey = "bodyRole"

    /// Chairs and co-chairs lead the body: with the working-group lead role they edit its
    /// members, cycle and activities.
    public var leads: Bool { self != .member }
}

/// A body's charter: why it exists, what it covers, what it may decide.
public struct Charter: Equatable, Sendable {
    public var purpose: String
    public var scope: String
    public var decisionRights: String

    public init(purpose: String, scope: String, decisionRights: String) {
        self.purpose = purpose.trimmed
        self.scope = scope.trimmed
        self.decisionRights = decisionRights.trimmed
    }

    public static let limit = 4_000

    /// A name is required and a charter says at least its purpose; each part is bounded.
    public static func errors(name: String, charter: Charter) -> FieldErrors {
        var errors = FieldErrors()
        if name.trimmed.isEmpty { errors.add("name", Texts.current("error.giveBodyName")) }
        if name.trimmed.count > 120 { errors.add("name", Texts.current("error.nameTooLongMost")) }
        if charter.purpose.isEmpty { errors.add("purpose", Texts.current("error.saySentenceTwoWhat")) }
        for (field, text) in [("purpose", charter.purpose), ("scope", charter.scope), ("decisionRights", charter.decisionRights)]
        where text.count > limit {
            errors.add(field, Texts.current("error.partTooLongMost", ["limit": Texts.current.number(Double(limit))]))
        }
        return errors
    }
}

/// The four steps of a working group's quarter: plan the work, do it, look at the evidence
/// and adjust, tell partners and the community what happened.
public enum CycleStep: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case plan
    case `do`
    case feedback
    case communicate

    public static let catalogKey = "cycleStep"

    /// Steps done before this one in the same quarter.
    public var position: Int { Self.allCases.firstIndex(of: self)! }
}

/// One working group's record of a quarter: the step it stands at and a short note per step.
public struct CycleRecord: Equatable, Sendable {
    public var stage: CycleStep
    public var notes: [CycleStep: String]

    public init(stage: CycleStep, notes: [CycleStep: String]) {
        self.stage = stage
        self.notes = notes.mapValues(\.trimmed)
    }

    public static let noteLimit = 1_000

    public var errors: FieldErrors {
        var errors = FieldErrors()
        for step in CycleStep.allCases where (notes[step] ?? "").count > Self.noteLimit {
            errors.add("note.\(step.rawValue)", Texts.current("error.keepNoteShortMost", ["noteLimit": Texts.current.number(Double(Self.noteLimit))]))
        }
        if (notes[stage] ?? "").isEmpty, stage != .plan {
            errors.add("note.\(stage.rawValue)", Texts.current("error.sayLineWhereGroup"))
        }
        return errors
    }
}
