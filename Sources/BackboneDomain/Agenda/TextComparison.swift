/// Compares two versions of a text line by line, as a reader would: lines kept, removed and
/// added, in the order of the newer text (removed lines where they stood).
public enum TextComparison {
    public enum Change: Equatable, Sendable {
        case kept(String)
        case removed(String)
        case added(String)
    }

    /// The longest common subsequence of lines decides what was kept; texts of a document's
    /// sections are short (tens of lines), so the quadratic table is small.
    public static func lines(from old: [String], to new: [String]) -> [Change] {
        let n = old.count, m = new.count
        var common = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var changes: [Change] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                changes.append(.kept(old[i])); i += 1; j += 1
            } else if i < n, j == m || common[i + 1][j] >= common[i][j + 1] {
                // A replaced line reads as the old one struck out, then the new one.
                changes.append(.removed(old[i])); i += 1
            } else {
                changes.append(.added(new[j])); j += 1
            }
        }
        return changes
    }
}
