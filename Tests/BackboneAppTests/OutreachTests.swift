@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Outreach: events and reach, resident feedback and answers, the public voice page")
struct OutreachTests {
    static func eventFields(_ organizers: [UUID], title: String = "Listening session", people: [String] = ["40", "12"],
                            categories: [String: String] = [:], revision: String = "") -> [String: String] {
        var fields = ["title": title, "kind": "listening_session", "heldOn": CalendarDay(containing: Date()).adding(days: -5).key,
                      "place": "Northside library", "languages[]": "es", "reachName[0]": "Northside", "reachPeople[0]": people[0],
                      "reachName[1]": "Eastside", "reachPeople[1]": people[1], "revision": revision]
        for (index, id) in organizers.enumerated() { fields["organizers[\(index)]"] = id.uuidString }
        for (key, value) in categories { fields["category[\(key)]"] = value }
        return fields
    }

    @Test("events through the form: reach counted by neighborhood and breakdown; bad counts refused whole; partners record and change only their own")
    func events() async throws {
        try await withBackbone { app in
            // setup
            let s = try await GovernanceTests.setUp(app)
            let repository = OutreachRepository(db: app.db, scope: s.scope)

            // act + verify: refusals, nothing written
            for (fields, message) in [
                (Self.eventFields([s.reads.id!], people: ["-1", "2"]), "from 0 to 1,000,000"),
                (Self.eventFields([s.reads.id!], people: ["1000001", "2"]), "from 0 to 1,000,000"),
                (Self.eventFields([s.reads.id!], people: ["99999999999999999999", "2"]), "from 0 to 1,000,000"),
                (Self.eventFields([s.reads.id!], categories: ["gender.female": "53"]), "add up to more than the 52 people"),
                (Self.eventFields([]), "at least one organizer"),
                (Self.eventFields([UUID()]), "at least one organizer"),
                (Self.eventFields([s.reads.id!], title: " "), "Give the event a name"),
            ] {
                try await s.admin.post(app, "/i/river/outreach/events", fields) { res in
                    #expect(res.status == .unprocessableEntity, "\(message)")
                    #expect(res.text.contains(message), "\(message)")
                }
            }
            #expect(try await repository.events().isEmpty)

            // act: the backbone records one with a breakdown; a steward records one for their own organization only
            try await s.admin.post(app, "/i/river/outreach/events", Self.eventFields([s.club.id!], categories: ["gender.female": "30", "gender.male": "20"])) {
                #expect($0.status == .seeOther)
            }
            try await s.steward.post(app, "/i/river/outreach/events", Self.eventFields([s.club.id!], title: "Not mine")) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Name your own organization"))
            }
            try await s.steward.post(app, "/i/river/outreach/events", Self.eventFields([s.reads.id!], title: "Reading circle")) { #expect($0.status == .seeOther) }
            try await s.viewer.post(app, "/i/river/outreach/events", Self.eventFields([s.reads.id!], title: "Viewer's")) { #expect($0.status == .forbidden) }

            // verify
            let events = try await repository.events()
            #expect(events.count == 2)
            let clubs = try #require(events.first { $0.title == "Listening session" })
            #expect(clubs.peopleReached == 52 && clubs.reach.categories["gender"] == ["female": 30, "male": 20])
            try await s.steward.post(app, "/i/river/outreach/events/\(clubs.id!)", Self.eventFields([s.reads.id!], revision: "1")) {
                #expect($0.status == .forbidden, "a steward cannot change another organization's event")
            }
            try await s.admin.post(app, "/i/river/outreach/events/\(clubs.id!)", Self.eventFields([s.club.id!], people: ["41", "12"], revision: "1")) {
                #expect($0.status == .seeOther)
            }
            try await s.admin.post(app, "/i/river/outreach/events/\(clubs.id!)", Self.eventFields([s.club.id!], people: ["99", "12"], revision: "1")) {
                #expect($0.status == .conflict)
            }
            #expect(try await repository.event(clubs.id!)?.peopleReached == 53)
            try await s.viewer.get(app, "/i/river/outreach") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Northside") && res.text.contains(">81<"), "Northside reached 41 + 40 on the reach table")
                #expect(res.text.contains("Reading at home") && res.text.contains("No input"), "no event concerns a strategy yet")
            }
        }
    }

