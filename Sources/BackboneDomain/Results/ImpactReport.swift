import Foundation

/// Who an impact report is written for. It shapes nothing but the words on its cover: what a
/// reader may see is decided by who they are (a member, or an outsider with the share link).
public enum ImpactAudience: String, Codable, Sendable, CaseIterable, NamedInCatalog {
    case steeringCommittee = "steering_committee"
    case funders
    case partners
    case `public`

    public static let catalogKey = "impactAudience"
}

/// The parts a report can hold, in the order the backbone chooses.
public enum ImpactSectionKind: String, Codable, Sendable, CaseIterable, NamedInCatalog {
    case context
    case headline
    case learning
    case strategies
    case stories
    case activities
    case decisions
    case completeness
    case nextSteps = "next_steps"

    public static let catalogKey = "impactSection"

    /// Sections whose words the backbone writes; the others are composed from the records.
    public var isWritten: Bool { self == .context || self == .nextSteps }
}

public enum ImpactReportStatus: String, Codable, Sendable, NamedInCatalog {
    case draft, released

    public static let catalogKey = "impactStatus"
}

/// What the backbone chooses for a report: everything else is composed from the records.
public struct ImpactReportPlan: Codable, Equatable, Sendable {
    public static let maxTitle = 200
    public static let maxText = 20_000
    public static let maxHeadline = 12

    public var title: String
    public var audience: ImpactAudience
    public var from: String
    public var to: String
    public var sections: [ImpactSectionKind]
    /// The indicators of the headline section, in order.
    public var headlineIndicators: [UUID]
    public var context: String
    public var nextSteps: String

    public init(title: String, audience: ImpactAudience, from: String, to: String, sections: [ImpactSectionKind],
                headlineIndicators: [UUID], context: String = "", nextSteps: String = "") {
        self.title = title
        self.audience = audience
        self.from = from
        self.to = to
        self.sections = sections
        self.headlineIndicators = headlineIndicators
        self.context = context
        self.nextSteps = nextSteps
    }

    /// The checks a plan passes before it is saved, with the field each problem belongs to.
    /// Text is trimmed; `known` are the initiative's indicators.
    public func validated(known: Set<UUID>) throws -> ImpactReportPlan {
        var plan = self
        plan.title = title.trimmed
        plan.context = context.trimmed
        plan.nextSteps = nextSteps.trimmed
        var errors = FieldErrors()
        if plan.title.isEmpty { errors.add("title", Texts.current("error.impactTitle")) }
        if plan.title.count > Self.maxTitle || plan.title.containsUnshowableCharacters {
            errors.add("title", Texts.current("error.impactTitleLength", ["count": "\(Self.maxTitle)"]))
        }
        if span == nil { errors.add("from", Texts.current("error.impactSpan")) }
        if sections.isEmpty { errors.add("sections", Texts.current("error.impactNoSections")) }
        if Set(sections).count != sections.count { errors.add("sections", Texts.current("error.impactSectionTwice")) }
        if sections.contains(.headline), headlineIndicators.isEmpty { errors.add("headlineIndicators", Texts.current("error.impactNoHeadline")) }
        if headlineIndicators.count > Self.maxHeadline || Set(headlineIndicators).count != headlineIndicators.count {
            errors.add("headlineIndicators", Texts.current("error.impactHeadlineCount", ["count": "\(Self.maxHeadline)"]))
        }
        if !Set(headlineIndicators).isSubset(of: known) { errors.add("headlineIndicators", Texts.current("error.impactUnknownIndicator")) }
        for (field, text) in [("context", plan.context), ("nextSteps", plan.nextSteps)] {
            if text.count > Self.maxText || text.containsUnshowableCharacters {
                errors.add(field, Texts.current("error.impactTextLength", ["count": "\(Self.maxText)"]))
            }
        }
        if sections.contains(.context), plan.context.isEmpty { errors.add("context", Texts.current("error.impactWriteSection")) }
        if sections.contains(.nextSteps), plan.nextSteps.isEmpty { errors.add("nextSteps", Texts.current("error.impactWriteSection")) }
        try errors.throwIfAny()
        return plan
    }

    public var span: LearningSpan? {
        guard let first = ReportingPeriod(key: from), let last = ReportingPeriod(key: to) else { return nil }
        return LearningSpan(first: first, last: last)
    }
}

