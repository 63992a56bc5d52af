import Foundation

/// The backbone's judgement of one working group's quarter.
public enum GroupJudgement: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case onTrack = "on_track"
    case needsAttention = "needs_attention"
    case stalled

    public static let catalogKey = "groupJudgement"
}

/// Where an activity stands on a day, as the steering committee reads it.
public enum ActivityPace: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case onTime = "on_time", late, stalled, finished

    public static let catalogKey = "activityPace"

    /// Stalled when marked so; late when still planned or under way after its last day;
    /// finished when done or dropped; otherwise on time.
    public init(status: ActivityStatus, endsOn: CalendarDay?, today: CalendarDay) {
        switch status {
        case .stalled: self = .stalled
        case .done, .dropped: self = .finished
        case .planned, .underWay: self = endsOn.map { $0 < today } == true ? .late : .onTime
        }
    }
}

/// One working group as the periodic assessment shows it: assembled from the group's cycle,
/// activities, strategies' indicators, partners' aggregates, members' latest assessment and open
/// action items, then judged by the backbone. Frozen whole when shared.
public struct GroupReview: Codable, Equatable, Sendable {
    public struct ActivityLine: Codable, Equatable, Sendable {
        public var description: String
        public var partner: String
        public var pace: ActivityPace
        public var endsOn: String?

        public init(description: String, partner: String, pace: ActivityPace, endsOn: String?) {
            self.description = description
            self.partner = partner
            self.pace = pace
            self.endsOn = endsOn
        }
    }

    public struct IndicatorLine: Codable, Equatable, Sendable {
        public var indicatorID: UUID
        public var name: String
        public var isPercent: Bool
        /// The initiative's latest complete figure, the one before, and the latest's period.
        public var latest: Double?
        public var previous: Double?
        public var period: String?
        public var status: TargetStatus?
        /// The same period combined over the group's partners only, and how many of them reported.
        public var groupFigure: Double?
        public var groupSources: Int

        public init(indicatorID: UUID, name: String, isPercent: Bool, latest: Double?, previous: Double?, period: String?, status: TargetStatus?,
                    groupFigure: Double?, groupSources: Int) {
            self.indicatorID = indicatorID
            self.name = name
            self.isPercent = isPercent
            self.latest = latest
            self.previous = previous
            self.period = period
            self.status = status
            self.groupFigure = groupFigure
            self.groupSources = groupSources
        }
    }

    public struct ActionLine: Codable, Equatable, Sendable {
        public var text: String
        public var owner: String
        public var dueOn: String

        public init(text: String, owner: String, dueOn: String) {
            self.text = text
            self.owner = owner
            self.dueOn = dueOn
        }
    }

    public var bodyID: UUID
    public var name: String
    public var cycleStage: CycleStep?
    public var cycleNotes: [String: String]
    public var activities: [ActivityLine]
    public var indicators: [IndicatorLine]
    /// The latest closed round among the group's members: its title, and each section's name and
    /// mean, present only when at least the round's threshold of them answered.
    public var assessmentTitle: String?
    public var assessmentRespondents: Int
    public var assessmentSections: [AssessmentLine]
    public var openActions: [ActionLine]
    public var judgement: GroupJudgement?
    public var note: String

    public struct AssessmentLine: Codable, Equatable, Sendable {
        public var name: LocalText
        public var mean: Double

        public init(name: LocalText, mean: Double) {
            self.name = name
            self.mean = mean
        }
    }

    public init(bodyID: UUID, name: String, cycleStage: CycleStep?, cycleNotes: [String: String], activities: [ActivityLine],
                indicators: [IndicatorLine], assessmentTitle: String?, assessmentRespondents: Int, assessmentSections: [AssessmentLine],
                openActions: [ActionLine], judgement: GroupJudgement?, note: String) {
        self.bodyID = bodyID
        self.name = name
        self.cycleStage = cycleStage
        self.cycleNotes = cycleNotes
        self.activities = activities
        self.indicators = indicators
        self.assessmentTitle = assessmentTitle
        self.assessmentRespondents = assessmentRespondents
        self.assessmentSections = assessmentSections
        self.openActions = openActions
        self.judgement = judgement
        self.note = note
    }

    public func count(_ pace: ActivityPace) -> Int { activities.filter { $0.pace == pace }.count }
}

/// What a periodic assessment holds: the quarter and one review per working group.
public struct PeriodicAssessmentContent: Codable, Equatable, Sendable {
    public var quarter: String
    public var groups: [GroupReview]

    public init(quarter: String, groups: [GroupReview]) {
        self.quarter = quarter
        self.groups = groups
    }

    public static let noteLimit = 2_000

    /// Judgements as posted, by body: each judged group needs a judgement; notes are bounded.
    public static func errors(judgements: [UUID: (GroupJudgement?, String)], sharing: Bool) -> FieldErrors {
        var errors = FieldErrors()
        for (body, (judgement, note)) in judgements {
            if note.count > noteLimit {
                errors.add("note.\(body.uuidString)", Texts.current("error.keepNoteShortMost", ["noteLimit": Texts.current.number(Double(noteLimit))]))
            }
            if sharing, judgement == nil { errors.add("judgement.\(body.uuidString)", Texts.current("error.judgeEveryGroup")) }
        }
        return errors
    }
}

/// Whether the periodic assessment is still being written or has gone to the steering committee.
public enum PeriodicAssessmentStatus: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case draft, shared

    public static let catalogKey = "periodicStatus"
}

/// What a working group's strategies are measured by: indicators attached to the strategies
/// themselves or to any part of the theory of change they lead to (their outcomes and results).
public enum StrategyReach {
    /// `links`: the theory of change's arrows (from → to); `indicators`: indicators by part.
    public static func indicators(of strategies: Set<UUID>, links: [(from: UUID, to: UUID)], indicators: [UUID: Set<UUID>]) -> Set<UUID> {
        let next = Dictionary(grouping: links, by: \.from).mapValues { $0.map(\.to) }
        var seen = strategies, queue = Array(strategies)
        while let part = queue.popLast() {
            for following in next[part] ?? [] where seen.insert(following).inserted { queue.append(following) }
        }
        return seen.reduce(into: Set<UUID>()) { $0.formUnion(indicators[$1] ?? []) }
    }
}
