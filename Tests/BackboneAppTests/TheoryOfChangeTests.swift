@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("Theory of change")
struct TheoryOfChangeTests {
    @Test("the backbone builds the graph through forms; a circle and bad parts are refused with nothing changed; everyone reads diagram and outline")
    func buildAndRefuse() async throws {
        try await withBackbone { app in
            // setup
            let s = try await ReportingPagesTests.setUp(app)
            let scope = InitiativeScope(verifiedInitiativeID: s.partner.initiativeID)
            let repository = TheoryOfChangeRepository(db: app.db, scope: scope)
            let path = "/i/river/theory-of-change"

            // act: three parts through the form
            for (kind, title) in [("strategy", "Reading at home"), ("outcome", "Families read daily"), ("result", "Third graders read well")] {
                try await s.admin.post(app, path + "/parts", ["kind": kind, "title": title, "description": ""]) { #expect($0.status == .seeOther) }
            }
            try await s.admin.post(app, path + "/parts", ["kind": "outcome", "title": "  ", "description": ""]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Give the part a short title."))
            }
            try await s.admin.post(app, path + "/parts", ["kind": "result", "title": "Third graders read well"]) { #expect($0.status == .unprocessableEntity) }
            try await s.steward.post(app, path + "/parts", ["kind": "result", "title": "Mine"]) { #expect($0.status == .forbidden) }
            let nodes = Dictionary(uniqueKeysWithValues: try await repository.snapshot().nodes.map { ($0.title, $0.id!.uuidString) })
            #expect(nodes.count == 3)
            let (strategy, outcome, result) = (nodes["Reading at home"]!, nodes["Families read daily"]!, nodes["Third graders read well"]!)
            try await s.admin.post(app, path + "/links", ["from": strategy, "to": outcome]) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, path + "/links", ["from": outcome, "to": result]) { #expect($0.status == .seeOther) }

            // verify: refusals, nothing written
            try await s.admin.post(app, path + "/links", ["from": result, "to": outcome]) { res in
                #expect(res.status == .unprocessableEntity)
            }
            try await s.admin.post(app, path + "/links", ["from": outcome, "to": strategy]) { res in
                #expect(res.text.contains("Nothing contributes to a strategy"))
            }
            try await s.admin.post(app, path + "/links", ["from": strategy, "to": UUID().uuidString]) { #expect($0.status == .unprocessableEntity) }
            #expect(try await repository.snapshot().graph.links.count == 2)

            // A circle through outcomes is refused with the reason.
            try await s.admin.post(app, path + "/parts", ["kind": "outcome", "title": "Children visit the library"]) { #expect($0.status == .seeOther) }
            let library = try await repository.snapshot().nodes.first { $0.title == "Children visit the library" }!.id!.uuidString
            try await s.admin.post(app, path + "/links", ["from": library, "to": outcome]) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, path + "/links", ["from": outcome, "to": library]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("This link would make a circle"))
            }
            #expect(try await repository.snapshot().graph.links.count == 3)

            // Indicators attach to results and outcomes of this initiative only.
            try await s.admin.post(app, path + "/indicators", ["node": result, "indicator": s.served.id!.uuidString]) { #expect($0.status == .seeOther) }
            try await s.admin.post(app, path + "/indicators", ["node": strategy, "indicator": s.served.id!.uuidString]) { res in
                #expect(res.text.contains("a strategy is measured by what it contributes to"))
            }
            let fixtures = Fixtures(app)
            let elsewhere = try await fixtures.initiative("elsewhere")
            let foreign = try await IndicatorRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: elsewhere.id!))
                .adopt(IndicatorCatalog.starter.entry(code: "PM-SERVED")!, now: Date())
            try await s.admin.post(app, path + "/indicators", ["node": result, "indicator": foreign.id!.uuidString]) { res in
                #expect(res.text.contains("Choose one of this initiative's indicators."))
            }
            #expect(try await repository.snapshot().indicators.values.map(\.count) == [1])

            // Everyone reads: the diagram links each part to its entry in the outline.
            try await s.viewer.get(app, path) { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("<svg"))
                #expect(res.text.contains("href=\"#part-\(result)\""))
                #expect(res.text.contains("id=\"part-\(result)\""))
                #expect(res.text.contains("Contributes to: Third graders read well"))
                #expect(res.text.contains("Measured by: "))
                #expect(!res.text.contains("Add a part"), "a viewer does not edit")
            }
            try await s.admin.post(app, path + "/links/remove", ["from": library, "to": outcome]) { #expect($0.status == .seeOther) }
            #expect(try await repository.snapshot().graph.links.count == 2)

            // The same graph as data, for members only.
            let viewer = try #require(try await UserRepository(db: app.db).find(email: "viewer@example.org"))
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await Fixtures(app).apiToken(for: viewer))"]
            try await app.testing().test(.GET, "/api/v1/initiatives/river/theory-of-change", headers: auth) { res in
                #expect(res.status == .ok)
                let graph = try res.content.decode(TheoryOfChangeAPI.GraphDTO.self)
                #expect(graph.parts.count == 4)
                #expect(Set(graph.links.map { "\($0.from.uuidString)>\($0.to.uuidString)" }) == ["\(strategy)>\(outcome)", "\(outcome)>\(result)"])
                #expect(graph.parts.first { $0.id.uuidString == result }?.indicatorIDs == [s.served.id!])
            }
            try await app.testing().test(.GET, "/api/v1/initiatives/elsewhere/theory-of-change", headers: auth) { #expect($0.status == .notFound) }
        }
    }
}
