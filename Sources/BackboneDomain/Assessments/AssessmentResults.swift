import Foundation

/// One handed-in set of answers, with only what the breakdowns need to know of the person:
/// their organization's sector and the bodies they sit in. No name, no id.
public struct SubmittedResponse: Sendable {
    public let sector: Sector?
    public let bodyIDs: Set<UUID>
    public let answers: [String: AssessmentAnswer]

    public init(sector: Sector?, bodyIDs: Set<UUID>, answers: [String: AssessmentAnswer]) {
        self.sector = sector
        self.bodyIDs = bodyIDs
        self.answers = answers
    }
}

/// Counts of answers to one statement or a section's statements pooled.
public struct AnswerStats: Codable, Equatable, Sendable {
    /// Answers given, "don't know" included.
    public var count: Int
    public var dontKnow: Int
    /// How many chose 1, 2, 3, 4 and 5.
    public var distribution: [Int]
    /// The mean of the points (nil when everyone said "don't know").
    public var mean: Double?

    public init(_ answers: [AssessmentAnswer]) {
        count = answers.count
        dontKnow = answers.filter { $0.score == nil }.count
        let scores = answers.compactMap(\.score).filter(AssessmentAnswer.scale.contains)
        distribution = AssessmentAnswer.scale.map { point in scores.filter { $0 == point }.count }
        mean = scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count)
    }

    public var dontKnowShare: Double { count == 0 ? 0 : Double(dontKnow) / Double(count) }
}

/// The people results are shown for: everyone who answered, one sector, or one body.
public struct ResultGroup: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable { case overall, sector, body }
    public var kind: Kind
    /// The sector's raw value or the body's id; empty for everyone.
    public var key: String

    public init(kind: Kind, key: String) {
        self.kind = kind
        self.key = key
    }

    public static let overall = ResultGroup(kind: .overall, key: "")
}

/// What is shown for one group of at least the threshold's number of respondents.
public struct GroupResults: Codable, Equatable, Sendable {
    public var group: ResultGroup
    public var respondents: Int
    public var sections: [String: AnswerStats]
    public var questions: [String: AnswerStats]
}

/// A round's results with anonymity kept: a group (everyone included) is shown only when at
/// least `threshold` people answered in it, and a breakdown hides more groups when the people
/// it leaves out are fewer than the threshold, so that no small group can be worked out by
/// subtracting the shown ones from everyone. Comments come without names, sorted, only when
/// everyone's group is shown. Individual answers never leave this type.
public struct AssessmentResults: Codable, Equatable, Sendable {
    public static let standardThreshold = 5
    public static let lowestThreshold = 3

    public var threshold: Int
    /// Everyone who handed in answers (a count says nothing about anyone's answers).
    public var respondents: Int
    public var overall: GroupResults?
    public var bySector: [GroupResults]
    public var byBody: [GroupResults]
    /// Groups with answers that are not shown, per breakdown.
    public var hiddenSectors: Int
    public var hiddenBodies: Int
    /// Comments by section, shown only with everyone's results.
    public var comments: [String: [String]]

    public init(template: AssessmentTemplate, responses: [SubmittedResponse], threshold: Int) {
        let threshold = max(Self.lowestThreshold, threshold)
        self.threshold = threshold
        respondents = responses.count
        let everyone = Self.results(.overall, Array(responses.indices), responses, template)
        overall = responses.count >= threshold ? everyone : nil

        let sectors = Dictionary(grouping: responses.indices.filter { responses[$0].sector != nil }) { responses[$0].sector!.rawValue }
        let sectorShown = Self.visibleKeys(sectors, threshold: threshold, everyone: responses.count)
        bySector = sectorShown.sorted().map { Self.results(ResultGroup(kind: .sector, key: $0), sectors[$0]!, responses, template) }
        hiddenSectors = sectors.count - sectorShown.count

        var bodies: [String: [Int]] = [:]
        for index in responses.indices { for body in responses[index].bodyIDs { bodies[body.uuidString, default: []].append(index) } }
        let bodyShown = Self.visibleKeys(bodies, threshold: threshold, everyone: responses.count)
        byBody = bodyShown.sorted().map { Self.results(ResultGroup(kind: .body, key: $0), bodies[$0]!, responses, template) }
        hiddenBodies = bodies.count - bodyShown.count

        comments = overall == nil ? [:] : template.sections.reduce(into: [:]) { result, section in
            let keys = Set(section.questions.map(\.key))
            let texts = responses.flatMap { $0.answers.filter { keys.contains($0.key) }.map(\.value.comment) }.filter { !$0.isEmpty }.sorted()
            if !texts.isEmpty { result[section.key] = texts }
        }
    }

    /// Every group shown, everyone's first.
    public var shownGroups: [GroupResults] { (overall.map { [$0] } ?? []) + bySector + byBody }

    /// The groups of a breakdown that may be shown: each large enough, and the people outside
    /// all shown groups either none or at least the threshold (else the smallest is hidden too).
    static func visibleKeys(_ groups: [String: [Int]], threshold: Int, everyone: Int) -> [String] {
        guard everyone >= threshold else { return [] }
        var shown = groups.filter { $0.value.count >= threshold }
        while !shown.isEmpty {
            let covered = Set(shown.values.joined()).count
            let left = everyone - covered
            if left == 0 || left >= threshold { break }
            let smallest = shown.min { ($0.value.count, $0.key) < ($1.value.count, $1.key) }!.key
            shown[smallest] = nil
        }
        return Array(shown.keys)
    }

    static func results(_ group: ResultGroup, _ members: [Int], _ responses: [SubmittedResponse], _ template: AssessmentTemplate) -> GroupResults {
        let answers = members.map { responses[$0].answers }
        var questions: [String: AnswerStats] = [:]
        for question in template.questions {
            questions[question.key] = AnswerStats(answers.compactMap { $0[question.key] })
        }
        var sections: [String: AnswerStats] = [:]
        for section in template.sections {
            sections[section.key] = AnswerStats(section.questions.flatMap { question in answers.compactMap { $0[question.key] } })
        }
        return GroupResults(group: group, respondents: members.count, sections: sections, questions: questions)
    }
}

/// How a mean score reads in words, for the heat map and screen readers.
public enum ScoreBand: String, NamedInCatalog, CaseIterable, Sendable {
    case weak, mixed, strong

    public static let catalogKey = "scoreBand"

    /// Below 2.5 most disagree; from 3.5 most agree; between, opinions are split or lukewarm.
    /// Read from the mean as shown (one decimal), so a cell never says 2.5 and "weak".
    public init(mean: Double) {
        let shown = (mean * 10).rounded() / 10
        self = shown < 2.5 ? .weak : shown < 3.5 ? .mixed : .strong
    }
}
