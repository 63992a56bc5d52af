import Foundation

/// Every count one indicator publishes, and the additive relations between them (a total and
/// its categories, the initiative and its partners, a quarter and its months), so that cells can
/// be hidden together: no hidden cell may be worked out, even approximately, from what is shown.
///
/// `suppression(_:)` hides, in order:
/// 1. primary cells: counts from 1 to k−1, and cells the caller marks (a ratio too small to show,
///    an "other partners" cell standing for one partner);
/// 2. cells tied to a hidden cell (a category's numerator and denominator go together);
/// 3. complementary cells, relation by relation until nothing changes: a relation with a hidden
///    member must hide at least two, and when its total is shown, hidden parts that sum to at
///    least k. The cell added is the cheapest shown one: a part before the total, a cell that is
///    not an initiative total before one that is, a non-zero count before a zero (a hidden zero
///    protects nothing by itself), then the smallest;
/// 4. a check of every hidden cell's exact range by linear programming (`HiddenCellRanges`);
///    a cell narrower than k gets the cheapest shown cell of each of its relations hidden too,
///    and steps 2–4 run again. Hiding everything is always safe, so this ends.
public struct DisclosureTable: Sendable {
    public struct Cell: Sendable, Equatable {
        public var value: Double
        /// Hidden whatever its value.
        public var mustHide: Bool
        /// An initiative total: hidden only when no other cell can serve.
        public var isInitiativeTotal: Bool
    }

    public struct Relation: Sendable, Equatable {
        public var total: Int
        public var parts: [Int]
    }

    public private(set) var cells: [Cell] = []
    public private(set) var relations: [Relation] = []
    private var ties: [[Int]] = []

    public init() {}

    /// Adds a published count and returns its index.
    @discardableResult
    public mutating func add(_ value: Double, mustHide: Bool = false, isInitiativeTotal: Bool = false) -> Int {
        cells.append(Cell(value: value, mustHide: mustHide, isInitiativeTotal: isInitiativeTotal))
        return cells.count - 1
    }

    /// States that `total` is the sum of `parts`.
    public mutating func relate(total: Int, parts: [Int]) {
        guard !parts.isEmpty else { return }
        relations.append(Relation(total: total, parts: parts))
    }

    /// Cells that are shown or hidden together.
    public mutating func tie(_ together: [Int]) {
        if together.count > 1 { ties.append(together) }
    }

    /// The cells to hide so that every hidden cell ranges at least k given everything shown.
    public func suppression(_ threshold: DisclosureThreshold) -> Set<Int> {
        var hidden = Set(cells.indices.filter { cells[$0].mustHide || threshold.suppresses(count: cells[$0].value) })
        let membership = relationsOfCells()
        while true {
            protectLocally(&hidden, threshold)
            if closeLargeComponents(&hidden) { continue }
            let narrow = narrowCells(hidden, threshold)
            if narrow.isEmpty { return hidden }
            let before = hidden.count
            for cell in narrow {
                let added = membership[cell].compactMap { cheapestShown(in: relations[$0], hidden) }
                if !added.isEmpty {
                    hidden.formUnion(added)
                } else if let next = nearestShown(from: cell, hidden, membership) {
                    // Every relation of the cell is wholly hidden: what pins it is further out.
                    hidden.insert(next)
                }
            }
            // Nothing left to hide near any narrow cell: hiding everything leaves nothing to go on.
            if hidden.count == before { return Set(cells.indices) }
        }
    }

    // MARK: Steps 2 and 3

    private func protectLocally(_ hidden: inout Set<Int>, _ threshold: DisclosureThreshold) {
        var changed = true
        while changed {
            changed = false
            for group in ties where group.contains(where: hidden.contains) && !group.allSatisfy(hidden.contains) {
                hidden.formUnion(group)
                changed = true
            }
            for relation in relations where !isProtected(relation, hidden, threshold) {
                guard let next = cheapestShown(in: relation, hidden) else { continue }
                hidden.insert(next)
                changed = true
            }
        }
    }

    private func isProtected(_ relation: Relation, _ hidden: Set<Int>, _ threshold: DisclosureThreshold) -> Bool {
        let hiddenParts = relation.parts.filter(hidden.contains)
        if hidden.contains(relation.total) { return !hiddenParts.isEmpty }
        if hiddenParts.isEmpty { return true }
        return hiddenParts.count >= 2 && hiddenParts.reduce(0) { $0 + cells[$1].value } >= Double(threshold.k)
    }

    /// The shown cell of a relation that costs least to hide; the total only when no part is left.
    private func cheapestShown(in relation: Relation, _ hidden: Set<Int>) -> Int? {
        let shownParts = relation.parts.filter { !hidden.contains($0) }
        guard !shownParts.isEmpty else { return hidden.contains(relation.total) ? nil : relation.total }
        return shownParts.min { cost($0) < cost($1) }
    }

    /// The cheapest shown cell of the nearest relation, walking out from `cell` through hidden cells.
    private func nearestShown(from cell: Int, _ hidden: Set<Int>, _ membership: [[Int]]) -> Int? {
        var queue = [cell]
        var seen: Set<Int> = [cell]
        var index = 0
        while index < queue.count {
            let current = queue[index]
            index += 1
            for relation in membership[current].map({ relations[$0] }) {
                if let next = cheapestShown(in: relation, hidden) { return next }
                for member in [relation.total] + relation.parts where seen.insert(member).inserted { queue.append(member) }
            }
        }
        return nil
    }

