import BackboneDomain
import Foundation
import Testing

@Suite("Indicator catalog")
struct CatalogTests {
    @Test("the starter catalog has 30+ valid entries covering every area and kind")
    func starter() {
        let catalog = IndicatorCatalog.starter
        #expect(catalog.entries.count >= 30)
        #expect(Set(catalog.entries.map(\.area)) == ["education", "health", "housing", "economy", "performance"])
        #expect(Set(catalog.entries.map(\.kind)) == Set(CatalogEntry.Kind.allCases))
        #expect(Set(catalog.entries.map(\.aggregation)).isSuperset(of: [.sum, .ratio, .latest, .weightedMean]))
        for code in ["EDU-KREADY", "EDU-G3READ", "EDU-G8MATH", "EDU-GRAD4", "EDU-PSENROLL", "EDU-PSCOMPLETE", "EDU-DISCONNECT",
                     "HLT-LBW", "HLT-INFMORT", "HLT-UNINS", "HLT-POVERTY", "HSG-HOMELESS", "HSG-LOT", "HSG-RETURNS", "HSG-EXITS",
                     "HSG-BURDEN", "ECO-MEDINC", "ECO-UNEMP"] {
            #expect(catalog.entry(code: code) != nil, "\(code)")
        }
        // every percent or rate is a ratio with both parts defined
        for entry in catalog.entries where entry.unit.ratioScale != nil {
            #expect(entry.aggregation == .ratio, "\(entry.code)")
        }
    }

    @Test("export then import gives the same catalog")
    func roundTrip() throws {
        let data = try IndicatorCatalog.starter.encoded()
        #expect(try IndicatorCatalog.decode(data) == IndicatorCatalog.starter)
    }

    @Test("a broken catalog is refused with the place of each problem")
    func broken() throws {
        var catalog = IndicatorCatalog.starter
        catalog.entries[1].code = catalog.entries[0].code
        catalog.entries[2].aggregation = .sum          // a percent that would be summed
        catalog.entries[3].suggestedDimensions = ["shoe_size"]
        let data = try catalog.encoded()
        do {
            _ = try IndicatorCatalog.decode(data)
            Issue.record("accepted a broken catalog")
        } catch let errors as FieldErrors {
            #expect(errors["entries[1].code"]?.contains("twice") == true)
            #expect(errors["entries[2].aggregation"] != nil)
            #expect(errors["entries[3].suggestedDimensions"] != nil)
        }
        for bad in ["", "[]", "{\"formatVersion\": 1}", "{\"formatVersion\": 1, \"entries\": [{\"code\": \"X\"}]}"] {
            #expect(throws: FieldErrors.self) { try IndicatorCatalog.decode(Data(bad.utf8)) }
        }
    }
}

@Suite("Drafting an initiative's own breakdown")
struct DimensionDraftTests {
    @Test("keys come from the labels: lower case, accents folded, one separator per gap")
    func keys() throws {
        let dimension = try DisaggregationDimension.draft(name: "  Language spoken at home ", categoryLines: "Español\n  Tiếng Việt \n\nEnglish / other", existing: [])
        #expect(dimension.key == "language_spoken_at_home")
        #expect(dimension.name == "Language spoken at home")
        #expect(dimension.categories.map(\.key) == ["espanol", "tieng-viet", "english-other"])
        #expect(dimension.hasUsableKeys)
    }

    @Test("refusals say what is wrong", arguments: [
        ("", "A\nB", "name"), ("2024 cohort", "A\nB", "name"), ("Comment", "A\nB", "name"), ("Gender", "A\nB", "name"),
        ("Site", "Only one", "categories"), ("Site", "North\nnorth", "categories"), ("Site", "North\n!!!", "categories"),
        ("Site", (1...41).map { "Site \($0)" }.joined(separator: "\n"), "categories"),
    ])
    func refusals(name: String, lines: String, field: String) {
        #expect(throws: FieldErrors.self) {
            do {
                _ = try DisaggregationDimension.draft(name: name, categoryLines: lines, existing: DisaggregationDimension.standard)
            } catch let errors as FieldErrors {
                #expect(errors[field] != nil, "expected a message for \(field), got \(errors.messages)")
                throw errors
            }
        }
    }

    @Test("a catalog file with a breakdown whose keys cannot work is refused")
    func unusableCatalogDimension() throws {
        var catalog = IndicatorCatalog(entries: [IndicatorCatalog.starter.entries[0]],
                                       dimensions: [DisaggregationDimension(key: "partner", name: "Partner", categories: [.init(key: "a", label: "A")])])
        #expect(throws: FieldErrors.self) { try IndicatorCatalog.decode(try catalog.encoded()) }
        catalog.entries[0].suggestedDimensions = ["school"]
        catalog.dimensions = nil
        #expect(throws: FieldErrors.self) { try IndicatorCatalog.decode(try catalog.encoded()) }
        catalog.dimensions = [DisaggregationDimension(key: "school", name: "School", categories: [.init(key: "elm", label: "Elm"), .init(key: "oak", label: "Oak")])]
        #expect(try IndicatorCatalog.decode(try catalog.encoded()).dimensions?.count == 1)
    }
}
