import BackboneDomain
import Foundation
import Testing

/// The worked examples of docs/learning.md, and a property over random series.
@Suite("Learning summary: statements that rest on their figures")
struct LearningSummaryTests {
    static let reading = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    static let now = Date.utcDay("2026-12-01")!
    static let calendar = ReportingCalendar(dueAfterDays: 30, lockAfterDays: 90)

    static func span(_ first: String, _ last: String) -> LearningSpan {
        LearningSpan(first: ReportingPeriod(key: first)!, last: ReportingPeriod(key: last)!)!
    }

    /// Quarterly points from `firstKey` on, all four partners counted unless said otherwise.
    static func quarters(from firstKey: String, _ values: [Double?], version: (Int) -> Int = { _ in 1 }, counted: (Int) -> Int = { _ in 4 })
        -> [LearningInput.Point] {
        let first = ReportingPeriod(key: firstKey)!
        return values.enumerated().compactMap { index, value in
            value.map { LearningInput.Point(period: first.shifted(by: index), version: version(index), value: $0, partnersCounted: counted(index)) }
        }
    }

    static func input(_ points: [LearningInput.Point], unit: MeasurementUnit = .percent, polarity: Polarity = .higherIsBetter,
                      frequency: Frequency = .quarterly, assigned: Int = 4, target: LearningInput.Target? = nil) -> LearningInput {
        LearningInput(indicatorID: reading, name: "Children reading at grade level", unit: unit, polarity: polarity,
                      frequency: frequency, partnersAssigned: assigned, points: points, target: target)
    }

    static func summary(_ input: LearningInput, _ span: LearningSpan) -> [LearningStatement] {
        LearningSummary.statements(for: [input], span: span, now: now, calendar: calendar)
    }

