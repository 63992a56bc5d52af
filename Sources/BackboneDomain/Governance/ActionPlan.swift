import Foundation

/// Where a partner's commitment stands.
public enum ActivityStatus: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case planned
    case underWay = "under_way"
    case done
    case stalled
    case dropped

    public static let catalogKey = "activityStatus"

    /// A commitment in force: planned or under way. Done, stalled and dropped work does not
    /// cover a strategy, so a strategy with only those is a gap.
    public var isActive: Bool { self == .planned || self == .underWay }
}

/// What the coverage analysis needs to know of one activity.
public struct ActivityFacts: Hashable, Sendable {
    public let id: UUID
    public let strategyID: UUID
    public let partnerID: UUID
    public let kind: String
    public let population: String
    public let geography: String
    public let status: ActivityStatus

    public init(id: UUID, strategyID: UUID, partnerID: UUID, kind: String, population: String, geography: String, status: ActivityStatus) {
        self.id = id
        self.strategyID = strategyID
        self.partnerID = partnerID
        self.kind = kind
        self.population = population
        self.geography = geography
        self.status = status
    }

    /// Activities are "the same" when their kind, population and place read the same once case,
    /// spacing and punctuation are set aside: "After-school tutoring" = "after school  tutoring".
    public var sameness: Sameness {
        Sameness(strategyID: strategyID, kind: Self.normalized(kind), population: Self.normalized(population), geography: Self.normalized(geography))
    }

    public struct Sameness: Hashable, Sendable {
        public let strategyID: UUID
        public let kind: String
        public let population: String
        public let geography: String
    }

    static func normalized(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }
}

/// Who does what under each strategy: the coverage matrix of strategies × partners, the
/// strategies nobody is actively working on (gaps) and those where several partners do the same
/// kind of activity for the same population and place (possible duplication, to talk about).
public struct Coverage: Sendable {
    public struct Overlap: Hashable, Sendable {
        public let strategyID: UUID
        /// The wording of the group's first activity, to show.
        public let kind: String
        public let population: String
        public let geography: String
        public let partnerIDs: Set<UUID>
        public let activityIDs: [UUID]
    }

    /// Activities by strategy and partner.
    public let cells: [UUID: [UUID: [ActivityFacts]]]
    /// Strategies, in the order given, with no planned or under-way activity.
    public let gaps: [UUID]
    public let overlaps: [Overlap]

    public init(strategies: [UUID], activities: [ActivityFacts]) {
        let known = Set(strategies)
        let relevant = activities.filter { known.contains($0.strategyID) }
        cells = Dictionary(grouping: relevant, by: \.strategyID).mapValues { Dictionary(grouping: $0, by: \.partnerID) }
        let covered = Set(relevant.filter(\.status.isActive).map(\.strategyID))
        gaps = strategies.filter { !covered.contains($0) }
        let groups = Dictionary(grouping: relevant.filter(\.status.isActive), by: \.sameness)
        overlaps = groups.values.compactMap { group -> Overlap? in
            let partners = Set(group.map(\.partnerID))
            // One partner running the same thing twice is its own business, not duplication.
            guard partners.count >= 2 else { return nil }
            // Shown in the wording of the first activity as given (the pages give them by start day).
            return Overlap(strategyID: group[0].strategyID, kind: group[0].kind, population: group[0].population,
                           geography: group[0].geography, partnerIDs: partners, activityIDs: group.map(\.id))
        }
        .sorted { ($0.strategyID.uuidString, ActivityFacts.normalized($0.kind)) < ($1.strategyID.uuidString, ActivityFacts.normalized($1.kind)) }
    }

    /// Active activities of one partner under one strategy.
    public func activeCount(strategy: UUID, partner: UUID) -> Int {
        cells[strategy]?[partner]?.filter(\.status.isActive).count ?? 0
    }

    public func activities(strategy: UUID, partner: UUID) -> [ActivityFacts] { cells[strategy]?[partner] ?? [] }

    /// Whether an activity is part of a possible duplication.
    public func overlaps(activity: UUID) -> Bool { overlaps.contains { $0.activityIDs.contains(activity) } }
}

/// The text of an activity as typed, checked.
public struct ActivityText: Equatable, Sendable {
    public var kind: String
    public var description: String
    public var population: String
    public var geography: String
    public var expectedOutputs: String

    public init(kind: String, description: String, population: String, geography: String, expectedOutputs: String) {
        self.kind = kind.trimmed
        self.description = description.trimmed
        self.population = population.trimmed
        self.geography = geography.trimmed
        self.expectedOutputs = expectedOutputs.trimmed
    }

    public var errors: FieldErrors {
        var errors = FieldErrors()
        if kind.isEmpty { errors.add("kind", Texts.current("error.sayWhatKindActivity")) }
        if population.isEmpty { errors.add("population", Texts.current("error.sayWhoActivityServes")) }
        if geography.isEmpty { errors.add("geography", Texts.current("error.sayWhereActivityTakes")) }
        for (field, text, limit) in [("kind", kind, 80), ("population", population, 200), ("geography", geography, 200),
                                     ("description", description, 2_000), ("expectedOutputs", expectedOutputs, 2_000)]
        where text.count > limit {
            errors.add(field, Texts.current("error.tooLongMostCharacters", ["limit": Texts.current.number(Double(limit))]))
        }
        for (field, text) in [("kind", kind), ("population", population), ("geography", geography), ("description", description), ("expectedOutputs", expectedOutputs)]
        where text.containsUnshowableCharacters {
            errors.add(field, Texts.current("error.containsCharactersThatCannot2"))
        }
        return errors
    }
}
