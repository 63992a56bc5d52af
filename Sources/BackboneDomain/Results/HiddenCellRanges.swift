import Foundation

/// How far hidden cells can move given what is shown: the set of non-negative values `x` with
/// `A x = b` (one row per relation of published counts), explored by a small dense simplex
/// method (Bland's rule, so degenerate tables cannot make it cycle).
///
/// Disclosure control asks one question of every hidden cell: is the range of values consistent
/// with the published figures at least k wide? Since the true values are one consistent answer,
/// the range always holds the true value `v`, so it is at least k wide as soon as the maximum
/// reaches `v + k`, or else the minimum reaches `maximum − k`; both searches stop there.
struct HiddenCellRanges {
    private var rows: Int
    private let columns: Int
    /// `rows × (columns + 1)`, row-major; the last column holds the right-hand side.
    private var tableau: [Double]
    private var basis: [Int]
    private let epsilon: Double

    /// Nil when no non-negative solution exists (never for published figures, whose true
    /// values are one). `equations` are sparse rows of (variable, coefficient).
    init?(equations: [[(variable: Int, coefficient: Double)]], rightHandSides: [Double], variables: Int) {
        let scale = max(1, rightHandSides.map(abs).max() ?? 1)
        epsilon = 1e-9 * scale
        let m = equations.count
        columns = variables
        rows = m
        // Phase one works on the variables followed by one artificial variable per row.
        let width = variables + m + 1
        var phaseOne = [Double](repeating: 0, count: m * width)
        for (row, equation) in equations.enumerated() {
            let sign: Double = rightHandSides[row] < 0 ? -1 : 1
            for term in equation { phaseOne[row * width + term.variable] += sign * term.coefficient }
            phaseOne[row * width + variables + row] = 1
            phaseOne[row * width + width - 1] = sign * rightHandSides[row]
        }
        var phaseBasis = (0..<m).map { variables + $0 }
        // Minimise the sum of the artificial variables; their reduced costs start as −(column sums).
        let artificials = variables..<(variables + m)
        while true {
            var entering: Int?
            for column in 0..<(width - 1) where !artificials.contains(column) {
                var reduced = 0.0
                for row in 0..<m where artificials.contains(phaseBasis[row]) { reduced -= phaseOne[row * width + column] }
                if reduced < -epsilon { entering = column; break }
            }
            guard let entering, let leaving = Self.leavingRow(phaseOne, width: width, rows: m, column: entering, basis: phaseBasis, epsilon: epsilon) else { break }
            Self.pivot(&phaseOne, width: width, rows: m, row: leaving, column: entering)
            phaseBasis[leaving] = entering
        }
        var infeasibility = 0.0
        for row in 0..<m where artificials.contains(phaseBasis[row]) { infeasibility += phaseOne[row * width + width - 1] }
        guard infeasibility <= epsilon * Double(max(1, m)) else { return nil }
        // Drive the remaining (zero) artificial variables out of the basis; a row with no other
        // non-zero entry repeats other relations and is dropped.
        var keptRows: [Int] = []
        for row in 0..<m {
            if artificials.contains(phaseBasis[row]) {
                if let column = (0..<variables).first(where: { abs(phaseOne[row * width + $0]) > 1e-9 }) {
                    Self.pivot(&phaseOne, width: width, rows: m, row: row, column: column)
                    phaseBasis[row] = column
                } else {
                    continue
                }
            }
            keptRows.append(row)
        }
        rows = keptRows.count
        tableau = []
        tableau.reserveCapacity(rows * (variables + 1))
        for row in keptRows {
            tableau.append(contentsOf: phaseOne[(row * width)..<(row * width + variables)])
            tableau.append(phaseOne[row * width + width - 1])
        }
        basis = keptRows.map { phaseBasis[$0] }
    }

    /// The largest value `variable` can take, or `.infinity`; the search stops once it reaches `enough`.
    func maximum(of variable: Int, enough: Double) -> Double { optimum(of: variable, sign: 1, enough: enough) }

    /// The smallest value `variable` can take; the search stops once it reaches `enough` or below.
    func minimum(of variable: Int, enough: Double) -> Double { -optimum(of: variable, sign: -1, enough: -enough) }

    /// Maximises `sign × variable` from the feasible basis phase one found.
    private func optimum(of variable: Int, sign: Double, enough: Double) -> Double {
        var tableau = tableau
        var basis = basis
        let width = columns + 1
        while true {
            let row = basis.firstIndex(of: variable)
            let current = row.map { sign * tableau[$0 * width + columns] } ?? 0
            if current >= enough - epsilon { return current }
            // Reduced costs of minimising −sign × variable: only the variable's own row matters.
            var entering: Int?
            if let row {
                var isBasic = [Bool](repeating: false, count: columns)
                for column in basis { isBasic[column] = true }
                entering = (0..<columns).first { !isBasic[$0] && sign * tableau[row * width + $0] < -1e-12 }
            } else if sign > 0 {
                entering = variable
            }
            guard let entering else { return current }
            guard let leaving = Self.leavingRow(tableau, width: width, rows: rows, column: entering, basis: basis, epsilon: epsilon) else {
                return .infinity
            }
            Self.pivot(&tableau, width: width, rows: rows, row: leaving, column: entering)
            basis[leaving] = entering
        }
    }

    /// The ratio test, ties broken by the smallest basic variable (Bland's rule).
    private static func leavingRow(_ t: [Double], width: Int, rows: Int, column: Int, basis: [Int], epsilon: Double) -> Int? {
        var best: (row: Int, ratio: Double)?
        for row in 0..<rows {
            let entry = t[row * width + column]
            guard entry > 1e-12 else { continue }
            let ratio = t[row * width + width - 1] / entry
            if let current = best {
                if ratio < current.ratio - epsilon || (abs(ratio - current.ratio) <= epsilon && basis[row] < basis[current.row]) {
                    best = (row, ratio)
                }
            } else {
                best = (row, ratio)
            }
        }
        return best?.row
    }

    private static func pivot(_ t: inout [Double], width: Int, rows: Int, row: Int, column: Int) {
        let pivot = t[row * width + column]
        for j in 0..<width { t[row * width + j] /= pivot }
        for other in 0..<rows where other != row {
            let factor = t[other * width + column]
            guard factor != 0 else { continue }
            for j in 0..<width { t[other * width + j] -= factor * t[row * width + j] }
        }
    }
}
