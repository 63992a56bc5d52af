@testable import BackboneDomain
import Foundation
import Testing

@Suite("Assessments: templates, answers, anonymous results")
struct AssessmentRulesTests {
    @Test("the shipped readiness template has the 12 cells of phase × component, each with statements in English and Spanish")
    func readinessCells() throws {
        let readiness = try #require(AssessmentTemplate.shipped[.readiness])
        var cells = Set<String>()
        for section in readiness.sections {
            let phase = try #require(section.phase), component = try #require(section.component)
            cells.insert("\(phase.rawValue)|\(component.rawValue)")
            #expect(!section.questions.isEmpty)
        }
        #expect(cells.count == 12)
        #expect(readiness.sections.count == 12)
        for kind in AssessmentKind.allCases {
            let template = try #require(AssessmentTemplate.shipped[kind])
            let keys = template.questions.map(\.key)
            #expect(Set(keys).count == keys.count, "question keys are unique in \(kind)")
            for question in template.questions {
                #expect(!question.statement.en.isEmpty && !question.statement.es.isEmpty && question.statement.en != question.statement.es)
            }
        }
        let health = try #require(AssessmentTemplate.shipped[.partnershipHealth])
        #expect(health.sections.map(\.key) == ["trust", "communication", "ownership", "credit", "decisions", "conflict"])
        #expect(AssessmentTemplate.shipped[.fit]?.sections.map(\.key) == ["complexity", "conditions", "community", "backbone"])
    }

    @Test("editing a template rewrites statements under a new version with fresh keys, and refuses empty, crowded and mismatched sections")
    func editing() throws {
        let health = try #require(AssessmentTemplate.shipped[.partnershipHealth])
        let edited = try health.edited(statements: ["trust": (en: ["  Partners keep promises. ", "", "We share bad news early."], es: ["Los socios cumplen."])],
                                       version: 2)
        #expect(edited.version == 2)
        let trust = try #require(edited.section("trust"))
        #expect(trust.questions.map(\.key) == ["trust.1", "trust.2"])
        #expect(trust.questions[0].statement == LocalText(en: "Partners keep promises.", es: "Los socios cumplen."))
        #expect(trust.questions[1].statement(.es) == "We share bad news early.", "a missing Spanish line reads in English")
        #expect(edited.section("credit") == health.section("credit"), "sections not sent are unchanged")

        for (lines, problem) in [((en: [String](), es: [String]()), "empty"),
                                 ((en: Array(repeating: "A statement.", count: 13), es: []), "too many"),
                                 ((en: ["One."], es: ["Uno.", "Dos."]), "Spanish beyond English"),
                                 ((en: [String(repeating: "x", count: 301)], es: []), "too long")] {
            #expect(throws: FieldErrors.self, "\(problem)") { try health.edited(statements: ["trust": lines], version: 2) }
        }
    }

    @Test("answers are checked against the template: unknown questions, points off the scale, long comments, and every statement to hand in")
    func answerChecks() throws {
        let fit = try #require(AssessmentTemplate.shipped[.fit])
        let all = Dictionary(uniqueKeysWithValues: fit.questions.map { ($0.key, AssessmentAnswer(score: 3)) })
        #expect(AssessmentAnswers.errors(all, template: fit, submitting: true).isEmpty)
        var dontKnow = all
        dontKnow["complexity.1"] = AssessmentAnswer(score: nil, comment: "Not my field.")
        #expect(AssessmentAnswers.errors(dontKnow, template: fit, submitting: true).isEmpty, "don't know is an answer")
        #expect(AssessmentAnswers.errors(["complexity.1": AssessmentAnswer(score: 4)], template: fit, submitting: false).isEmpty, "a draft may be partial")
        #expect(AssessmentAnswers.errors(["complexity.1": AssessmentAnswer(score: 4)], template: fit, submitting: true)["answer.backbone.2"] != nil)
        for score in [0, 6, -1, Int.max, Int.min] {
            #expect(AssessmentAnswers.errors(["complexity.1": AssessmentAnswer(score: score)], template: fit, submitting: false)["answer.complexity.1"] != nil)
        }
        #expect(AssessmentAnswers.errors(["nope.1": AssessmentAnswer(score: 3)], template: fit, submitting: false)["answers"] != nil)
        let long = AssessmentAnswer(score: 3, comment: String(repeating: "y", count: 1_001))
        #expect(AssessmentAnswers.errors(["complexity.1": long], template: fit, submitting: false)["answer.complexity.1"] != nil)
    }