    @Test("example 1: 46% to 48% is more than the usual change of about 0.55 a quarter: improved")
    func improved() throws {
        // setup
        let series = Self.input(Self.quarters(from: "2025-Q1", [40, 41, 43, 44, 46, 48]))
        // act
        let statements = Self.summary(series, Self.span("2026-Q1", "2026-Q2"))
        // verify
        #expect(statements.map(\.kind) == [.improved])
        let improved = try #require(statements.first)
        #expect(improved.figure(.reference)?.value == 46)
        #expect(improved.figure(.reference)?.period == "2026-Q1")
        #expect(improved.figure(.latest)?.value == 48)
        #expect(abs((improved.figure(.noise)?.value ?? 0) - 0.3.squareRoot()) < 1e-12)
        #expect(improved.sentence(Texts(.en)) ==
            "Children reading at grade level improved from 46% in Q1 2026 to 48% in Q2 2026, more than its usual change from one period to the next (0.55%).")
    }

    @Test("example 2: a monthly count that swings by about 20 says nothing about a change of 6")
    func noise() {
        let first = ReportingPeriod(key: "2026-01")!
        let points = [100.0, 120, 95, 115, 98, 104].enumerated().map {
            LearningInput.Point(period: first.shifted(by: $0.offset), version: 1, value: $0.element, partnersCounted: 4)
        }
        let statements = Self.summary(Self.input(points, unit: .count, frequency: .monthly), Self.span("2026-05", "2026-06"))
        #expect(statements.isEmpty)
    }

    @Test("example 3: 12 points to go in 6 quarters needs +2 a quarter; the last four moved +1.75: off track")
    func offTrack() throws {
        let target = LearningInput.Target(value: 60, date: Date.utcDay("2027-12-31")!)
        let statements = Self.summary(Self.input(Self.quarters(from: "2025-Q1", [40, 41, 43, 44, 46, 48]), target: target),
                                      Self.span("2026-Q1", "2026-Q2"))
        #expect(statements.map(\.kind) == [.offTrack, .improved], "improving, and still too slowly")
        let offTrack = try #require(statements.first)
        #expect(offTrack.figure(.neededPace)?.value == 2)
        #expect(offTrack.figure(.recentPace)?.value == 1.75)
        #expect(offTrack.figure(.recentPace)?.period == "2025-Q2")
        #expect(offTrack.sentence(Texts(.en)) ==
            "Children reading at grade level is off track: from 48% in Q2 2026, reaching 60% by Q4 2027 takes +2% a period, but it has moved +1.75% a period since Q2 2025.")
    }

    @Test("example 3b: the same series with a target of 52 by the end of 2027 is on pace: no off-track statement")
    func onPace() {
        let target = LearningInput.Target(value: 52, date: Date.utcDay("2027-12-31")!)
        let statements = Self.summary(Self.input(Self.quarters(from: "2025-Q1", [40, 41, 43, 44, 46, 48]), target: target),
                                      Self.span("2026-Q1", "2026-Q2"))
        #expect(statements.map(\.kind) == [.improved])
    }

    @Test("example 4: chronic absence at 14.8% against a target of 15% (lower is better): target reached")
    func targetReached() {
        let target = LearningInput.Target(value: 15, date: Date.utcDay("2027-06-30")!)
        let statements = Self.summary(Self.input(Self.quarters(from: "2026-Q1", [17.5, 14.8]), polarity: .lowerIsBetter, target: target),
                                      Self.span("2026-Q1", "2026-Q2"))
        #expect(statements.map(\.kind) == [.targetReached])
        #expect(statements.first?.sentence(Texts(.en)) == "Children reading at grade level reached its target of 15%: 14.8% in Q2 2026.")
    }

    @Test("example 4b: a target day passed without reaching it is off track")
    func targetPassed() {
        let target = LearningInput.Target(value: 15, date: Date.utcDay("2026-03-31")!)
        let statements = Self.summary(Self.input(Self.quarters(from: "2026-Q1", [17.5, 16.8]), polarity: .lowerIsBetter, target: target),
                                      Self.span("2026-Q1", "2026-Q2"))
        #expect(statements.map(\.kind) == [.offTrack])
        #expect(statements.first?.figure(.neededPace) == nil)
        #expect(statements.first?.sentence(Texts(.en)) == "Children reading at grade level did not reach its target of 15% by Q1 2026: 16.8% in Q2 2026.")
    }

    @Test("example 5: a new definition from Q1 2026 is stated, and nothing is compared across it")
    func definitionChanged() {
        // A steep rise across the break (40s to 60s) would read as "improved" if the break were ignored.
        let points = Self.quarters(from: "2025-Q1", [40, 41, 42, 43, 60, 61], version: { $0 < 4 ? 1 : 2 })
        let statements = Self.summary(Self.input(points), Self.span("2025-Q4", "2026-Q2"))
        #expect(statements.map(\.kind) == [.definitionChanged])
        #expect(statements.first?.sentence(Texts(.en)) ==
            "Children reading at grade level changed its definition in Q1 2026 (version 1 to version 2): figures before and after are not compared.")
    }

    @Test("example 6: a past-due quarter with no figure, and a newest quarter with 3 of 4 partners")
    func missingData() {
        let points = Self.quarters(from: "2026-Q1", [nil, 45, 47], counted: { $0 == 2 ? 3 : 4 })
        let statements = Self.summary(Self.input(points), Self.span("2026-Q1", "2026-Q3"))
        #expect(statements.map(\.kind) == [.missingData, .missingData])
        #expect(statements.map { $0.sentence(Texts(.en)) } == [
            "Children reading at grade level has no figure for Q1 2026, though these periods are past due.",
            "Children reading at grade level counts 3 of 4 partners in Q3 2026 so far."])
    }

    @Test("a period not yet due is not missing; a span with no figures says only what is missing")
    func notYetDue() {
        let empty = Self.summary(Self.input([]), Self.span("2026-Q3", "2026-Q4"))
        #expect(empty.map(\.missingPeriods) == [["2026-Q3"]], "Q4 2026 ends after 1 December 2026, so it is not due")
        #expect(Self.summary(Self.input([], assigned: 0), Self.span("2026-Q3", "2026-Q4")).isEmpty, "no partner assigned, nobody to miss")
    }

    @Test("statements read in Spanish with the same figures")
    func spanish() {
        let statements = Self.summary(Self.input(Self.quarters(from: "2025-Q1", [40, 41, 43, 44, 46, 48])), Self.span("2026-Q1", "2026-Q2"))
        #expect(statements.first?.sentence(Texts(.es)) ==
            "Children reading at grade level mejoró de 46% en T1 2026 a 48% en T2 2026, más que su cambio habitual de un periodo al siguiente (0,55%).")
    }

    @Test("property: over random series no statement contradicts its evidence or spans a break", arguments: 0..<8)
    func property(seed: UInt64) {
        var random = SeededRandom(seed: 0x1EA2 + seed)
        for _ in 0..<250 {
            let length = Int.random(in: 0...14, using: &random)
            let breakAt = Bool.random(using: &random) ? Int.random(in: 0...max(0, length), using: &random) : Int.max
            let slope = Double.random(in: -3...3, using: &random)
            let noise = Double.random(in: 0...4, using: &random)
            var values: [Double?] = []
            for index in 0..<length {
                let missing = Int.random(in: 0..<8, using: &random) == 0
                values.append(missing ? nil : 50 + slope * Double(index) + Double.random(in: -noise...noise, using: &random) + (index >= breakAt ? 20 : 0))
            }
            let points = Self.quarters(from: "2024-Q1", values, version: { $0 >= breakAt ? 2 : 1 },
                                       counted: { _ in Int.random(in: 0..<6, using: &random) == 0 ? 2 : 4 })
            let polarity: Polarity = Bool.random(using: &random) ? .higherIsBetter : .lowerIsBetter
            let target = Bool.random(using: &random)
                ? LearningInput.Target(value: Double.random(in: 20...90, using: &random),
                                       date: ReportingPeriod(key: "2024-Q1")!.shifted(by: Int.random(in: 0...20, using: &random)).end)
                : nil
            let first = ReportingPeriod(key: "2024-Q1")!.shifted(by: Int.random(in: 0...10, using: &random))
            let span = LearningSpan(first: first, last: first.shifted(by: Int.random(in: 0...5, using: &random)))!
            let input = Self.input(points, polarity: polarity, target: target)
            for statement in Self.summary(input, span) { check(statement, input, span) }
        }
    }

    private func check(_ statement: LearningStatement, _ input: LearningInput, _ span: LearningSpan) {
        let point = { (key: String?) in input.points.first { $0.period.key == key } }
        let direction: Double = input.polarity == .higherIsBetter ? 1 : -1
        for evidence in statement.evidence where [.reference, .latest, .after].contains(evidence.role) {
            #expect(evidence.period.flatMap(ReportingPeriod.init(key:)).map(span.contains) == true, "evidence outside the span")
        }
        switch statement.kind {
        case .improved, .declined:
            guard let reference = point(statement.figure(.reference)?.period), let latest = point(statement.figure(.latest)?.period),
                  let from = reference.value, let to = latest.value, let noise = statement.figure(.noise)?.value else {
                Issue.record("a change without its two figures"); return
            }
            #expect(from == statement.figure(.reference)?.value && to == statement.figure(.latest)?.value, "figures are the stored ones")
            #expect((to - from) * direction * (statement.kind == .improved ? 1 : -1) > 0, "direction matches polarity")
            #expect(abs(to - from) > noise)
            #expect(reference.version == latest.version)
            #expect(!input.points.contains { $0.period > reference.period && $0.period <= latest.period && $0.version != latest.version },
                    "no break between the two figures")
            #expect(latest.partnersCounted >= input.partnersAssigned && reference.partnersCounted >= input.partnersAssigned)
        case .targetReached:
            guard let latest = statement.figure(.latest)?.value, let target = input.target else { Issue.record("no figures"); return }
            #expect(reaches(latest, target: target.value, polarity: input.polarity))
        case .offTrack:
            guard let latest = statement.figure(.latest)?.value, let target = input.target else { Issue.record("no figures"); return }
            #expect(!reaches(latest, target: target.value, polarity: input.polarity))
            if let needed = statement.figure(.neededPace)?.value, let recent = statement.figure(.recentPace)?.value {
                #expect(recent * direction < needed * direction)
            }
        case .definitionChanged:
            guard let before = statement.figure(.before), let after = statement.figure(.after) else { Issue.record("no versions"); return }
            #expect(before.value != after.value)
        case .missingData:
            for key in statement.missingPeriods {
                #expect(!input.points.contains { $0.period.key == key && $0.value != nil }, "a period said missing has a figure")
            }
            if let counted = statement.figure(.partnersCounted)?.value { #expect(Int(counted) < input.partnersAssigned) }
        }
    }
}
