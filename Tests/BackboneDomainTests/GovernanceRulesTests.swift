@testable import BackboneDomain
import Foundation
import Testing

@Suite("Governance and action plan rules")
struct GovernanceRulesTests {
    @Test("days are read strictly; a term or activity ending before it starts is refused with both days named")
    func daysAndSpans() throws {
        #expect(CalendarDay(key: "2028-02-29")?.key == "2028-02-29")
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01T00:00", "", "1899-12-31", "2026/01/01"] {
            #expect(CalendarDay(key: bad) == nil, "\(bad)")
        }
        #expect(CalendarDay(key: "2026-03-31")!.quarter.key == "2026-Q1")
        #expect(CalendarDay(key: "2026-04-01")!.quarter.key == "2026-Q2")
        #expect(CalendarDay(key: "2026-09-30")! < CalendarDay(key: "2026-10-01")!)

        let open = try DaySpan.parse(start: "2026-01-01", end: "")
        #expect(open.end == nil && open.contains(CalendarDay(key: "2099-01-01")!))
        let closed = try DaySpan.parse(start: "2026-01-01", end: "2026-01-01")
        #expect(closed.contains(CalendarDay(key: "2026-01-01")!), "a one-day span holds its day")
        #expect(!closed.contains(CalendarDay(key: "2026-01-02")!))
        do {
            _ = try DaySpan.parse(start: "2026-06-01", end: "2026-05-31", startField: "termStart", endField: "termEnd")
            Issue.record("an end before the start was accepted")
        } catch let errors as FieldErrors {
            #expect(errors["termEnd"] == "The last day (2026-05-31) is before the first day (2026-06-01).")
        }
        #expect(throws: FieldErrors.self) { try DaySpan.parse(start: "", end: "") }
        #expect(throws: FieldErrors.self) { try DaySpan.parse(start: "2026-01-01", end: "soon") }
    }

    @Test("a charter needs a name and a purpose; a cycle note is required for the step reached beyond planning")
    func charterAndCycle() {
        #expect(Charter.errors(name: " ", charter: Charter(purpose: "", scope: "", decisionRights: "")).messages.keys.sorted() == ["name", "purpose"])
        #expect(Charter.errors(name: "Early Learning", charter: Charter(purpose: "Readiness.", scope: "", decisionRights: "")).isEmpty)
        #expect(CycleRecord(stage: .plan, notes: [:]).errors.isEmpty)
        #expect(CycleRecord(stage: .feedback, notes: [.plan: "x"]).errors["note.feedback"] != nil)
        #expect(CycleRecord(stage: .do, notes: [.do: String(repeating: "a", count: 1_001)]).errors["note.do"] != nil)
    }

    static func activity(_ strategy: UUID, _ partner: UUID, _ kind: String = "Tutoring", population: String = "K-3", place: String = "Northside",
                         status: ActivityStatus = .underWay) -> ActivityFacts {
        ActivityFacts(id: UUID(), strategyID: strategy, partnerID: partner, kind: kind, population: population, geography: place, status: status)
    }

    @Test("gaps are strategies with nothing planned or under way; duplication needs two partners doing the same for the same people and place")
    func coverageExamples() {
        let (literacy, housing, summer, empty) = (UUID(), UUID(), UUID(), UUID())
        let (a, b, c) = (UUID(), UUID(), UUID())
        let camps = [Self.activity(summer, a, "Summer reading camp"), Self.activity(summer, b, "summer  reading-camp", status: .planned)]
        let activities = [
            Self.activity(literacy, a),
            Self.activity(literacy, a), // the same partner twice: its own business, not duplication
            Self.activity(housing, b, status: .done), Self.activity(housing, c, status: .dropped), Self.activity(housing, a, status: .stalled),
            Self.activity(literacy, b, population: "Grades 4-5"), // another population
            Self.activity(literacy, c, place: "Southside"), // another place
            Self.activity(UUID(), c), // a strategy not in the plan is left out
        ] + camps
        let coverage = Coverage(strategies: [literacy, housing, summer, empty], activities: activities)
        #expect(coverage.gaps == [housing, empty])
        #expect(coverage.overlaps.count == 1)
        #expect(coverage.overlaps.first?.partnerIDs == [a, b])
        #expect(Set(coverage.overlaps.first?.activityIDs ?? []) == Set(camps.map(\.id)))
        #expect(coverage.activeCount(strategy: literacy, partner: a) == 2)
        #expect(coverage.activeCount(strategy: housing, partner: b) == 0)
        #expect(coverage.activities(strategy: housing, partner: b).count == 1)
        #expect(coverage.overlaps(activity: camps[0].id) && !coverage.overlaps(activity: activities[0].id))
        // Once the second camp stalls, the duplication is gone.
        let stalled = ActivityFacts(id: camps[1].id, strategyID: summer, partnerID: b, kind: camps[1].kind, population: "K-3", geography: "Northside", status: .stalled)
        #expect(Coverage(strategies: [summer], activities: [camps[0], stalled]).overlaps.isEmpty)
    }

    @Test("property: gaps and duplications match their definitions on random plans, whatever the order of activities")
    func coverageProperty() {
        var random = SeededRandom(seed: 2026)
        let strategies = (0..<5).map { _ in UUID() }, partners = (0..<4).map { _ in UUID() }
        let kinds = ["Tutoring", "tutoring", "Mentoring"], places = ["Northside", "Southside"]
        for _ in 0..<200 {
            let activities = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                Self.activity(strategies.randomElement(using: &random)!, partners.randomElement(using: &random)!, kinds.randomElement(using: &random)!,
                              population: "K-3", place: places.randomElement(using: &random)!, status: ActivityStatus.allCases.randomElement(using: &random)!)
            }
            let coverage = Coverage(strategies: strategies, activities: activities)
            let shuffled = Coverage(strategies: strategies, activities: activities.shuffled(using: &random))
            #expect(coverage.gaps == shuffled.gaps)
            #expect(Set(coverage.overlaps.map { Set($0.activityIDs) }) == Set(shuffled.overlaps.map { Set($0.activityIDs) }))
            for strategy in strategies {
                #expect(coverage.gaps.contains(strategy) == !activities.contains { $0.strategyID == strategy && $0.status.isActive })
            }
            // Every two active activities of different partners that read the same are flagged together, and nothing else is.
            let active = activities.filter(\.status.isActive)
            for x in active {
                let twins = active.filter { $0.sameness == x.sameness && $0.partnerID != x.partnerID }
                #expect(coverage.overlaps(activity: x.id) == !twins.isEmpty)
            }
            for overlap in coverage.overlaps {
                #expect(overlap.partnerIDs.count >= 2)
                #expect(Set(overlap.activityIDs.compactMap { id in activities.first { $0.id == id }?.sameness }).count == 1)
            }
        }
    }
}