    @Test("a round opens and closes on its days, both included, and a plan needs a title, a last day not past and at most 120 days")
    func roundDays() throws {
        let first = try #require(CalendarDay(key: "2026-03-01")), last = try #require(CalendarDay(key: "2026-03-21"))
        #expect(RoundState.on(try #require(CalendarDay(key: "2026-02-28")), opensOn: first, closesOn: last, closedByJob: false) == .scheduled)
        #expect(RoundState.on(first, opensOn: first, closesOn: last, closedByJob: false) == .open)
        #expect(RoundState.on(last, opensOn: first, closesOn: last, closedByJob: false) == .open)
        #expect(RoundState.on(try #require(CalendarDay(key: "2026-03-22")), opensOn: first, closesOn: last, closedByJob: false) == .closed)
        #expect(RoundState.on(first, opensOn: first, closesOn: last, closedByJob: true) == .closed)

        let today = first
        #expect(RoundPlan(title: "Readiness", kind: .readiness, audience: .init(), opensOn: first, closesOn: last).errors(today: today).isEmpty)
        #expect(RoundPlan(title: " ", kind: .readiness, audience: .init(), opensOn: first, closesOn: last).errors(today: today)["title"] != nil)
        #expect(RoundPlan(title: "R", kind: .readiness, audience: .init(), opensOn: last, closesOn: first).errors(today: today)["closesOn"] != nil)
        #expect(RoundPlan(title: "R", kind: .readiness, audience: .init(), opensOn: first, closesOn: last).errors(today: try #require(CalendarDay(key: "2026-04-01")))["closesOn"] != nil)
        #expect(RoundPlan(title: "R", kind: .readiness, audience: .init(), opensOn: first, closesOn: try #require(CalendarDay(key: "2026-12-31"))).errors(today: today)["closesOn"] != nil)
    }

    @Test("figures: the mean leaves out “don't know”, the distribution counts each point, and the band reads the mean as shown")
    func statistics() {
        let stats = AnswerStats([AssessmentAnswer(score: 1), AssessmentAnswer(score: 4), AssessmentAnswer(score: 4), AssessmentAnswer(score: nil)])
        #expect(stats.count == 4 && stats.dontKnow == 1)
        #expect(stats.distribution == [1, 0, 0, 2, 0])
        #expect(stats.mean == 3)
        #expect(stats.dontKnowShare == 0.25)
        #expect(AnswerStats([AssessmentAnswer(score: nil)]).mean == nil)
        #expect(ScoreBand(mean: 2.449) == .weak && ScoreBand(mean: 2.46) == .mixed && ScoreBand(mean: 3.449) == .mixed && ScoreBand(mean: 3.45) == .strong)
    }

