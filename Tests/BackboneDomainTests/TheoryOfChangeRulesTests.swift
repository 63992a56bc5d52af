@testable import BackboneDomain
import Foundation
import Testing

@Suite("Theory of change rules")
struct TheoryOfChangeRulesTests {
    @Test("links run from strategies towards results; a circle, a self link, a duplicate and a link into a strategy are refused")
    func refusals() {
        let (s, o1, o2, r) = (UUID(), UUID(), UUID(), UUID())
        var graph = ChangeGraph(kinds: [s: .strategy, o1: .outcome, o2: .outcome, r: .result], links: [])
        #expect(graph.refusal(from: s, to: o1) == nil)
        graph.links.insert(.init(from: s, to: o1))
        graph.links.insert(.init(from: o1, to: o2))
        graph.links.insert(.init(from: o2, to: r))
        #expect(graph.refusal(from: o2, to: o1)?.contains("circle") == true, "o1 already feeds o2")
        #expect(graph.refusal(from: o1, to: o1)?.contains("itself") == true)
        #expect(graph.refusal(from: s, to: o1)?.contains("already") == true)
        #expect(graph.refusal(from: o1, to: s)?.contains("strategy") == true)
        #expect(graph.refusal(from: r, to: o1) != nil)
        #expect(graph.refusal(from: s, to: UUID()) != nil, "a part that is not in the graph")
        #expect(graph.refusal(from: s, to: r) == nil, "a shortcut is not a circle")
    }

    @Test("property: whatever links are accepted, following links never comes back to where it started")
    func neverACircle() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let ids = (0..<7).map { _ in UUID() }
            var graph = ChangeGraph(kinds: Dictionary(uniqueKeysWithValues: ids.map { ($0, [.strategy, .outcome, .outcome, .result].randomElement(using: &generator)!) }), links: [])
            for _ in 0..<25 {
                let from = ids.randomElement(using: &generator)!, to = ids.randomElement(using: &generator)!
                if graph.refusal(from: from, to: to) == nil { graph.links.insert(.init(from: from, to: to)) }
            }
            for link in graph.links { #expect(!graph.reaches(from: link.to, target: link.from)) }
        }
    }

    @Test("columns: strategies, outcomes, results; later columns follow the order of what feeds them")
    func columns() {
        let (s1, s2, o1, o2, r) = (UUID(), UUID(), UUID(), UUID(), UUID())
        let graph = ChangeGraph(kinds: [s1: .strategy, s2: .strategy, o1: .outcome, o2: .outcome, r: .result],
                                links: [.init(from: s1, to: o2), .init(from: s2, to: o1), .init(from: o2, to: r)])
        #expect(graph.columns(order: [o1, o2, r, s1, s2]) == [[s1, s2], [o2, o1], [r]])
    }
}