    @Test("feedback: contact kept only with consent and seen only by the backbone; answers link the initiative's activities and decisions only")
    func feedback() async throws {
        try await withBackbone { app in
            // setup
            let s = try await GovernanceTests.setUp(app)
            let repository = OutreachRepository(db: app.db, scope: s.scope)
            try await s.admin.post(app, "/i/river/activities", GovernanceTests.activityFields(s.club.id!, s.reading)) { #expect($0.status == .seeOther) }
            let activity = try #require(try await ActivityRepository(db: app.db, scope: s.scope).all().first)

            // act: recorded with and without consent
            try await s.steward.post(app, "/i/river/outreach/feedback", ["text": "More evening story times", "neighborhood": "Northside",
                                                                         "contactName": "Ana", "contactEmail": "ana@example.org", "consent": "on",
                                                                         "strategies[]": s.reading.uuidString]) { #expect($0.status == .seeOther) }
            try await s.steward.post(app, "/i/river/outreach/feedback", ["text": "Buses stop too early", "contactName": "Bo", "contactEmail": "bo@example.org"]) {
                #expect($0.status == .seeOther)
            }
            try await s.steward.post(app, "/i/river/outreach/feedback", ["text": " ", "event": "not-an-id"]) { #expect($0.status == .unprocessableEntity) }
            let items = try await repository.feedback()
            #expect(items.count == 2)
            let withConsent = try #require(items.first { $0.text == "More evening story times" })
            let without = try #require(items.first { $0.text == "Buses stop too early" })
            #expect(withConsent.contactEmail == "ana@example.org" && without.contactName == nil && without.contactEmail == nil)

            // verify: the contact for the backbone only, on the page and in the API
            try await s.admin.get(app, "/i/river/outreach/feedback/\(withConsent.id!)") { #expect($0.text.contains("ana@example.org")) }
            try await s.lead.get(app, "/i/river/outreach/feedback/\(withConsent.id!)") { #expect(!$0.text.contains("ana@example.org")) }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/outreach/feedback", headers: try await ScenarioPagesTests.headers(app, "lead@example.org")) { res in
                #expect(res.status == .ok && !res.text.contains("ana@example.org") && res.text.contains("More evening story times"))
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/outreach/feedback", headers: try await ScenarioPagesTests.headers(app, "admin@example.org")) { res in
                #expect(res.text.contains("ana@example.org"))
            }

            // act + verify: answers
            try await s.lead.post(app, "/i/river/outreach/feedback/\(withConsent.id!)", ["response": "Added a Tuesday evening", "link": "activity:\(UUID())", "revision": "1"]) {
                #expect($0.status == .unprocessableEntity)
            }
            try await s.lead.post(app, "/i/river/outreach/feedback/\(withConsent.id!)", ["response": "", "link": "none", "revision": "1"]) {
                #expect($0.status == .unprocessableEntity)
            }
            try await s.steward.post(app, "/i/river/outreach/feedback/\(withConsent.id!)", ["response": "x", "link": "none", "revision": "1"]) {
                #expect($0.status == .forbidden)
            }
            try await s.lead.post(app, "/i/river/outreach/feedback/\(withConsent.id!)", ["response": "Added a Tuesday evening story time",
                                                                                       "link": "activity:\(activity.id!)", "revision": "1"]) {
                #expect($0.status == .seeOther)
            }
            try await s.lead.post(app, "/i/river/outreach/feedback/\(withConsent.id!)", ["response": "Again", "link": "none", "revision": "1"]) {
                #expect($0.status == .conflict)
            }
            let answered = try #require(try await repository.feedbackItem(withConsent.id!))
            #expect(answered.response == "Added a Tuesday evening story time" && answered.responseLinkID == activity.id && answered.parsedLink == .activity)
        }
    }

    @Test("the public voice page: closed is 404; open, it lists answers without personal data and takes feedback from people, not floods")
    func publicVoice() async throws {
        try await withBackbone { app in
            // setup
            let s = try await GovernanceTests.setUp(app)
            let repository = OutreachRepository(db: app.db, scope: s.scope)
            let answered = try await repository.record(FeedbackTerms(text: "Open the gym on Sundays", neighborhood: "Eastside", contactName: "Cy",
                                                                     contactEmail: "cy@example.org", consent: true),
                                                       source: .staff, eventID: nil, strategyIDs: [], userID: nil, today: CalendarDay(containing: Date()), now: Date())
            try await repository.respond(answered.requireID(), FeedbackResponseTerms(text: "The gym opens Sundays from March", link: "none"), linkID: nil,
                                         strategyIDs: [], expectedRevision: 1, userID: nil, now: Date())
            try await repository.record(FeedbackTerms(text: "Unanswered yet", neighborhood: "", contactName: "", contactEmail: "", consent: false),
                                        source: .staff, eventID: nil, strategyIDs: [], userID: nil, today: CalendarDay(containing: Date()), now: Date())
            let browser = try await Browser.anonymous(on: app)
            try await browser.get(app, "/p/river/voice") { #expect($0.status == .notFound) }

            // act
            try await s.admin.post(app, "/i/river/outreach/settings", ["voicePublic": "on"]) { #expect($0.status == .seeOther) }

            // verify: answered only, no contact
            try await browser.get(app, "/p/river/voice") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Open the gym on Sundays") && res.text.contains("The gym opens Sundays from March"))
                #expect(!res.text.contains("Unanswered yet") && !res.text.contains("cy@example.org") && !res.text.contains(">Cy<"))
            }
            func fields(_ text: String, shownSecondsAgo: Double = 30, trap: String = "") -> [String: String] {
                let shown = String(Int(Date().timeIntervalSince1970 - shownSecondsAgo))
                return ["text": text, "neighborhood": "Northside", "website": trap, "shown": shown, "seal": VoiceController.seal(shown, token: browser.csrfToken)]
            }
            // "Shown" 30 s from now: too quick however long the request itself takes on a loaded machine.
            try await browser.post(app, "/p/river/voice", fields("Too quick", shownSecondsAgo: -30)) { #expect($0.status == .unprocessableEntity) }
            try await browser.post(app, "/p/river/voice", fields("A machine", trap: "http://spam.example")) { #expect($0.status == .unprocessableEntity) }
            var forged = fields("Forged moment")
            forged["seal"] = String(repeating: "0", count: 64)
            try await browser.post(app, "/p/river/voice", forged) { #expect($0.status == .unprocessableEntity) }
            try await browser.post(app, "/p/river/voice", fields("More buses after 8 pm")) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.contains("feedback-thanks") == true)
            }
            let received = try #require(try await repository.feedback().first { $0.text == "More buses after 8 pm" })
            #expect(received.parsedSource == .publicForm && received.recordedBy == nil && received.contactEmail == nil)

            // a flood from one address: five a window (the refused three count too), then 429 with nothing more written
            var refused = 0
            for index in 0..<4 {
                try await browser.post(app, "/p/river/voice", fields("Flood \(index)")) { if $0.status == .tooManyRequests { refused += 1 } }
            }
            #expect(refused == 3, "the five in the window were the bad three, the good one and the first of the flood")
            #expect(try await repository.feedback().filter { $0.text.hasPrefix("Flood") }.count == 1)
        }
    }

    @Test("many addresses together: the public form takes at most 500 pieces a day per initiative, then refuses with nothing written")
    func dailyCap() async throws {
        try await withBackbone { app in
            // setup: the day's public feedback up to the cap
            let s = try await GovernanceTests.setUp(app)
            let repository = OutreachRepository(db: app.db, scope: s.scope)
            let today = CalendarDay(containing: Date())
            let terms = FeedbackTerms(text: "Same again", neighborhood: "", contactName: "", contactEmail: "", consent: false)
            for _ in 0..<OutreachRepository.mostPublicFeedbackPerDay {
                try await repository.record(terms, source: .publicForm, eventID: nil, strategyIDs: [], userID: nil, today: today, now: Date())
            }

            // act + verify: the next public one is refused; staff still record, and tomorrow the form takes again
            await #expect(throws: FeedbackFlood.self) {
                try await repository.record(terms, source: .publicForm, eventID: nil, strategyIDs: [], userID: nil, today: today, now: Date())
            }
            try await repository.record(terms, source: .staff, eventID: nil, strategyIDs: [], userID: nil, today: today, now: Date())
            try await repository.record(terms, source: .publicForm, eventID: nil, strategyIDs: [], userID: nil, today: today.adding(days: 1), now: Date())
            #expect(try await repository.feedback().count == OutreachRepository.mostPublicFeedbackPerDay + 2)
        }
    }

    @Test("the API records events and answers feedback with the form's checks; strict bodies and extremes refused")
    func api() async throws {
        try await withBackbone { app in
            // setup
            let s = try await GovernanceTests.setUp(app)
            let headers = try await ScenarioPagesTests.headers(app, "admin@example.org")
            func event(_ people: Any, extra: [String: Any] = [:]) -> [String: Any] {
                ["title": "Door-knocking", "kind": "door_knocking", "heldOn": "2026-10-01", "place": "Harbor Flats", "languages": ["en"],
                 "organizers": [s.club.id!.uuidString], "strategies": [s.reading.uuidString], "reach": [["name": "Harbor Flats", "people": people]]]
                    .merging(extra) { $1 }
            }
            func post(_ path: String, _ body: [String: Any], _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/api/v1/initiatives/river/outreach/\(path)", headers: headers, body: try ScenarioPagesTests.json(body), afterResponse: verify)
            }

            // act + verify: refusals
            try await post("events", event(-1)) { #expect($0.status == .unprocessableEntity) }
            try await post("events", event(Int.max)) { #expect($0.status == .unprocessableEntity) }
            try await post("events", event(1e300)) { #expect($0.status == .badRequest) }
            try await post("events", event(5, extra: ["strategies": [s.outcome.uuidString]])) { #expect($0.status == .unprocessableEntity) }
            try await post("events", event(5, extra: ["reach": [["name": "X", "people": 1, "age": 3]]])) { #expect($0.status == .unprocessableEntity) }
            try await post("events", event(5, extra: ["categories": ["gender": ["female": 6]]])) { #expect($0.status == .unprocessableEntity) }
            try await post("feedback", ["text": "x", "event": UUID().uuidString]) { #expect($0.status == .unprocessableEntity) }
            try await post("feedback", ["text": "x", "contact": ["name": String(repeating: "n", count: 121)]]) {
                #expect($0.status == .unprocessableEntity, "too long is bad input even when it would be dropped")
            }
            try await post("feedback", ["text": "x", "contact": ["email": NSNull()]]) { #expect($0.status == .unprocessableEntity) }
            try await post("events", event(5, extra: ["reach": [[String: Any]()]])) { #expect($0.status == .unprocessableEntity, "a place without its fields") }
            #expect(try await OutreachRepository(db: app.db, scope: s.scope).events().isEmpty)

            // act: good ones
            try await post("events", event(212, extra: ["categories": ["gender": ["female": 100]]])) { res in
                #expect(res.status == .created)
                #expect(res.text.contains("\"peopleReached\":212"))
            }
            var feedbackID = ""
            try await post("feedback", ["text": "Landlords ignore repairs", "strategies": [s.reading.uuidString], "consent": false,
                                        "contact": ["email": "x@example.org"]]) { res in
                #expect(res.status == .created)
                #expect(!res.text.contains("x@example.org"))
                feedbackID = ((try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])?["id"] as? String) ?? ""
            }
            let answer: [String: Any] = ["response": "A tenant hotline opened", "link": ["kind": "none"], "revision": 1]
            for link: [String: Any] in [["kind": "none", "id": NSNull()], [:], ["kind": "none", "why": "x"]] {
                let bad: [String: Any] = ["response": "A tenant hotline opened", "link": link, "revision": 1]
                try await app.testing().test(.PUT, "/api/v1/initiatives/river/outreach/feedback/\(feedbackID)/response", headers: headers,
                                             body: try ScenarioPagesTests.json(bad)) { #expect($0.status == .unprocessableEntity, "\(link)") }
            }
            try await app.testing().test(.PUT, "/api/v1/initiatives/river/outreach/feedback/\(feedbackID)/response", headers: headers,
                                         body: try ScenarioPagesTests.json(answer)) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("A tenant hotline opened") && res.text.contains("\"revision\":2"))
            }
            try await app.testing().test(.PUT, "/api/v1/initiatives/river/outreach/feedback/\(feedbackID)/response", headers: headers,
                                         body: try ScenarioPagesTests.json(answer)) { #expect($0.status == .conflict) }
        }
    }
}
