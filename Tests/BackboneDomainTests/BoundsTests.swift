import BackboneDomain
import Foundation
import Testing

/// Numbers from clients are bounded where they enter, and nothing unbounded reaches an answer.
@Suite("Bounds on client numbers")
struct BoundsTests {
    @Test("a revision is a whole number from 0 to 2^31-1; anything else from a form is refused, not guessed")
    func revisions() throws {
        #expect(Revision(text: "7")?.value == 7)
        #expect(Revision(text: " 0 ")?.value == 0)
        #expect(Revision(text: "2147483647")?.value == Int(Int32.max))
        for bad in ["2147483648", "9223372036854775807", "99999999999999999999", "-1", "1.5", "1e3", "", "abc", "٣", "+1"] {
            #expect(Revision(text: bad) == nil, "\(bad)")
        }
        #expect(try Revision.fromForm(nil) == .none)
        #expect(try Revision.fromForm("") == .none)
        #expect(throws: FieldErrors.self) { try Revision.fromForm("9223372036854775807") }
        let decoded = try JSONDecoder().decode([String: Revision].self, from: Data(#"{"r": 3}"#.utf8))
        #expect(decoded["r"]?.value == 3)
        for bad in ["9223372036854775807", "-1", "2147483648", "1.5", "\"1\"", "1e400"] {
            #expect(throws: (any Error).self) { try JSONDecoder().decode([String: Revision].self, from: Data(#"{"r": \#(bad)}"#.utf8)) }
        }
        #expect(Revision(stored: Int.max).value == 0)
    }

    @Test("every figure is at most a trillion in size, whatever the unit; the bound holds for cells, numerators and weights")
    func figures() {
        let count = IndicatorDefinition(definition: "People served", unit: .count, aggregation: .sum)
        let mean = IndicatorDefinition(definition: "Score", unit: .score, aggregation: .weightedMean, weightDefinition: "students")
        let rate = IndicatorDefinition(definition: "Rate", unit: .percent, aggregation: .ratio, numeratorDefinition: "n", denominatorDefinition: "d")
        func errors(_ entry: ValueEntry, _ definition: IndicatorDefinition) -> FieldErrors {
            ValueRules.check(IndicatorReport(total: entry), definition: definition, dimensions: []).errors
        }
        #expect(errors(.init(value: 1e12), count).isEmpty)
        #expect(errors(.init(value: 1.7e308), count)["total.value"]?.contains("one trillion") == true)
        #expect(errors(.init(value: -1e13), IndicatorDefinition(definition: "Change", unit: .score, aggregation: .sum))["total.value"] != nil)
        #expect(errors(.init(value: 50, weight: 1e200), mean)["total.weight"] != nil)
        #expect(errors(.init(value: 1e200, weight: 1), mean)["total.value"] != nil)
        #expect(errors(.init(numerator: 1e13, denominator: 1e14), rate)["total.numerator"] != nil)
        #expect(errors(.init(value: .nan), count)["total.value"] == "Enter a number.")
        #expect(errors(.init(value: .infinity), count)["total.value"] == "Enter a number.")
        #expect(MeasurementUnit(code: "rate_per:9223372036854775807") == nil)
        #expect(MeasurementUnit(code: "rate_per:1000") == .ratePer(1000))
        #expect(throws: FieldErrors.self) { try IndicatorDefinition(definition: "x", unit: .count, aggregation: .sum, maximum: .infinity).validate() }
    }

    @Test("property: an aggregate of bounded figures is finite; one that is not finite anyway carries no value")
    func aggregatesStayFinite() {
        let end = Date(timeIntervalSince1970: 0)
        var generator = SystemRandomNumberGenerator()
        for rule in AggregationRule.allCases {
            let observations = (0..<300).map { _ in
                Observation(value: Double.random(in: -ValueRules.largestFigure...ValueRules.largestFigure, using: &generator),
                            numerator: ValueRules.largestFigure, denominator: ValueRules.largestFigure,
                            weight: ValueRules.largestFigure, periodEnd: end)
            }
            let aggregate = rule.acrossPartners(observations)
            for number in [aggregate.value, aggregate.numerator, aggregate.denominator, aggregate.weight].compactMap({ $0 }) {
                #expect(number.isFinite, "\(rule)")
            }
        }
        let overflow = AggregationRule.sum.acrossPartners([Observation(value: 1.7e308, periodEnd: end), Observation(value: 1.7e308, periodEnd: end)])
        #expect(overflow.value == nil && overflow.observationCount == 2)
        #expect(Aggregate(value: .nan, numerator: .infinity, observationCount: 1).value == nil)
    }

    @Test("the agenda comparison of the largest texts allowed stays bounded, and is still a true account of the change")
    func largestComparison() {
        // 10,000 one-character lines each side (20,000 characters), interleaved so most lines match somewhere.
        let old = (0..<10_000).map { $0 % 2 == 0 ? "a" : "b" }
        let new = (0..<10_000).map { $0 % 3 == 0 ? "a" : "b" }
        let changes = TextComparison.lines(from: old, to: new)
        var before: [String] = [], after: [String] = []
        for change in changes {
            switch change {
            case .kept(let line): before.append(line); after.append(line)
            case .removed(let line): before.append(line)
            case .added(let line): after.append(line)
            }
        }
        #expect(before == old && after == new)
        // A small change inside large texts is still found exactly.
        var edited = (0..<8_000).map { "line \($0)" }
        let original = edited
        edited[4_000] = "changed"
        #expect(TextComparison.lines(from: original, to: edited).filter { if case .kept = $0 { false } else { true } } == [.removed("line 4000"), .added("changed")])
    }

    @Test("property: the comparison keeps as many lines as the longest common subsequence")
    func comparisonIsMinimal() {
        func longest(_ a: [String], _ b: [String]) -> Int {
            var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
            return table[0][0]
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let old = (0..<Int.random(in: 0...12, using: &generator)).map { _ in ["a", "b", "c", "d"].randomElement(using: &generator)! }
            let new = (0..<Int.random(in: 0...12, using: &generator)).map { _ in ["a", "b", "c", "e"].randomElement(using: &generator)! }
            let kept = TextComparison.lines(from: old, to: new).filter { if case .kept = $0 { true } else { false } }.count
            #expect(kept == longest(old, new), "\(old) → \(new)")
        }
    }
}
