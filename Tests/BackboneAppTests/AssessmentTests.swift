@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@Suite("Assessment rounds, answers and anonymous results")
struct AssessmentTests {
    static func day(_ offset: Int) -> String { CalendarDay(containing: Date().addingTimeInterval(Double(offset) * 86_400)).key }

    static func roundFields(kind: String = "partnership_health", title: String = "Partnership health, spring", opens: Int = 0, closes: Int = 10,
                            threshold: String = "5") -> [String: String] {
        ["title": title, "kind": kind, "opensOn": day(opens), "closesOn": day(closes), "threshold": threshold]
    }

    /// Every statement of the template answered `score` (the first one with `comment`).
    static func answerFields(_ template: AssessmentTemplate, score: String = "4", comment: String = "", intent: String = "submit", revision: String = "") -> [String: String] {
        var fields = ["intent": intent, "revision": revision]
        for index in template.questions.indices { fields["score[\(index)]"] = score }
        if !comment.isEmpty { fields["comment[0]"] = comment }
        return fields
    }

    static func openRound(_ app: Application, _ s: GovernanceTests.Setup, _ fields: [String: String]) async throws -> AssessmentRoundModel {
        var location = ""
        try await s.admin.post(app, "/i/river/assessments", fields) { res in
            #expect(res.status == .seeOther, "\(res.text.prefix(300))")
            location = res.location ?? ""
        }
        return try #require(try await AssessmentRepository(db: app.db, scope: s.scope).rounds().first { location.contains($0.id!.uuidString) })
    }

    /// Moves a round's days into the past (as if it ran last month) and runs the closing job.
    static func close(_ app: Application, _ round: AssessmentRoundModel) async throws {
        try await (app.db as! any SQLDatabase).update("assessment_rounds").set("opens_on", to: day(-30)).set("closes_on", to: day(-2))
            .where("id", .equal, round.id!).run()
        _ = try await AssessmentJob(db: app.db).run(now: Date(), mail: nil)
    }

