import BackboneDomain
import Foundation
import Testing

@Suite("Disclosure control: primary suppression and one relation's complementary suppression")
struct DisclosureTests {
    let k11 = DisclosureThreshold.standard

    @Test("counts from 1 to k−1 are hidden, zero and k are shown; thresholds below 3 are refused")
    func primaryCounts() {
        #expect(!k11.suppresses(count: 0))
        #expect(k11.suppresses(count: 1) && k11.suppresses(count: 10) && k11.suppresses(count: 10.5))
        #expect(!k11.suppresses(count: 11))
        #expect(DisclosureThreshold(2) == nil && DisclosureThreshold(3)?.k == 3 && DisclosureThreshold(Int.max) == nil)
    }

    @Test("a ratio is hidden when its denominator is under k, or the numerator or its complement is 1 to k−1")
    func primaryRatios() {
        #expect(!k11.suppresses(numerator: 30, denominator: 60), "30 of 60")
        #expect(k11.suppresses(numerator: 5, denominator: 10), "denominator under k")
        #expect(k11.suppresses(numerator: 7, denominator: 100), "7 people meet it")
        #expect(k11.suppresses(numerator: 95, denominator: 100), "5 people do not")
        #expect(!k11.suppresses(numerator: 0, denominator: 40) && !k11.suppresses(numerator: 40, denominator: 40), "none, or all, of 40")
    }

    @Test("7 homeless youths in one ZIP code: hidden, with the next smallest ZIP code so the total cannot give it away")
    func workedExample() {
        let relation = DisclosureRelation(total: 120, parts: ["98101": 7, "98102": 25, "98103": 40, "98104": 48])
        let hidden = relation.suppression(k11)
        #expect(hidden.parts == ["98101", "98102"] && !hidden.total)
        // 98101 could be anything from 0 to 32 (= 7 + 25) given what is shown: at least 11 wide.
    }

    @Test("two small parts that together stay under k pull in a third; when nothing is left, the total goes")
    func pullsMore() {
        let three = DisclosureRelation(total: 60, parts: ["a": 2, "b": 3, "c": 20, "d": 35]).suppression(k11)
        #expect(three.parts == ["a", "b", "c"] && !three.total)
        let small = DisclosureRelation(total: 9, parts: ["a": 4, "b": 5]).suppression(k11)
        #expect(small.parts == ["a", "b"] && small.total, "a total of 9 is itself too small")
        let pair = DisclosureRelation(total: 12, parts: ["a": 3, "b": 0, "c": 9]).suppression(k11)
        #expect(pair.parts == ["a", "c"] && !pair.total, "3 and 9 hide each other (0 to 12 each); the zero stays shown")
        let short = DisclosureRelation(total: 15, parts: ["a": 2, "b": 0, "c": 13]).suppression(DisclosureThreshold(5)!)
        #expect(short.parts == ["a", "b", "c"] && !short.total, "2 + 0 stays under 5, so the 13 is hidden too")
    }

    @Test("property: every hidden part of a random relation ranges at least k given what is shown", arguments: 0..<6)
    func property(seed: UInt64) {
        var random = SeededRandom(seed: 0xD15C + seed)
        for _ in 0..<500 {
            let k = Int.random(in: 3...15, using: &random)
            let threshold = DisclosureThreshold(k)!
            let count = Int.random(in: 1...8, using: &random)
            var parts: [Int: Double] = [:]
            for key in 0..<count { parts[key] = Double([0, 1, 2, 5, 9, 12, 30, 200][Int.random(in: 0..<8, using: &random)]) }
            let total = parts.values.reduce(0, +)
            let hidden = DisclosureRelation(total: total, parts: parts).suppression(threshold)
            for (key, value) in parts where threshold.suppresses(count: value) {
                #expect(hidden.parts.contains(key), "a small part is always hidden")
            }
            guard !hidden.total else {
                #expect(threshold.suppresses(count: total) || hidden.parts.count == parts.count,
                        "the total goes only when it is small itself or no part can serve instead")
                continue
            }
            // With the total shown, a hidden part ranges from 0 to the sum of the hidden parts.
            let width = hidden.parts.count >= 2 ? hidden.parts.reduce(0) { $0 + parts[$1]! } : 0
            if !hidden.parts.isEmpty { #expect(width >= Double(k), "parts \(parts), k \(k), hidden \(hidden.parts)") }
        }
    }
}