/// A report's content as composed: on a draft, from the records of the moment; on a released
/// report, exactly as it was at release (stored whole, so later corrections change nothing).
public struct ImpactReportContent: Codable, Equatable, Sendable {
    public struct Point: Codable, Equatable, Sendable {
        public let period: String
        public let value: Double?
        public init(period: String, value: Double?) { self.period = period; self.value = value }
    }

    /// One indicator as a report shows it: its latest complete figure of the span, its target and
    /// status, and its series up to the span's end.
    public struct Figure: Codable, Equatable, Sendable {
        public let indicatorID: UUID
        public let code: String
        public let name: String
        public let unit: String
        public let period: String?
        public let value: Double?
        public let numerator: Double?
        public let denominator: Double?
        public let partnersCounted: Int
        public let partnersAssigned: Int
        public let target: Double?
        public let targetDate: Date?
        public let status: TargetStatus
        public let series: [Point]

        public init(indicatorID: UUID, code: String, name: String, unit: String, period: String?, value: Double?, numerator: Double?,
                    denominator: Double?, partnersCounted: Int, partnersAssigned: Int, target: Double?, targetDate: Date?,
                    status: TargetStatus, series: [Point]) {
            self.indicatorID = indicatorID
            self.code = code
            self.name = name
            self.unit = unit
            self.period = period
            self.value = value
            self.numerator = numerator
            self.denominator = denominator
            self.partnersCounted = partnersCounted
            self.partnersAssigned = partnersAssigned
            self.target = target
            self.targetDate = targetDate
            self.status = status
            self.series = series
        }
    }

    public struct Strategy: Codable, Equatable, Sendable {
        public let title: String
        public let outcomes: [String]
        public let figures: [Figure]
        public init(title: String, outcomes: [String], figures: [Figure]) { self.title = title; self.outcomes = outcomes; self.figures = figures }
    }

    public struct Story: Codable, Equatable, Sendable {
        public let title: String
        public let text: String
        public let organization: String
        /// The indicator or strategy the story speaks to, by name.
        public let speaksTo: [String]
        public let publishedAt: Date?
        public init(title: String, text: String, organization: String, speaksTo: [String], publishedAt: Date?) {
            self.title = title; self.text = text; self.organization = organization; self.speaksTo = speaksTo; self.publishedAt = publishedAt
        }
    }

    public struct Activity: Codable, Equatable, Sendable {
        /// What the activity is, as the action plan names it.
        public let name: String
        public let description: String
        public let organization: String
        public let strategy: String
        public let status: ActivityStatus
        public init(name: String, description: String, organization: String, strategy: String, status: ActivityStatus) {
            self.name = name; self.description = description; self.organization = organization; self.strategy = strategy; self.status = status
        }
    }

    public struct Decision: Codable, Equatable, Sendable {
        public let text: String
        public let rationale: String
        public let decidedAt: Date
        public init(text: String, rationale: String, decidedAt: Date) { self.text = text; self.rationale = rationale; self.decidedAt = decidedAt }
    }

    /// How many of a partner's due reports of the span were approved.
    public struct Completeness: Codable, Equatable, Sendable {
        public let organization: String
        public let approved: Int
        public let due: Int
        public init(organization: String, approved: Int, due: Int) { self.organization = organization; self.approved = approved; self.due = due }
    }

    /// One section; only the field of its kind is filled.
    public struct Section: Codable, Equatable, Sendable {
        public let kind: ImpactSectionKind
        public var text: String? = nil
        public var figures: [Figure]? = nil
        public var statements: [LearningStatement]? = nil
        public var strategies: [Strategy]? = nil
        public var stories: [Story]? = nil
        public var activities: [Activity]? = nil
        public var decisions: [Decision]? = nil
        public var completeness: [Completeness]? = nil

        public init(kind: ImpactSectionKind) { self.kind = kind }
    }

    public let initiative: String
    public let title: String
    public let audience: ImpactAudience
    public let from: String
    public let to: String
    /// Whether submitted, not yet approved figures were counted.
    public let basis: RollupBasis
    public let composedAt: Date
    public let sections: [Section]

    public init(initiative: String, title: String, audience: ImpactAudience, from: String, to: String, basis: RollupBasis,
                composedAt: Date, sections: [Section]) {
        self.initiative = initiative
        self.title = title
        self.audience = audience
        self.from = from
        self.to = to
        self.basis = basis
        self.composedAt = composedAt
        self.sections = sections
    }
}
