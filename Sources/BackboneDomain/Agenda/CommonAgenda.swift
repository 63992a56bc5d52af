import Foundation

/// The common agenda: what the partners agree the problem is, what they want to change for whom,
/// where and by when, how they will work and which strategies they pursue. Kept as plain text
/// sections; list sections hold one entry per line.
public struct AgendaContent: Codable, Equatable, Sendable {
    public var problemStatement: String
    public var vision: String
    /// Population-level results: the changes in the lives of the population the effort is after.
    public var results: String
    public var geography: String
    public var population: String
    public var timeFrame: String
    public var principles: String
    public var strategies: String

    public init(problemStatement: String = "", vision: String = "", results: String = "", geography: String = "",
                population: String = "", timeFrame: String = "", principles: String = "", strategies: String = "") {
        self.problemStatement = problemStatement
        self.vision = vision
        self.results = results
        self.geography = geography
        self.population = population
        self.timeFrame = timeFrame
        self.principles = principles
        self.strategies = strategies
    }

    /// One section of the document, in reading order.
    public struct Section: Sendable {
        public let field: String
        /// Entries one per line (shown as a list) rather than running text.
        public let isList: Bool
        public let keyPath: WritableKeyPath<AgendaContent, String> & Sendable

        /// The section's name and hint, in the language being worked in.
        public var title: String { Texts.current("agendaSection.\(field)") }
        public var hint: String { Texts.current("agendaSection.\(field).hint") }
    }

    public static let sections: [Section] = [
        Section(field: "problemStatement", isList: false, keyPath: \.problemStatement),
        Section(field: "vision", isList: false, keyPath: \.vision),
        Section(field: "results", isList: true, keyPath: \.results),
        Section(field: "geography", isList: false, keyPath: \.geography),
        Section(field: "population", isList: false, keyPath: \.population),
        Section(field: "timeFrame", isList: false, keyPath: \.timeFrame),
        Section(field: "principles", isList: true, keyPath: \.principles),
        Section(field: "strategies", isList: true, keyPath: \.strategies),
    ]

    /// Every section with surrounding blanks removed, and blank lines dropped from lists.
    public var normalized: AgendaContent {
        var copy = self
        for section in Self.sections {
            let text = copy[keyPath: section.keyPath].replacingOccurrences(of: "\r\n", with: "\n")
            copy[keyPath: section.keyPath] = section.isList
                ? text.split(separator: "\n", omittingEmptySubsequences: true).map { String($0).trimmed }.filter { !$0.isEmpty }.joined(separator: "\n")
                : text.trimmed
        }
        return copy
    }

    public var isEmpty: Bool { Self.sections.allSatisfy { self[keyPath: $0.keyPath].trimmed.isEmpty } }

    /// The entries of a list section (or the paragraphs of a text section).
    public func lines(of section: Section) -> [String] {
        self[keyPath: section.keyPath].split(separator: "\n", omittingEmptySubsequences: true).map { String($0).trimmed }.filter { !$0.isEmpty }
    }

    /// Limits that keep a draft a document rather than a dump.
    public static let maxSectionLength = 20_000

    /// Problems that prevent saving a draft: only sizes, a draft may be unfinished.
    public func draftErrors() -> FieldErrors {
        var errors = FieldErrors()
        for section in Self.sections where self[keyPath: section.keyPath].count > Self.maxSectionLength {
            errors.add(section.field, Texts.current("agendaSection.tooLong", ["section": section.title, "count": Texts.current.count(Self.maxSectionLength)]))
        }
        return errors
    }

    /// Problems that prevent publishing: a published agenda states at least the problem, the
    /// vision and one population-level result.
    public func publishErrors() -> FieldErrors {
        var errors = draftErrors()
        let content = normalized
        if content.isEmpty {
            errors.add("problemStatement", Texts.current("error.agendaEmptyWriteLeast"))
            return errors
        }
        if content.problemStatement.isEmpty { errors.add("problemStatement", Texts.current("error.writeProblemStatementBefore")) }
        if content.vision.isEmpty { errors.add("vision", Texts.current("error.writeVisionBeforePublishing")) }
        if content.results.isEmpty { errors.add("results", Texts.current("error.nameLeastOnePopulation")) }
        return errors
    }
}

/// Where a partner organization stands with the agenda's current version.
public enum EndorsementStanding: Equatable, Sendable {
    /// Endorses the current version.
    case current
    /// Endorses an older version only (the newest it endorses).
    case olderOnly(version: Int)
    case none

    /// The standing from the versions an organization endorses (not withdrawn).
    public static func of(endorsedVersions: [Int], currentVersion: Int?) -> EndorsementStanding {
        guard let current = currentVersion, let newest = endorsedVersions.max() else { return .none }
        return endorsedVersions.contains(current) ? .current : .olderOnly(version: newest)
    }
}
