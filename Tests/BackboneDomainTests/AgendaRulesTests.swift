@testable import BackboneDomain
import Testing

@Suite("Common agenda rules")
struct AgendaRulesTests {
    @Test("line comparison keeps common lines and marks the rest, in reading order")
    func comparison() {
        let changes = TextComparison.lines(from: ["a", "b", "c"], to: ["a", "x", "c", "d"])
        #expect(changes == [.kept("a"), .removed("b"), .added("x"), .kept("c"), .added("d")])
        #expect(TextComparison.lines(from: [], to: ["n"]) == [.added("n")])
        #expect(TextComparison.lines(from: ["o"], to: []) == [.removed("o")])
        #expect(TextComparison.lines(from: ["same"], to: ["same"]) == [.kept("same")])
    }

    @Test("property: dropping the removed lines gives the old text, dropping the added ones the new text")
    func comparisonProperty() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let old = (0..<Int.random(in: 0...8, using: &generator)).map { _ in ["a", "b", "c", "d"].randomElement(using: &generator)! }
            let new = (0..<Int.random(in: 0...8, using: &generator)).map { _ in ["a", "b", "c", "e"].randomElement(using: &generator)! }
            let changes = TextComparison.lines(from: old, to: new)
            let before = changes.compactMap { if case .added = $0 { return nil as String? }; if case .kept(let l) = $0 { return l }; if case .removed(let l) = $0 { return l }; return nil }
            let after = changes.compactMap { if case .removed = $0 { return nil as String? }; if case .kept(let l) = $0 { return l }; if case .added(let l) = $0 { return l }; return nil }
            #expect(before == old && after == new, "\(old) → \(new)")
        }
    }

    @Test("publishing needs the problem, the vision and a result; a draft may be unfinished but not huge")
    func publishing() {
        #expect(AgendaContent().publishErrors()["problemStatement"]?.contains("empty") == true)
        #expect(AgendaContent(problemStatement: "  \n ", results: "\n\n").isEmpty, "white space only is empty")
        let partial = AgendaContent(problemStatement: "P")
        #expect(partial.draftErrors().isEmpty)
        #expect(Set(partial.publishErrors().messages.keys) == ["vision", "results"])
        #expect(AgendaContent(problemStatement: "P", vision: "V", results: " \n R \n\n").publishErrors().isEmpty)
        #expect(AgendaContent(vision: String(repeating: "x", count: AgendaContent.maxSectionLength + 1)).draftErrors()["vision"] != nil)
        #expect(AgendaContent(results: "a\n\n  b  \n").normalized.results == "a\nb")
    }

    @Test("standing: current, an older version only, or none")
    func standing() {
        #expect(EndorsementStanding.of(endorsedVersions: [1, 3], currentVersion: 3) == .current)
        #expect(EndorsementStanding.of(endorsedVersions: [1, 2], currentVersion: 3) == .olderOnly(version: 2))
        #expect(EndorsementStanding.of(endorsedVersions: [], currentVersion: 3) == .none)
        #expect(EndorsementStanding.of(endorsedVersions: [1], currentVersion: nil) == .none)
    }
}
