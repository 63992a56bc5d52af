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

    /// One relation: a total shown and its parts.
    func relation(total: Double, parts: [Double]) -> (table: DisclosureTable, total: Int, parts: [Int]) {
        var table = DisclosureTable()
        let whole = table.add(total, isInitiativeTotal: true)
        let cells = parts.map { table.add($0) }
        table.relate(total: whole, parts: cells)
        return (table, whole, cells)
    }

    @Test("7 homeless youths in one ZIP code: hidden, with the next smallest ZIP code so the total cannot give it away")
    func workedExample() {
        // setup: ZIP codes 98101…98104
        let zip = relation(total: 120, parts: [7, 25, 40, 48])
        // act
        let hidden = zip.table.suppression(k11)
        // verify: 98101 could be anything from 0 to 32 (= 7 + 25) given what is shown
        #expect(hidden == [zip.parts[0], zip.parts[1]])
        #expect(zip.table.ranges(hidden)[zip.parts[0]] == 0...32)
    }

    @Test("two small parts that together stay under k pull in a third; when nothing is left, the total goes")
    func pullsMore() {
        let three = relation(total: 60, parts: [2, 3, 20, 35])
        #expect(three.table.suppression(k11) == Set(three.parts[0...2]))
        let small = relation(total: 9, parts: [4, 5])
        #expect(small.table.suppression(k11) == Set(small.parts + [small.total]), "a total of 9 is itself too small")
        let pair = relation(total: 12, parts: [3, 0, 9])
        #expect(pair.table.suppression(k11) == [pair.parts[0], pair.parts[2]], "3 and 9 hide each other (0 to 12 each); the zero stays shown")
        let zeros = relation(total: 15, parts: [2, 0, 13])
        #expect(zeros.table.suppression(DisclosureThreshold(5)!) == [zeros.parts[0], zeros.parts[2]], "a hidden zero would protect nothing: the 13 goes")
    }

    /// A 2 × 2 table with its row, column and grand totals; `cells` row by row.
    func crossTable(_ cells: [Double]) -> (table: DisclosureTable, inner: [Int]) {
        var table = DisclosureTable()
        let inner = cells.map { table.add($0) }
        let rows = [table.add(cells[0] + cells[1]), table.add(cells[2] + cells[3])]
        let columns = [table.add(cells[0] + cells[2]), table.add(cells[1] + cells[3])]
        let grand = table.add(cells.reduce(0, +), isInitiativeTotal: true)
        table.relate(total: rows[0], parts: [inner[0], inner[1]])
        table.relate(total: rows[1], parts: [inner[2], inner[3]])
        table.relate(total: columns[0], parts: [inner[0], inner[2]])
        table.relate(total: columns[1], parts: [inner[1], inner[3]])
        table.relate(total: grand, parts: rows)
        table.relate(total: grand, parts: columns)
        return (table, inner)
    }

    @Test("linked relations: each looks protected alone, yet together they pin a cell to 5 wide; the audit hides more")
    func linkedNeedsTheAudit() {
        // setup: a + b = 20, b + e = 12, a + f = 13, every part small; each relation hides two
        // parts summing to 11 or more, but together they leave b only from 7 to 12.
        var table = DisclosureTable()
        let a = table.add(10), b = table.add(10), e = table.add(2), f = table.add(3)
        let totals = [table.add(20), table.add(12), table.add(13)]
        table.relate(total: totals[0], parts: [a, b])
        table.relate(total: totals[1], parts: [b, e])
        table.relate(total: totals[2], parts: [a, f])
        let local: Set<Int> = [a, b, e, f]
        #expect(table.ranges(local)[b] == 7...12)
        #expect(table.narrowCells(local, k11) == [a, b, e, f])
        // act
        let hidden = table.suppression(k11)
        // verify: the totals go too (no other cell is left), and nothing is narrower than 11
        #expect(hidden == local.union(totals))
        #expect(table.narrowCells(hidden, k11).isEmpty)
    }

    @Test("the simplex ranges equal a brute-force search over every whole-number 2 × 2 table", arguments: 0..<3)
    func rangesMatchBruteForce(seed: UInt64) {
        var random = SeededRandom(seed: 0xB2B2 + seed)
        for _ in 0..<60 {
            let values = (0..<4).map { _ in Double(Int.random(in: 0...9, using: &random)) }
            let cross = crossTable(values)
            let hidden = Set(cross.inner.filter { _ in Bool.random(using: &random) })
            let ranges = cross.table.ranges(hidden)
            // Brute force: every assignment of the hidden cells from 0 to 40 that keeps every shown total.
            var low = [Int: Double](), high = [Int: Double]()
            let grand = values.reduce(0, +)
            func search(_ index: Int, _ current: [Double]) {
                guard index == 4 else {
                    let choices = hidden.contains(cross.inner[index]) ? (0...Int(grand)).map(Double.init) : [values[index]]
                    for choice in choices { search(index + 1, current + [choice]) }
                    return
                }
                guard current[0] + current[1] == values[0] + values[1], current[2] + current[3] == values[2] + values[3],
                      current[0] + current[2] == values[0] + values[2] else { return }
                for index in 0..<4 where hidden.contains(cross.inner[index]) {
                    low[index] = min(low[index] ?? .infinity, current[index])
                    high[index] = max(high[index] ?? -.infinity, current[index])
                }
            }
            search(0, [])
            for index in 0..<4 where hidden.contains(cross.inner[index]) {
                let range = ranges[cross.inner[index]]
                #expect(range?.lowerBound == low[index] && range?.upperBound == high[index], "\(values), hidden \(hidden.sorted())")
            }
        }
    }
}