    private func cost(_ cell: Int) -> (Int, Int, Double, Int) {
        (cells[cell].isInitiativeTotal ? 1 : 0, cells[cell].value == 0 ? 1 : 0, cells[cell].value, cell)
    }

    private func relationsOfCells() -> [[Int]] {
        var membership = [[Int]](repeating: [], count: cells.count)
        for (index, relation) in relations.enumerated() {
            membership[relation.total].append(index)
            for part in relation.parts { membership[part].append(index) }
        }
        return membership
    }

    /// Hidden cells linked into a group this large are not solved exactly (the dense simplex
    /// would take too long on a request): the group is closed instead, every member of every
    /// relation it touches hidden, until no relation it touches has anything shown.
    public static let largestExactComponent = 400

    /// Closes every component beyond `largestExactComponent`; true when it hid anything.
    private func closeLargeComponents(_ hidden: inout Set<Int>) -> Bool {
        var changed = false
        for component in hiddenComponents(hidden) where component.cells.count > Self.largestExactComponent {
            for relation in component.relations.map({ relations[$0] }) {
                for member in [relation.total] + relation.parts where hidden.insert(member).inserted { changed = true }
            }
        }
        return changed
    }

    // MARK: Step 4

    /// Hidden cells whose exact range, given every shown cell and relation, is narrower than k.
    public func narrowCells(_ hidden: Set<Int>, _ threshold: DisclosureThreshold) -> [Int] {
        ranges(hidden, stoppingAt: Double(threshold.k)).filter { $0.value.upperBound - $0.value.lowerBound < Double(threshold.k) - 1e-9 }.map(\.key).sorted()
    }

    /// Each hidden cell's range; `stoppingAt` ends a search once the width is known to reach it
    /// (the bounds returned are then only as far as the search went).
    public func ranges(_ hidden: Set<Int>, stoppingAt enough: Double = .infinity) -> [Int: ClosedRange<Double>] {
        var result: [Int: ClosedRange<Double>] = [:]
        for component in hiddenComponents(hidden) {
            let index = Dictionary(uniqueKeysWithValues: component.cells.enumerated().map { ($1, $0) })
            var equations: [[(variable: Int, coefficient: Double)]] = []
            var rightHandSides: [Double] = []
            for relation in component.relations.map({ relations[$0] }) {
                var equation: [(variable: Int, coefficient: Double)] = []
                var rightHandSide = 0.0
                if let variable = index[relation.total] { equation.append((variable, -1)) } else { rightHandSide += cells[relation.total].value }
                for part in relation.parts {
                    if let variable = index[part] { equation.append((variable, 1)) } else { rightHandSide -= cells[part].value }
                }
                equations.append(equation)
                rightHandSides.append(rightHandSide)
            }
            // A closed component (nothing shown in any relation it touches) leaves every cell free:
            // the figures are sums over people (partner × category × period), and one more person
            // in any of them changes only hidden cells, so each cell can grow without bound.
            let closed = component.relations.allSatisfy { index in ([relations[index].total] + relations[index].parts).allSatisfy(hidden.contains) }
            if closed {
                for cell in component.cells { result[cell] = 0...Double.infinity }
                continue
            }
            guard let space = HiddenCellRanges(equations: equations, rightHandSides: rightHandSides, variables: component.cells.count) else {
                // Unreachable for true figures; treat as fully exposed so the caller hides more.
                for cell in component.cells { result[cell] = cells[cell].value...cells[cell].value }
                continue
            }
            for (variable, cell) in component.cells.enumerated() {
                let value = cells[cell].value
                let upper = space.maximum(of: variable, enough: value + enough)
                let lower = enough.isFinite && upper - value >= enough
                    ? value : space.minimum(of: variable, enough: enough.isFinite ? upper - enough : -.infinity)
                result[cell] = min(lower, value)...max(upper, value)
            }
        }
        return result
    }

    /// Groups of hidden cells linked by relations, with the relations that link them.
    private func hiddenComponents(_ hidden: Set<Int>) -> [(cells: [Int], relations: [Int])] {
        var parent = Dictionary(uniqueKeysWithValues: hidden.map { ($0, $0) })
        func root(_ cell: Int) -> Int {
            var cell = cell
            while let up = parent[cell], up != cell { parent[cell] = parent[up]; cell = up }
            return cell
        }
        var linking: [Int] = []
        for (index, relation) in relations.enumerated() {
            let members = ([relation.total] + relation.parts).filter(hidden.contains)
            guard let first = members.first else { continue }
            linking.append(index)
            for other in members.dropFirst() { parent[root(other)] = root(first) }
        }
        var cellsByRoot: [Int: [Int]] = [:]
        for cell in hidden.sorted() { cellsByRoot[root(cell), default: []].append(cell) }
        var relationsByRoot: [Int: [Int]] = [:]
        for index in linking {
            let relation = relations[index]
            guard let member = ([relation.total] + relation.parts).first(where: hidden.contains) else { continue }
            relationsByRoot[root(member), default: []].append(index)
        }
        return cellsByRoot.sorted { $0.key < $1.key }.map { ($0.value, relationsByRoot[$0.key] ?? []) }
    }
}
