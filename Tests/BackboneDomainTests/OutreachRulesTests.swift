@testable import BackboneDomain
import Foundation
import Testing

@Suite("Outreach: events and their reach, resident voice, community input gaps")
struct OutreachRulesTests {
    let age = DisaggregationDimension(key: "age_band", name: "Age", categories: [.init(key: "youth", label: "Youth"), .init(key: "adult", label: "Adult")])

    func terms(reach: [(name: String, people: String)] = [("Northside", "40"), ("Eastside", "12")], categories: [String: String] = [:],
               languages: [String] = ["en", "es"], kind: String = "listening_session", day: String = "2026-10-04") -> OutreachEventTerms {
        OutreachEventTerms(title: "Listening session at the library", kind: kind, heldOn: day, place: "Northside branch", languages: languages,
                           note: "", reach: reach, categories: categories)
    }

    func errors(_ block: () throws -> Void) -> Set<String> {
        do { try block(); return [] } catch let problems as FieldErrors { return Set(problems.messages.keys) } catch { return ["?"] }
    }

    @Test("an event's reach: the total is the neighborhoods' sum; breakdown counts add up to at most the total")
    func reach() throws {
        let checked = try terms(categories: ["age_band.youth": "20", "age_band.adult": "32"]).checked(dimensions: [age])
        #expect(checked.reach.total == 52 && checked.reach.categories["age_band"] == ["youth": 20, "adult": 32])
        #expect(checked.languages == ["en", "es"] && checked.kind == .listeningSession)
        #expect(errors { _ = try terms(categories: ["age_band.youth": "53"]).checked(dimensions: [age]) } == ["category.age_band"])
        #expect(errors { _ = try terms(categories: ["gender.woman": "1"]).checked(dimensions: [age]) } == ["categories"])
        #expect(try terms(reach: []).checked(dimensions: []).reach.total == 0, "an event may reach nobody yet")
    }

    @Test("bad events are refused whole, every problem under its field: counts out of bounds, a place twice, no language, an unknown kind")
    func badEvents() {
        for bad in ["-1", "1000001", "1e3", "NaN", "12.5", "99999999999999999999", "٣"] {
            #expect(errors { _ = try terms(reach: [("Northside", bad)]).checked(dimensions: []) } == ["reach.0.people"], "\(bad)")
        }
        #expect(errors { _ = try terms(reach: [("Northside", "1"), ("northside ", "2")]).checked(dimensions: []) } == ["reach.1.name"])
        #expect(errors { _ = try terms(reach: [("", "5")]).checked(dimensions: []) } == ["reach.0.name"])
        #expect(errors { _ = try terms(languages: []).checked(dimensions: []) } == ["languages"])
        #expect(errors { _ = try terms(reach: [("North\u{0}side", "1")]).checked(dimensions: []) } == ["reach.0.name"], "no NUL reaches the database")
        #expect(errors { _ = try terms(languages: ["klingon"]).checked(dimensions: []) } == ["languages"])
        #expect(errors { _ = try terms(kind: "rally", day: "2026-02-30").checked(dimensions: []) } == ["kind", "heldOn"])
        let many = (0...OutreachReach.mostNeighborhoods).map { (name: "Place \($0)", people: "1") }
        #expect(errors { _ = try terms(reach: many).checked(dimensions: []) }.contains("reach"))
    }

    @Test("contact details are kept only with the resident's consent; a bad address is refused only when it would be kept")
    func consent() throws {
        let without = try FeedbackTerms(text: " More buses ", neighborhood: "Eastside", contactName: "Ana", contactEmail: "ana@example.org", consent: false).checked()
        #expect(without == .init(text: "More buses", neighborhood: "Eastside", contactName: nil, contactEmail: nil))
        let with = try FeedbackTerms(text: "More buses", neighborhood: "", contactName: "Ana", contactEmail: "ana@example.org", consent: true).checked()
        #expect(with.contactName == "Ana" && with.contactEmail == "ana@example.org")
        #expect(errors { _ = try FeedbackTerms(text: "x", neighborhood: "", contactName: "", contactEmail: "not-an-address", consent: true).checked() } == ["contactEmail"])
        #expect(errors { _ = try FeedbackTerms(text: "  ", neighborhood: "", contactName: "", contactEmail: "", consent: false).checked() } == ["text"])
        #expect(errors { _ = try FeedbackTerms(text: String(repeating: "a", count: 2001), neighborhood: "", contactName: "", contactEmail: "", consent: false).checked() } == ["text"])
        #expect(errors { _ = try FeedbackResponseTerms(text: "", link: "rumour").checked() } == ["response", "link"])
        #expect(try FeedbackResponseTerms(text: "Added a stop", link: "").checked().link == ResponseLink.none)
    }

    @Test("the public form's guard: the trap field empty and between three seconds and a day since the form was shown")
    func guardRules() {
        let now = Date()
        #expect(VoiceFormGuard.looksHuman(trap: "", shownAt: now.addingTimeInterval(-30), now: now))
        #expect(!VoiceFormGuard.looksHuman(trap: "http://spam", shownAt: now.addingTimeInterval(-30), now: now))
        #expect(!VoiceFormGuard.looksHuman(trap: "", shownAt: now.addingTimeInterval(-1), now: now))
        #expect(!VoiceFormGuard.looksHuman(trap: "", shownAt: now.addingTimeInterval(-90_000), now: now))
        #expect(!VoiceFormGuard.looksHuman(trap: "", shownAt: nil, now: now))
    }

    @Test("property: the reach table holds every person reached in its quarters, once, whatever the spelling of a place")
    func reachProperty() {
        var random = SeededRandom(seed: 31)
        let places = ["Northside", "Eastside", "Harbor Flats", "Old Town"]
        let last = ReportingPeriod(key: "2026-Q4")!
        for _ in 0..<200 {
            let events = (0..<Int.random(in: 0...25, using: &random)).map { _ -> (day: CalendarDay, reach: OutreachReach) in
                let day = CalendarDay(key: "2025-01-01")!.adding(days: Int.random(in: 0...760, using: &random))
                let chosen = places.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))
                let entries = chosen.map { place in
                    OutreachReach.Entry(name: Bool.random(using: &random) ? place : place.uppercased(), people: Int.random(in: 0...500, using: &random))
                }
                return (day, OutreachReach(neighborhoods: entries))
            }
            let table = ReachByNeighborhood(events: events, endingWith: last, quarters: 4)
            let inRange = events.filter { $0.day.quarter.key >= "2026-Q1" && $0.day.quarter.key <= "2026-Q4" }
            #expect(table.rows.reduce(0) { $0 + $1.total } == inRange.reduce(0) { $0 + $1.reach.total })
            #expect(Set(table.rows.map { $0.neighborhood.lowercased() }).count == table.rows.count)
            #expect(table.rows.allSatisfy { $0.total == $0.byQuarter.values.reduce(0, +) })
        }
    }

    @Test("a strategy without an event or feedback since the day chosen is a gap")
    func gap() {
        let a = UUID(), b = UUID(), c = UUID()
        let since = CalendarDay(key: "2026-06-01")!
        let inputs: [(day: CalendarDay, strategies: [UUID])] = [(CalendarDay(key: "2026-07-01")!, [a]), (CalendarDay(key: "2026-05-31")!, [b])]
        #expect(CommunityInputGap.strategiesWithout([a, b, c], inputs: inputs, since: since) == [b, c])
    }
}
