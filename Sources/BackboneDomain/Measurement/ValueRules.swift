import Foundation

/// The checks every value passes, whether typed in a form, read from a CSV file or sent to the
/// API. Errors block saving; warnings (an unusual value) only require a comment to submit.
public enum ValueRules {
    public struct Result: Equatable, Sendable {
        /// Field → message. Fields are `total.value`, `total.numerator`, `cell.gender.female.value`...
        public var errors = FieldErrors()
        public var warnings: [String: String] = [:]
        public var isAcceptable: Bool { errors.isEmpty }
    }

    /// Tolerance for "cells add up to the total": typed decimals are not exact in binary.
    static let epsilon = 1e-6

    /// No figure (value, numerator, denominator or weight) is larger than this in size: far above
    /// any real count, amount or population, and small enough that the sum of every figure of a
    /// large initiative, or a value times its weight, stays a finite number.
    public static let largestFigure = 1e12
    static let largestFigureMessage = Texts.current("error.enterNumberNoLarger2")

    /// - Parameter complete: false for a draft: missing figures are fine (and sums are checked
    ///   only once every cell is there), but every figure that is present must be valid.
    public static func check(_ report: IndicatorReport, definition: IndicatorDefinition, dimensions: [DisaggregationDimension],
                             history: [Double] = [], complete: Bool = true) -> Result {
        var result = Result()
        check(report.total, at: "total", definition: definition, required: complete, into: &result.errors)
        for dimension in dimensions {
            guard let cells = report.cells[dimension.key], !cells.values.allSatisfy(\.isEmpty) else { continue }
            let known = Set(dimension.categories.map(\.key))
            for key in cells.keys.sorted() where !known.contains(key) {
                result.errors.add("cell.\(dimension.key).\(key)", Texts.current("error.hasNoCategory", ["name": "\(dimension.name)", "value": "\(key)"]))
            }
            for category in dimension.categories {
                check(cells[category.key] ?? ValueEntry(), at: "cell.\(dimension.key).\(category.key)",
                      definition: definition, required: complete, into: &result.errors)
            }
            let allPresent = !report.total.isEmpty && dimension.categories.allSatisfy { !(cells[$0.key]?.isEmpty ?? true) }
            guard result.errors.isEmpty, complete || allPresent else { continue }
            checkCellsAddUp(report.total, cells: dimension.categories.map { cells[$0.key] ?? ValueEntry() },
                            dimension: dimension, definition: definition, into: &result.errors)
        }
        for key in report.cells.keys.sorted() where !dimensions.contains(where: { $0.key == key }) {
            if !(report.cells[key]?.values.allSatisfy(\.isEmpty) ?? true) {
                result.errors.add("cell.\(key)", Texts.current("error.indicatorNotBrokenDown", ["value": "\(key)"]))
            }
        }
        if result.errors.isEmpty, let value = report.total.resolvedValue(definition.unit),
           Outliers.isUnusual(value, history: history) {
            result.warnings["total.value"] = Texts.current("error.farFromPartnerS")
        }
        if report.comment.count > 2000 { result.errors.add("comment", Texts.current("error.keepCommentUnderCharacters")) }
        return result
    }

    private static func check(_ entry: ValueEntry, at field: String, definition: IndicatorDefinition,
                              required: Bool, into errors: inout FieldErrors) {
        let unit = definition.unit
        for (name, number) in [("value", entry.value), ("numerator", entry.numerator), ("denominator", entry.denominator), ("weight", entry.weight)] {
            if let number, !number.isFinite { errors.add("\(field).\(name)", Texts.current("error.enterNumber")); return }
            if let number, abs(number) > largestFigure { errors.add("\(field).\(name)", largestFigureMessage); return }
        }
        if definition.isRatio {
            guard let numerator = entry.numerator, let denominator = entry.denominator else {
                if required {
                    if entry.numerator == nil { errors.add("\(field).numerator", Texts.current("error.enterNumerator", ["numeratorDefinition": definition.numeratorDefinition ?? Texts.current("error.thePart")])) }
                    if entry.denominator == nil { errors.add("\(field).denominator", Texts.current("error.enterDenominator", ["denominatorDefinition": definition.denominatorDefinition ?? Texts.current("error.theWhole")])) }
                }
                return
            }
            if numerator < 0 { errors.add("\(field).numerator", Texts.current("error.numeratorCannotNegative")) }
            if denominator <= 0 { errors.add("\(field).denominator", Texts.current("error.denominatorMustMoreThan")) }
            if unit == .percent, numerator > denominator {
                errors.add("\(field).numerator", Texts.current("error.numeratorCannotLargerThan"))
            }
            if let value = entry.resolvedValue(unit) { checkBounds(value, at: "\(field).numerator", definition: definition, into: &errors) }
            return
        }
        guard let value = entry.value else {
            if required { errors.add("\(field).value", Texts.current("error.enterValue")) }
            return
        }
        switch unit {
        case .count:
            if value < 0 || value.rounded() != value { errors.add("\(field).value", Texts.current("error.countWholeNumberMore")) }
        case .days:
            if value < 0 { errors.add("\(field).value", Texts.current("error.numberDaysCannotNegative")) }
        default:
            break
        }
        checkBounds(value, at: "\(field).value", definition: definition, into: &errors)
        if definition.aggregation == .weightedMean {
            if let weight = entry.weight {
                if weight < 0 { errors.add("\(field).weight", Texts.current("error.weightCannotNegative")) }
            } else if required {
                errors.add("\(field).weight", Texts.current("error.enterWeight", ["weightDefinition": definition.weightDefinition ?? Texts.current("error.theWeight")]))
            }
        }
    }