    /// Random rounds: sectors and bodies drawn at random, from no answers to thirty.
    static func randomResponses(_ rng: inout SeededRandom, template: AssessmentTemplate, bodies: [UUID]) -> [SubmittedResponse] {
        let sectors = Array(Sector.allCases.prefix(4))
        return (0..<Int.random(in: 0...30, using: &rng)).map { _ in
            var answers: [String: AssessmentAnswer] = [:]
            for question in template.questions {
                let roll = Int.random(in: 0...6, using: &rng)
                answers[question.key] = AssessmentAnswer(score: roll == 6 ? nil : max(1, roll), comment: roll == 0 ? "note \(Int.random(in: 0...999, using: &rng))" : "")
            }
            let seats = Set(bodies.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 })
            return SubmittedResponse(sector: Int.random(in: 0..<8, using: &rng) == 0 ? nil : sectors.randomElement(using: &rng), bodyIDs: seats, answers: answers)
        }
    }

    @Test("property: over random rounds no group under the threshold is shown, no breakdown leaves a small remainder, and every shown figure equals its group's recomputation")
    func anonymityProperty() throws {
        let template = try #require(AssessmentTemplate.shipped[.partnershipHealth])
        let bodies = (0..<4).map { _ in UUID() }
        var rng = SeededRandom(seed: 1_927)
        var shownBreakdowns = 0, hiddenSome = 0
        for _ in 0..<400 {
            let responses = Self.randomResponses(&rng, template: template, bodies: bodies)
            let threshold = Int.random(in: 1...8, using: &rng)
            let results = AssessmentResults(template: template, responses: responses, threshold: threshold)
            let k = max(3, threshold)
            #expect(results.threshold == k, "the threshold is never below 3")
            #expect((results.overall == nil) == (responses.count < k))
            if results.overall == nil { #expect(results.comments.isEmpty && results.bySector.isEmpty && results.byBody.isEmpty) }
            for group in results.shownGroups {
                let members: [SubmittedResponse] = switch group.group.kind {
                case .overall: responses
                case .sector: responses.filter { $0.sector?.rawValue == group.group.key }
                case .body: responses.filter { $0.bodyIDs.contains { $0.uuidString == group.group.key } }
                }
                #expect(group.respondents == members.count && members.count >= k)
                for question in template.questions {
                    #expect(group.questions[question.key] == AnswerStats(members.compactMap { $0.answers[question.key] }))
                }
            }
            for (groups, inGroup) in [(results.bySector, { (r: SubmittedResponse, key: String) in r.sector?.rawValue == key }),
                                      (results.byBody, { (r: SubmittedResponse, key: String) in r.bodyIDs.contains { $0.uuidString == key } })] {
                let covered = responses.filter { response in groups.contains { inGroup(response, $0.group.key) } }.count
                let left = responses.count - covered
                // With no group shown, the remainder is everyone: shown only when everyone's group is.
                #expect(groups.isEmpty || left == 0 || left >= k, "a breakdown's remainder of \(left) would reveal a small group")
                shownBreakdowns += groups.count
            }
            hiddenSome += results.hiddenSectors + results.hiddenBodies > 0 ? 1 : 0
        }
        #expect(shownBreakdowns > 50 && hiddenSome > 50, "the random rounds exercise both showing and hiding")
    }

    @Test("an activity is late after its last day while planned or under way, stalled when marked so, finished when done or dropped")
    func activityPace() throws {
        let today = try #require(CalendarDay(key: "2026-06-15"))
        #expect(ActivityPace(status: .underWay, endsOn: CalendarDay(key: "2026-06-14"), today: today) == .late)
        #expect(ActivityPace(status: .planned, endsOn: CalendarDay(key: "2026-06-15"), today: today) == .onTime)
        #expect(ActivityPace(status: .underWay, endsOn: nil, today: today) == .onTime)
        #expect(ActivityPace(status: .stalled, endsOn: CalendarDay(key: "2027-01-01"), today: today) == .stalled)
        #expect(ActivityPace(status: .done, endsOn: CalendarDay(key: "2026-01-01"), today: today) == .finished)
    }

    @Test("a group's strategies are measured by indicators on the strategies and on every part they lead to, not on parts upstream or elsewhere")
    func strategyReach() {
        let strategy = UUID(), outcome = UUID(), result = UUID(), other = UUID(), upstream = UUID()
        let a = UUID(), b = UUID(), c = UUID(), d = UUID(), e = UUID()
        let links = [(from: strategy, to: outcome), (from: outcome, to: result), (from: upstream, to: strategy), (from: other, to: result), (from: result, to: outcome)]
        let reached = StrategyReach.indicators(of: [strategy], links: links, indicators: [strategy: [a], outcome: [b], result: [c], other: [d], upstream: [e]])
        #expect(reached == [a, b, c])
    }
}
