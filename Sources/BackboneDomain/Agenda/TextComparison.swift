/// Compares two versions of a text line by line, as a reader would: lines kept, removed and
/// added, in the order of the newer text (removed lines where they stood).
public enum TextComparison {
    public enum Change: Equatable, Sendable {
        case kept(String)
        case removed(String)
        case added(String)
    }

    /// Pairs of lines compared at most, so one request's work stays bounded (a few million
    /// comparisons: two middles of 2,000 changed lines each).
    public static let comparisonBudget = 4_000_000

    /// The longest common subsequence of lines decides what was kept. It is found in linear
    /// space (Hirschberg's method): the longest texts an agenda allows have thousands of lines,
    /// and a table of every pair of lines would take gigabytes.
    public static func lines(from old: [String], to new: [String]) -> [Change] {
        // Lines as small integers, so the inner loop compares numbers, not strings.
        var ids: [String: Int] = [:]
        func id(_ line: String) -> Int {
            if let id = ids[line] { return id }
            ids[line] = ids.count
            return ids.count - 1
        }
        let a = old.map(id)
        let b = new.map(id)
        // Equal ends are kept as they are: most edits touch a few lines in the middle.
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        var matches = (0..<start).map { ($0, $0) }
        // The search costs the product of the middles' lengths in time; past the budget the
        // middle reads as replaced whole, which is still a true account of the change.
        if (endA - start) * (endB - start) <= comparisonBudget {
            commonLines(a[start..<endA], b[start..<endB], into: &matches)
        }
        matches += (0..<(a.count - endA)).map { (endA + $0, endB + $0) }

        var changes: [Change] = []
        var i = 0, j = 0
        for (oldIndex, newIndex) in matches {
            // A replaced line reads as the old one struck out, then the new one.
            while i < oldIndex { changes.append(.removed(old[i])); i += 1 }
            while j < newIndex { changes.append(.added(new[j])); j += 1 }
            changes.append(.kept(old[i])); i += 1; j += 1
        }
        while i < old.count { changes.append(.removed(old[i])); i += 1 }
        while j < new.count { changes.append(.added(new[j])); j += 1 }
        return changes
    }

    /// Appends the index pairs of one longest common subsequence of `a` and `b`, in order.
    private static func commonLines(_ a: ArraySlice<Int>, _ b: ArraySlice<Int>, into matches: inout [(Int, Int)]) {
        var a = a, b = b
        // Equal ends are kept as they are: most edits touch a few lines in the middle.
        var head: [(Int, Int)] = []
        while let x = a.first, let y = b.first, x == y {
            head.append((a.startIndex, b.startIndex)); a = a.dropFirst(); b = b.dropFirst()
        }
        var tail: [(Int, Int)] = []
        while let x = a.last, let y = b.last, x == y {
            tail.append((a.endIndex - 1, b.endIndex - 1)); a = a.dropLast(); b = b.dropLast()
        }
        matches += head
        defer { matches += tail.reversed() }
        guard !a.isEmpty, !b.isEmpty else { return }
        if a.count == 1 {
            if let j = b.firstIndex(of: a[a.startIndex]) { matches.append((a.startIndex, j)) }
            return
        }
        let middle = a.startIndex + a.count / 2
        let forward = lengths(a[..<middle], b)
        let backward = lengths(a[middle...].reversed(), b.reversed())
        // Split b where the two halves' common lengths add up to the most.
        var split = 0, best = -1
        for k in 0...b.count where forward[k] + backward[b.count - k] > best {
            best = forward[k] + backward[b.count - k]
            split = k
        }
        commonLines(a[..<middle], b[b.startIndex..<(b.startIndex + split)], into: &matches)
        commonLines(a[middle...], b[(b.startIndex + split)...], into: &matches)
    }

    /// The length of the longest common subsequence of `a` with each prefix of `b`, in one row.
    private static func lengths<A: Collection<Int>, B: Collection<Int>>(_ a: A, _ b: B) -> [Int] {
        let b = Array(b)
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (k, y) in b.enumerated() {
                current[k + 1] = x == y ? previous[k] + 1 : max(previous[k + 1], current[k])
            }
            swap(&previous, &current)
        }
        return previous
    }
}