    private static func checkBounds(_ value: Double, at field: String, definition: IndicatorDefinition, into errors: inout FieldErrors) {
        if definition.unit == .percent, !(0...100).contains(value) {
            errors.add(field, Texts.current("error.percentageBetween"))
        } else if let minimum = definition.minimum, value < minimum {
            errors.add(field, Texts.current("error.lowestPlausibleValue", ["minimum": Texts.current.number(Double(minimum))]))
        } else if let maximum = definition.maximum, value > maximum {
            errors.add(field, Texts.current("error.highestPlausibleValue", ["maximum": Texts.current.number(Double(maximum))]))
        }
    }

    /// Each dimension's cells must add up to the total, by the indicator's own rule: counts add,
    /// ratios add numerators and denominators separately, weighted means add their weights.
    private static func checkCellsAddUp(_ total: ValueEntry, cells: [ValueEntry], dimension: DisaggregationDimension,
                                        definition: IndicatorDefinition, into errors: inout FieldErrors) {
        func differs(_ a: Double?, _ b: Double) -> Bool { abs((a ?? 0) - b) > epsilon * max(1, abs(b)) }
        let field = "cell.\(dimension.key)"
        switch definition.aggregation {
        case .ratio:
            let numerators = cells.reduce(0) { $0 + ($1.numerator ?? 0) }
            let denominators = cells.reduce(0) { $0 + ($1.denominator ?? 0) }
            if differs(total.numerator, numerators) || differs(total.denominator, denominators) {
                errors.add(field, Texts.current("error.numeratorsAddUpDenominators", ["name": "\(dimension.name.lowercased())", "numerators": Texts.current.number(Double(numerators)), "denominators": Texts.current.number(Double(denominators)), "value": Texts.current.number(total.numerator ?? 0), "value2": Texts.current.number(total.denominator ?? 0)]))
            }
        case .sum, .latest:
            let sum = cells.reduce(0) { $0 + ($1.value ?? 0) }
            if differs(total.value, sum) {
                errors.add(field, Texts.current("error.valuesAddUpBut", ["name": "\(dimension.name.lowercased())", "sum": Texts.current.number(Double(sum)), "value": Texts.current.number(total.value ?? 0)]))
            }
        case .weightedMean:
            let weight = cells.reduce(0) { $0 + ($1.weight ?? 0) }
            let weighted = cells.reduce(0) { $0 + ($1.value ?? 0) * ($1.weight ?? 0) }
            let mean = weight > 0 ? weighted / weight : 0
            if differs(total.weight, weight) || differs(total.value, mean) {
                errors.add(field, Texts.current("error.valuesAverageOverWeight", ["name": "\(dimension.name.lowercased())", "mean": Texts.current.number(Double(mean)), "weight": Texts.current.number(Double(weight)), "value": Texts.current.number(total.value ?? 0), "value2": Texts.current.number(total.weight ?? 0)]))
            }
        case .min, .max:
            let values = cells.compactMap(\.value)
            let expected = definition.aggregation == .min ? values.min() : values.max()
            if let expected, differs(total.value, expected) {
                errors.add(field, Texts.current("error.totalShouldValue", ["min": Texts.current(definition.aggregation == .min ? "error.smallest" : "error.largest"), "name": "\(dimension.name.lowercased())", "expected": Texts.current.number(Double(expected))]))
            }
        }
    }
}

/// Unusual values against a partner's own history.
public enum Outliers {
    /// Needs this much history before it says anything.
    public static let minimumHistory = 6
    /// How many past periods of the partner's own figures are looked at.
    public static let historyLength = 24
    /// How many (scaled) median absolute deviations from the median count as unusual.
    public static let threshold = 3.0

    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    public static func isUnusual(_ value: Double, history: [Double]) -> Bool {
        guard history.count >= minimumHistory else { return false }
        let center = median(history)
        // 1.4826 makes the MAD comparable to a standard deviation for normal data.
        let spread = 1.4826 * median(history.map { abs($0 - center) })
        if spread == 0 { return value != center }
        return abs(value - center) / spread > threshold
    }
}
