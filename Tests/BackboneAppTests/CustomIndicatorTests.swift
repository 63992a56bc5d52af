@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

@Suite("The initiative's own breakdowns and indicators")
struct CustomIndicatorTests {
    static let tutoring: [String: String] = [
        "code": "edu-tutor", "name": "Students tutored weekly", "kind": "performance_how_much",
        "definition": "Students who met a tutor at least once a week during the quarter.", "unit": "count",
        "aggregation": "sum", "polarity": "higher_is_better", "scope": "partners", "frequency": "quarterly",
        "dimensions[]": "school_site", "dataSources": "Tutoring attendance logs.", "minimum": "0", "maximum": "",
    ]

    @Test("the backbone adds a breakdown; bad lists are explained and kept; others only read")
    func breakdowns() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            try await s.steward.get(app, "/i/river/indicators/breakdowns") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Race and ethnicity"))
                #expect(!res.text.contains("Add breakdown"))
            }
            try await s.steward.post(app, "/i/river/indicators/breakdowns", ["name": "School site", "categories": "A\nB"]) {
                #expect($0.status == .forbidden)
            }
            try await s.admin.post(app, "/i/river/indicators/breakdowns", ["name": "School site", "categories": "Hillcrest only"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("at least two categories"))
                #expect(res.text.contains("Hillcrest only"))
            }
            try await s.admin.post(app, "/i/river/indicators/breakdowns", ["name": "Partner", "categories": "A\nB"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("column of the CSV files"))
            }
            try await s.admin.post(app, "/i/river/indicators/breakdowns", ["name": "School site", "categories": "Hillcrest\nRiver Bend\nhillcrest "]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("same category as"))
            }
            try await s.admin.post(app, "/i/river/indicators/breakdowns", ["name": "School site", "categories": "Hillcrest\r\nRiver Bend\r\n\r\nOak Street"]) {
                #expect($0.status == .seeOther)
            }
            try await s.admin.post(app, "/i/river/indicators/breakdowns", ["name": "school SITE", "categories": "A\nB"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("already has the breakdown School site"))
            }
            let scope = InitiativeScope(verifiedInitiativeID: s.served.initiativeID)
            let added = try await IndicatorRepository(db: app.db, scope: scope).dimensions().last!
            #expect(added.key == "school_site")
            #expect(added.categories.map(\.key) == ["hillcrest", "river-bend", "oak-street"])
            #expect(added.categories.map(\.label) == ["Hillcrest", "River Bend", "Oak Street"])
        }
    }

    @Test("the backbone creates an indicator with its own breakdown; partners report by it; bad definitions change nothing")
    func customIndicator() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            try await s.admin.post(app, "/i/river/indicators/breakdowns", ["name": "School site", "categories": "Hillcrest\nRiver Bend"]) {
                #expect($0.status == .seeOther)
            }
            try await s.steward.get(app, "/i/river/indicators/new") { #expect($0.status == .forbidden) }
            try await s.admin.get(app, "/i/river/indicators/new") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("School site"))
            }
            var broken = Self.tutoring
            broken["code"] = "tutoring!"
            broken["unit"] = "percent"
            broken["dimensions[]"] = "shoe_size"
            try await s.admin.post(app, "/i/river/indicators/new", broken) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("Codes are 2 to 32 capital letters"))
                #expect(res.text.contains("must use the ratio rule"))
                #expect(res.text.contains("Students tutored weekly"), "what was typed stays in the form")
            }
            broken = Self.tutoring
            broken["dimensions[]"] = "shoe_size"
            try await s.admin.post(app, "/i/river/indicators/new", broken) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("no breakdown"))
            }
            broken = Self.tutoring
            broken["maximum"] = "1,000"
            try await s.admin.post(app, "/i/river/indicators/new", broken) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("without commas"))
            }
            let scope = InitiativeScope(verifiedInitiativeID: s.served.initiativeID)
            #expect(try await IndicatorRepository(db: app.db, scope: scope).listing().count == 1, "refused forms wrote nothing")

            var location = ""
            try await s.admin.post(app, "/i/river/indicators/new", Self.tutoring) { res in
                #expect(res.status == .seeOther)
                location = String((res.location ?? "").split(separator: "?")[0])
            }
            try await s.admin.post(app, "/i/river/indicators/new", Self.tutoring) { res in
                #expect(res.status == .conflict)
                #expect(res.text.contains("already has an indicator with the code EDU-TUTOR"))
            }
            let tutor = try #require(try await IndicatorRepository(db: app.db, scope: scope).listing().first { $0.indicator.code == "EDU-TUTOR" })
            #expect(tutor.indicator.dimensionKeyList == ["school_site"])
            #expect(tutor.indicator.parsedFrequency == .quarterly)
            #expect(tutor.indicator.catalogCode == nil)
            #expect(tutor.current.definition.minimum == 0)

            // A population-weighted percentage: a weighted mean is accepted for a percent once its weight is declared.
            var weighted = Self.tutoring
            weighted["code"] = "edu-ready-weighted"
            weighted["unit"] = "percent"
            weighted["aggregation"] = "weighted_mean"
            weighted["maximum"] = "100"
            try await s.admin.post(app, "/i/river/indicators/new", weighted) { res in
                #expect(res.status == .unprocessableEntity, "a weighted mean needs its weight")
                #expect(!res.text.contains("must use the ratio rule"))
            }
            weighted["weightDefinition"] = "children enrolled"
            try await s.admin.post(app, "/i/river/indicators/new", weighted) { #expect($0.status == .seeOther) }
            let ready = try #require(try await IndicatorRepository(db: app.db, scope: scope).listing().first { $0.indicator.code == "EDU-READY-WEIGHTED" })
            #expect(ready.current.definition.unit == .percent && ready.current.definition.aggregation == .weightedMean)
            #expect(ready.current.definition.weightDefinition == "children enrolled")

            try await s.admin.post(app, location + "/assign", ["organizationID": s.partner.id!.uuidString, "dimensions[]": "school_site"]) {
                #expect($0.status == .seeOther)
            }
            let quarter = ReportingPeriod.containing(Date(), frequency: .quarterly).key
            try await s.steward.get(app, "/i/river/reporting/\(s.partner.id!.uuidString)/\(quarter)") { res in
                #expect(res.status == .ok)
                #expect(res.text.contains("Students tutored weekly"))
                #expect(res.text.contains("River Bend"))
            }
            try await s.steward.get(app, "/i/river/reporting/\(s.partner.id!.uuidString)/\(quarter)/template.csv") { res in
                #expect(res.status == .ok)
                #expect(res.text.split(separator: "\r\n").first?.contains("school_site") == true)
            }
        }
    }

    @Test("a catalog carries the breakdowns its indicators use; a clashing breakdown stops the whole import")
    func catalogWithOwnBreakdown() async throws {
        try await withBackbone { app in
            let s = try await ReportingPagesTests.setUp(app)
            try await s.admin.post(app, "/i/river/indicators/breakdowns", ["name": "School site", "categories": "Hillcrest\nRiver Bend"]) {
                #expect($0.status == .seeOther)
            }
            try await s.admin.post(app, "/i/river/indicators/new", Self.tutoring) { #expect($0.status == .seeOther) }
            let riverScope = InitiativeScope(verifiedInitiativeID: s.served.initiativeID)
            let catalog = try await IndicatorRepository(db: app.db, scope: riverScope).exportCatalog()
            #expect(catalog.dimensions?.map(\.key) == ["school_site"])
            let decoded = try IndicatorCatalog.decode(try catalog.encoded())
            #expect(decoded == catalog)

            let lake = try await Fixtures(app).initiative("lake")
            let lakeScope = InitiativeScope(verifiedInitiativeID: try lake.requireID())
            let lakeRepository = IndicatorRepository(db: app.db, scope: lakeScope)
            #expect(try await lakeRepository.importCatalog(decoded, now: Date()) == (added: 2, alreadyPresent: 0))
            #expect(try await lakeRepository.dimensions().last == catalog.dimensions?.first)

            let pond = try await Fixtures(app).initiative("pond")
            let pondRepository = IndicatorRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: try pond.requireID()))
            try await pondRepository.addDimension(name: "School site", categoryLines: "Elm\nBirch")
            await #expect(throws: FieldErrors.self) { try await pondRepository.importCatalog(decoded, now: Date()) }
            #expect(try await pondRepository.listing().isEmpty)
            #expect(try await pondRepository.dimensions().last?.categories.map(\.key) == ["elm", "birch"])
        }
    }
}