    @Test("the backbone opens a round; a member saves a draft, hands in, changes and hands in again; bad plans and bad answers are refused with nothing written")
    func roundThroughForms() async throws {
        try await withBackbone { app in
            // setup
            let s = try await GovernanceTests.setUp(app)
            let repository = AssessmentRepository(db: app.db, scope: s.scope)

            // act + verify: plans refused whole
            for (fields, field) in [(Self.roundFields(title: " "), "Give the round a title"),
                                    (Self.roundFields(opens: 5, closes: 1), "before the first"),
                                    (Self.roundFields(opens: -20, closes: -1), "already passed"),
                                    (Self.roundFields(closes: 400), "at most"),
                                    (Self.roundFields(threshold: "2"), "from 3 to 50"),
                                    (Self.roundFields(threshold: "99999999999999999999"), "from 3 to 50"),
                                    (Self.roundFields(kind: "mood"), "Choose fit"),
                                    (Self.roundFields().merging(["roles[]": "boss"]) { $1 }, "Choose from the list")] {
                try await s.admin.post(app, "/i/river/assessments", fields) { res in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.text.contains(field), "\(field)")
                }
            }
            // A body nobody with an account sits in asks nobody.
            let empty = try await GovernanceTests.group(app, s, "Empty group", strategies: [])
            try await s.admin.post(app, "/i/river/assessments", Self.roundFields().merging(["bodies[]": empty.uuidString]) { $1 }) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Nobody would be asked"))
            }
            #expect(try await repository.rounds().isEmpty)
            #expect(try await AssessmentTemplateModel.query(on: app.db).count() == 0, "nothing half-written")
            try await s.viewer.post(app, "/i/river/assessments", Self.roundFields()) { #expect($0.status == .forbidden) }

            // act: a round everyone answers
            let round = try await Self.openRound(app, s, Self.roundFields())
            let path = "/i/river/assessments/\(round.id!)"
            let template = try #require(AssessmentTemplate.shipped[.partnershipHealth])
            try await s.viewer.get(app, path) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("name=\"score[0]\"") && res.text.contains("Don't know"))
            }

            // a partial draft, then a hand-in refused for what is missing
            try await s.viewer.post(app, path, ["score[0]": "2", "comment[0]": "Mixed feelings.", "intent": "save"]) { #expect($0.status == .seeOther) }
            let viewerID = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org")?.id)
            var response = try #require(try await repository.response(roundID: round.id!, userID: viewerID))
            #expect(response.parsedStatus == .draft && response.answers["trust.1"] == AssessmentAnswer(score: 2, comment: "Mixed feelings."))
            try await s.viewer.post(app, path, ["score[0]": "2", "intent": "submit", "revision": "1"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("before handing in"))
            }
            // a comment without a choice would be lost: refused
            try await s.viewer.post(app, path, ["comment[1]": "Only words.", "intent": "save", "revision": "1"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("so that your comment is kept"))
            }
            // off the scale
            try await s.viewer.post(app, path, ["score[0]": "9", "intent": "save", "revision": "1"]) { #expect($0.status == .unprocessableEntity) }
            // answering twice (a second first answer) and a stale page are conflicts, never a second response
            try await s.viewer.post(app, path, Self.answerFields(template)) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("already answered"))
            }
            try await s.viewer.post(app, path, Self.answerFields(template, revision: "7")) { #expect($0.status == .conflict) }
            response = try #require(try await repository.response(roundID: round.id!, userID: viewerID))
            #expect(response.revision == 1 && response.parsedStatus == .draft, "refused saves change nothing")

            try await s.viewer.post(app, path, Self.answerFields(template, comment: "We trust each other more.", revision: "1")) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.contains("answers-submitted") == true)
            }
            try await s.viewer.post(app, path, Self.answerFields(template, score: "5", revision: "2")) { #expect($0.status == .seeOther) }
            try await s.viewer.post(app, path, Self.answerFields(template, intent: "save", revision: "3")) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("cannot go back to a draft"))
            }
            response = try #require(try await repository.response(roundID: round.id!, userID: viewerID))
            #expect(response.parsedStatus == .submitted && response.revision == 3 && response.answers["trust.1"]?.score == 5)
            #expect(try await AssessmentResponseModel.query(on: app.db).count() == 1, "one response per person and round")

            // results wait for the round to close
            try await s.admin.get(app, path + "/results") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Results appear once the round closes"))
            }

            // act: the closing job closes the round once; answers are refused after
            try await Self.close(app, round)
            #expect(try await repository.round(round.id!)?.closedAt != nil)
            #expect(try await AssessmentJob(db: app.db).run(now: Date(), mail: nil).closed == 0)
            try await s.viewer.post(app, path, Self.answerFields(template, revision: "3")) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("closed"))
            }
            try await s.viewer.get(app, path) { res in
                #expect(res.text.contains("Your answers (only you see them)") && res.text.contains("Strongly agree"))
            }

            // a round that asks only staff does not ask a viewer
            let staffOnly = try await Self.openRound(app, s, Self.roundFields(title: "Backbone only").merging(["roles[]": "backbone_admin"]) { $1 })
            try await s.viewer.post(app, "/i/river/assessments/\(staffOnly.id!)", Self.answerFields(template)) { #expect($0.status == .forbidden) }
        }
    }

    /// Seven more members at three organizations (two sectors), besides the Governance setup's five.
    static func crowd(_ app: Application, _ s: GovernanceTests.Setup) async throws -> [Browser] {
        let fixtures = Fixtures(app)
        let initiative = try #require(try await InitiativeModel.query(on: app.db).filter(\.$slug == "river").first())
        let school = try await fixtures.organization("River Schools", in: initiative, sector: .education)
        var browsers: [Browser] = []
        for (index, org) in [school, school, school, s.club, s.club, s.reads, s.reads].enumerated() {
            let user = try await fixtures.user("member\(index)@example.org")
            try await fixtures.member(user, of: initiative, at: org, as: index == 0 ? .steeringCommitteeMember : .partnerViewer)
            browsers.append(try await fixtures.session(for: user))
        }
        return browsers
    }

    @Test("anonymity: every role, on the results page and in the API, sees no group under the threshold and nobody else's answers")
    func anonymityWalk() async throws {
        try await withBackbone { app in
            // setup: 9 answer (3 at the school, education; 6 at nonprofits); a working group of 5 of them
            let s = try await GovernanceTests.setUp(app)
            let crowd = try await Self.crowd(app, s)
            let round = try await Self.openRound(app, s, Self.roundFields(kind: "readiness", title: "Readiness"))
            let path = "/i/river/assessments/\(round.id!)"
            let template = try #require(AssessmentTemplate.shipped[.readiness])
            let answering = [s.steward, s.lead, s.otherLead, s.viewer] + crowd.prefix(5)
            for (index, browser) in answering.enumerated() {
                try await browser.post(app, path, Self.answerFields(template, score: String(index % 5 + 1), comment: "Comment number \(index)")) {
                    #expect($0.status == .seeOther)
                }
            }
            try await Self.close(app, round)

            // act + verify: the API for every role
            let roles = ["admin@example.org", "steward@example.org", "lead@example.org", "viewer@example.org", "member0@example.org"]
            for email in roles {
                let headers = try await ScenarioPagesTests.headers(app, email)
                try await app.testing().test(.GET, "/api/v1/initiatives/river/assessments/\(round.id!)/results", headers: headers) { res in
                    #expect(res.status == .ok)
                    let body = try res.content.decode(AssessmentAPI.ResultsDTO.self)
                    #expect(body.respondents == 9 && body.threshold == 5)
                    #expect(body.groups.allSatisfy { $0.respondents >= 5 }, "\(email)")
                    let breakdowns = body.groups.filter { $0.kind != "overall" }
                    let steers = email == "admin@example.org" || email == "member0@example.org"
                    // Nonprofits are 6 and the school 3: showing nonprofits would reveal the school's 3 by subtraction.
                    #expect(breakdowns.isEmpty, "\(email): \(breakdowns.map(\.name))")
                    #expect(body.hiddenSectors == (steers ? 2 : 0))
                    #expect(!res.text.contains("viewer@example.org") && !res.text.contains("userID"))
                }
            }
            for browser in [s.admin, s.steward, s.lead, s.viewer, crowd[0]] {
                try await browser.get(app, path + "/results") { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("9 people answered"))
                    #expect(!res.text.contains("Education"), "the school's three are never a group")
                }
            }
            // Each person's own page shows their own comment, never another's.
            try await s.viewer.get(app, path) { res in
                #expect(res.text.contains("Comment number 3"))
                #expect(!res.text.contains("Comment number 2"))
            }

            // act: a round with the smallest threshold, 3: the school's 3 and the nonprofits' 8 are both groups
            let second = try await Self.openRound(app, s, Self.roundFields(kind: "readiness", title: "Readiness again", threshold: "3"))
            for browser in [s.steward, s.lead, s.otherLead, s.viewer] + crowd {
                try await browser.post(app, "/i/river/assessments/\(second.id!)", Self.answerFields(template)) { #expect($0.status == .seeOther) }
            }
            try await Self.close(app, second)
            try await app.testing().test(.GET, "/api/v1/initiatives/river/assessments/\(second.id!)/results",
                                         headers: try await ScenarioPagesTests.headers(app, "admin@example.org")) { res in
                let body = try res.content.decode(AssessmentAPI.ResultsDTO.self)
                #expect(body.respondents == 11)
                #expect(body.groups.filter { $0.kind == "sector" }.map { "\($0.key)=\($0.respondents)" }.sorted() == ["education=3", "nonprofit=8"])
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/river/assessments/\(second.id!)/results",
                                         headers: try await ScenarioPagesTests.headers(app, "viewer@example.org")) { res in
                let body = try res.content.decode(AssessmentAPI.ResultsDTO.self)
                #expect(body.groups.map(\.kind) == ["overall"], "breakdowns are for those who steer")
            }
            // Too few answers overall: nothing at all, not even everyone's.
            let small = try await Self.openRound(app, s, Self.roundFields(kind: "fit", title: "Fit"))
            for browser in [s.steward, s.viewer] {
                try await browser.post(app, "/i/river/assessments/\(small.id!)", Self.answerFields(try #require(AssessmentTemplate.shipped[.fit]), comment: "Private words")) {
                    #expect($0.status == .seeOther)
                }
            }
            try await Self.close(app, small)
            try await s.admin.get(app, "/i/river/assessments/\(small.id!)/results") { res in
                #expect(res.text.contains("Only 2 people answered"))
                #expect(!res.text.contains("Private words"))
            }
        }
    }

    @Test("templates: an edit before any round changes the version in place; after a round it becomes the next version, and trends compare only the same version")
    func templateVersions() async throws {
        try await withBackbone { app in
            // setup
            let s = try await GovernanceTests.setUp(app)
            let path = "/i/river/assessments/templates/partnership_health"
            let repository = AssessmentRepository(db: app.db, scope: s.scope)
            var fields: [String: String] = [:]
            for (index, section) in try #require(AssessmentTemplate.shipped[.partnershipHealth]).sections.enumerated() {
                fields["en[\(index)]"] = section.questions.map(\.statement.en).joined(separator: "\n")
                fields["es[\(index)]"] = section.questions.map(\.statement.es).joined(separator: "\n")
            }

            // act: an edit nobody has answered yet
            fields["en[0]"] = "Partners keep their word.\nI can say what I think."
            try await s.admin.post(app, path, fields) { res in
                #expect(res.status == .seeOther)
                #expect(res.location?.contains("template-saved") == true)
            }
            try await s.steward.post(app, path, fields) { #expect($0.status == .forbidden) }
            #expect(try await repository.currentTemplate(.partnershipHealth).template.version == 1)
            let first = try await Self.openRound(app, s, Self.roundFields(title: "Health one"))
            let asked = try #require(try await repository.templates(ids: [first.templateID])[first.templateID]?.template)
            for browser in [s.admin, s.steward, s.lead, s.otherLead, s.viewer] {
                try await browser.post(app, "/i/river/assessments/\(first.id!)", Self.answerFields(asked)) { #expect($0.status == .seeOther) }
            }
            try await Self.close(app, first)

            // act: the same template after a closed round asked it
            fields["en[0]"] = "Partners keep their word.\nI can say what I think.\nWe celebrate together."
            try await s.admin.post(app, path, fields) { res in
                #expect(res.location?.contains("template-versioned") == true)
            }
            var bad = fields
            bad["en[1]"] = ""
            try await s.admin.post(app, path, bad) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Keep at least one statement"))
            }
            let (model, current) = try await repository.currentTemplate(.partnershipHealth)
            #expect(current.version == 2 && current.section("trust")?.questions.count == 3)
            #expect(try await AssessmentTemplateModel.query(on: app.db).count() == 2)
            let second = try await Self.openRound(app, s, Self.roundFields(title: "Health two"))
            #expect(second.templateID == model?.id && first.templateID != second.templateID)
            try await s.viewer.get(app, "/i/river/assessments/\(first.id!)") { res in
                #expect(res.text.contains("version 1") && res.text.contains("Partners keep their word.") && !res.text.contains("We celebrate together."))
            }

            // verify: trends across versions are not compared
            for browser in [s.admin, s.steward, s.lead, s.otherLead, s.viewer] {
                try await browser.post(app, "/i/river/assessments/\(second.id!)", Self.answerFields(current)) { #expect($0.status == .seeOther) }
            }
            try await Self.close(app, second)
            try await s.admin.get(app, "/i/river/assessments/\(second.id!)/results") { res in
                #expect(res.text.contains("Not compared (asked a different version of the questions): Health one"))
            }
        }
    }

    @Test("API: rounds with their questions, the caller's own answers under the same checks as the form, results only after close")
    func api() async throws {
        try await withBackbone { app in
            // setup
            let s = try await GovernanceTests.setUp(app)
            let round = try await Self.openRound(app, s, Self.roundFields(kind: "fit", title: "Fit"))
            let viewer = try await ScenarioPagesTests.headers(app, "viewer@example.org")
            let path = "/api/v1/initiatives/river/assessments/\(round.id!)/answers"
            let fit = try #require(AssessmentTemplate.shipped[.fit])

            // act + verify: the list
            try await app.testing().test(.GET, "/api/v1/initiatives/river/assessments", headers: viewer) { res in
                #expect(res.status == .ok)
                let body = try res.content.decode(AssessmentAPI.ListDTO.self)
                #expect(body.items.count == 1 && body.items[0].asksYou && body.items[0].yourStatus == nil && body.items[0].state == .open)
                #expect(body.items[0].sections.flatMap(\.questions).map(\.key) == fit.questions.map(\.key))
            }
            // bad bodies: each refused, nothing written
            let bad: [(Any, HTTPStatus)] = [
                (["answers": ["complexity.1": ["score": 6]]], .unprocessableEntity),
                (["answers": ["complexity.1": ["score": 3, "dontKnow": true]]], .unprocessableEntity),
                (["answers": ["complexity.1": [String: Any]()]], .unprocessableEntity),
                (["answers": ["complexity.1": ["score": 3, "mood": "ok"]]], .unprocessableEntity),
                (["answers": ["nope": ["score": 3]]], .unprocessableEntity),
                (["answers": ["complexity.1": ["score": NSNull()]]], .unprocessableEntity),
                (["answers": ["complexity.1": ["score": 1e30]]], .badRequest),
                (["answers": ["complexity.1": ["score": 3]], "submit": true], .unprocessableEntity),
                (["answers": ["complexity.1": ["score": 3]], "revision": 9_223_372_036_854_775_807], .badRequest),
                (["answers": ["complexity.1": ["score": 3]], "extra": 1], .unprocessableEntity),
                (["answer": [:]], .unprocessableEntity),
            ]
            for (body, status) in bad {
                try await app.testing().test(.PUT, path, headers: viewer, body: try ScenarioPagesTests.json(body)) { res in
                    #expect(res.status == status, "\(body): \(res.text.prefix(200))")
                }
            }
            #expect(try await AssessmentResponseModel.query(on: app.db).count() == 0)

            // a draft, then handed in with the revision read; a second first answer is a conflict
            var all: [String: Any] = [:]
            for question in fit.questions { all[question.key] = question.key == "backbone.1" ? ["dontKnow": true, "comment": "Ask the funders."] : ["score": 4] }
            var revision = 0
            try await app.testing().test(.PUT, path, headers: viewer, body: try ScenarioPagesTests.json(["answers": ["complexity.1": ["score": 2]]])) { res in
                #expect(res.status == .ok)
                let saved = try res.content.decode(AssessmentAPI.SavedDTO.self)
                #expect(saved.status == .draft && saved.revision == 1)
                revision = saved.revision
            }
            try await app.testing().test(.PUT, path, headers: viewer, body: try ScenarioPagesTests.json(["answers": all, "submit": true])) { res in
                #expect(res.status == .conflict)
            }
            try await app.testing().test(.PUT, path, headers: viewer, body: try ScenarioPagesTests.json(["answers": all, "submit": true, "revision": revision])) { res in
                #expect(res.status == .ok)
                let saved = try res.content.decode(AssessmentAPI.SavedDTO.self)
                #expect(saved.status == .submitted && saved.answers["backbone.1"]?.dontKnow == true && saved.answers["backbone.1"]?.comment == "Ask the funders.")
            }
            // results before close: no groups
            try await app.testing().test(.GET, "/api/v1/initiatives/river/assessments/\(round.id!)/results", headers: viewer) { res in
                let body = try res.content.decode(AssessmentAPI.ResultsDTO.self)
                #expect(body.state == .open && body.groups.isEmpty && body.respondents == 0)
            }
            // another initiative's caller, and an unknown round, find nothing
            let fixtures = Fixtures(app)
            let other = try await fixtures.initiative("lake")
            let outsider = try await fixtures.user("outsider@example.org")
            try await fixtures.member(outsider, of: other, at: try await fixtures.organization("Lake Org", in: other), as: .backboneAdmin)
            let outsiderHeaders = try await ScenarioPagesTests.headers(app, "outsider@example.org")
            try await app.testing().test(.GET, "/api/v1/initiatives/river/assessments/\(round.id!)/results", headers: outsiderHeaders) { #expect($0.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/initiatives/lake/assessments/\(round.id!)/results", headers: outsiderHeaders) { #expect($0.status == .notFound) }
            try await app.testing().test(.PUT, "/api/v1/initiatives/lake/assessments/\(round.id!)/answers", headers: outsiderHeaders,
                                         body: try ScenarioPagesTests.json(["answers": all])) { #expect($0.status == .notFound) }
            // after close: answers refused
            try await Self.close(app, round)
            try await app.testing().test(.PUT, path, headers: viewer, body: try ScenarioPagesTests.json(["answers": all, "submit": true, "revision": 2])) { res in
                #expect(res.status == .conflict)
            }
        }
    }

    @Test("reminders: the people a round asks hear once when it opens and once before it closes, only if they have not handed in")
    func reminders() async throws {
        try await withBackbone { app in
            // setup
            let s = try await GovernanceTests.setUp(app)
            let round = try await Self.openRound(app, s, Self.roundFields(closes: 1))
            let template = try #require(AssessmentTemplate.shipped[.partnershipHealth])
            try await s.viewer.post(app, "/i/river/assessments/\(round.id!)", Self.answerFields(template)) { #expect($0.status == .seeOther) }

            // act: two runs
            let first = try await AssessmentJob(db: app.db).run(now: Date(), mail: nil)
            let second = try await AssessmentJob(db: app.db).run(now: Date(), mail: nil)

            // verify: 4 of the 5 members, twice (opening and closing), then nothing more
            #expect(first.notified == 8 && second.notified == 0)
            let kinds = try await NotificationModel.query(on: app.db).filter(\.$kind == NotificationKind.assessment.rawValue).all()
            #expect(kinds.count == 8)
            let viewerID = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org")?.id)
            #expect(!kinds.contains { $0.userID == viewerID }, "who has handed in is not reminded")
        }
    }
}
