import Foundation

/// What a node of the theory of change stands for, in the order the diagram reads: strategies
/// contribute to intermediate outcomes, which contribute to population-level results.
public enum ChangeNodeKind: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case strategy
    case outcome
    case result

    public static let catalogKey = "changeKind"

    public var pluralTitle: String { Texts.current("changeKindPlural.\(rawValue)") }

    /// The diagram's column, left to right.
    public var column: Int {
        switch self {
        case .strategy: 0
        case .outcome: 1
        case .result: 2
        }
    }

    /// Indicators measure results and outcomes; a strategy is measured by what it contributes to.
    public var takesIndicators: Bool { self != .strategy }
}

/// The theory of change as a graph: nodes and "contributes to" links. Pure, so the rules for a
/// new link are checked the same way in every place and tested without a database.
public struct ChangeGraph: Sendable {
    public struct Link: Hashable, Sendable {
        public let from: UUID
        public let to: UUID

        public init(from: UUID, to: UUID) {
            self.from = from
            self.to = to
        }
    }

    public var kinds: [UUID: ChangeNodeKind]
    public var links: Set<Link>

    public init(kinds: [UUID: ChangeNodeKind], links: Set<Link>) {
        self.kinds = kinds
        self.links = links
    }

    /// Why `from` may not be linked as contributing to `to`, or nil when it may.
    public func refusal(from: UUID, to: UUID) -> String? {
        guard let fromKind = kinds[from], let toKind = kinds[to] else { return Texts.current("error.chooseTwoPartsTheory") }
        if from == to { return Texts.current("error.partCannotContributeItself") }
        if links.contains(Link(from: from, to: to)) { return Texts.current("error.linkAlreadyThere") }
        if toKind == .strategy { return Texts.current("error.nothingContributesStrategyStrategies") }
        if fromKind == .result && toKind == .outcome { return Texts.current("error.populationLevelResultDoes") }
        if reaches(from: to, target: from) {
            return Texts.current("error.linkWouldMakeCircle")
        }
        return nil
    }

    /// Whether following links from `start` arrives at `target`.
    public func reaches(from start: UUID, target: UUID) -> Bool {
        var outgoing: [UUID: [UUID]] = [:]
        for link in links { outgoing[link.from, default: []].append(link.to) }
        var seen: Set<UUID> = [start]
        var stack = [start]
        while let node = stack.popLast() {
            if node == target { return true }
            for next in outgoing[node] ?? [] where seen.insert(next).inserted { stack.append(next) }
        }
        return false
    }

    /// Each column's nodes in an order that keeps links short: strategies as given, then each
    /// later column by the average position of what contributes to it (nodes without any keep
    /// their given order at the end).
    public func columns(order: [UUID]) -> [[UUID]] {
        var columns: [[UUID]] = ChangeNodeKind.allCases.map { kind in order.filter { kinds[$0] == kind } }
        for index in 1..<columns.count {
            var position: [UUID: Double] = [:]
            for earlier in columns[..<index] { for (i, id) in earlier.enumerated() { position[id] = Double(i) } }
            let given = Dictionary(uniqueKeysWithValues: columns[index].enumerated().map { ($1, $0) })
            func weight(_ id: UUID) -> Double {
                let sources = links.filter { $0.to == id }.compactMap { position[$0.from] }
                return sources.isEmpty ? Double.infinity : sources.reduce(0, +) / Double(sources.count)
            }
            columns[index].sort { (weight($0), given[$0]!) < (weight($1), given[$1]!) }
        }
        return columns
    }
}
