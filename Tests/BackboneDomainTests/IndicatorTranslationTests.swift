import BackboneDomain
import Foundation
import Testing

@Suite("Indicator words in the reader's language")
struct IndicatorTranslationTests {
    let catalog = IndicatorCatalog.starter

    @Test("every shipped indicator comes in Spanish: name, definition, the parts of a ratio or weighted mean, and its sources")
    func everyEntryTranslated() throws {
        for entry in catalog.entries {
            let spanish = try #require(entry.translations?["es"], "\(entry.code)")
            for (english, translated) in [(entry.name, spanish.name), (entry.definition, spanish.definition), (entry.dataSources, spanish.dataSources ?? "")] {
                #expect(!translated.trimmingCharacters(in: .whitespaces).isEmpty && translated != english, "\(entry.code): \(english)")
            }
            #expect((entry.numeratorDefinition == nil) == (spanish.numeratorDefinition == nil), "\(entry.code)")
            #expect((entry.denominatorDefinition == nil) == (spanish.denominatorDefinition == nil), "\(entry.code)")
            #expect((entry.weightDefinition == nil) == (spanish.weightDefinition == nil), "\(entry.code)")
        }
        #expect(Set(catalog.entries.map { $0.translations!["es"]!.name }).count == catalog.entries.count, "no two indicators share a Spanish name")
    }

    @Test("an adopted indicator reads in Spanish while it keeps the catalog's words; words the backbone rewrote stay as written")
    func followsTheCatalogWhileUnchanged() throws {
        let entry = try #require(catalog.entry(code: "EDU-KREADY"))
        #expect(catalog.name(code: "EDU-KREADY", entry.name, in: .es) == "Preparación para el kínder")
        #expect(catalog.name(code: "EDU-KREADY", entry.name, in: .en) == entry.name)
        #expect(catalog.name(code: "EDU-KREADY", "Ready for school", in: .es) == "Ready for school")
        #expect(catalog.name(code: nil, entry.name, in: .es) == entry.name, "an indicator of the initiative's own has no catalog words")
        #expect(catalog.name(code: "NO-SUCH", entry.name, in: .es) == entry.name)

        var definition = entry.indicatorDefinition
        definition.denominatorDefinition = "children tested in September"
        let shown = catalog.definition(code: "EDU-KREADY", definition, in: .es)
        #expect(shown.definition == entry.translations?["es"]?.definition)
        #expect(shown.numeratorDefinition == "niños que alcanzan el nivel de preparación")
        #expect(shown.denominatorDefinition == "children tested in September", "each text on its own")
        #expect(shown.unit == definition.unit && shown.aggregation == definition.aggregation, "only words change")
        #expect(catalog.definition(code: "EDU-KREADY", definition, in: .en) == definition)
    }

    @Test("standard breakdowns read in Spanish; a renamed category keeps the initiative's words")
    func standardBreakdowns() throws {
        let spanish = Texts(.es)
        let gender = try #require(DisaggregationDimension.standard.first { $0.key == "gender" })
        let shown = gender.localized(spanish)
        #expect(shown.name == "Género" && shown.categories.map(\.label) == ["Femenino", "Masculino", "Otro género", "Se desconoce"])
        #expect(shown.categories.map(\.key) == gender.categories.map(\.key), "keys never change: figures are stored by key")
        #expect(gender.localized(Texts(.en)) == gender)
        for dimension in DisaggregationDimension.standard {
            let translated = dimension.localized(spanish)
            #expect(translated.categories.count == dimension.categories.count)
            #expect(translated.name != dimension.name, "\(dimension.key)")
        }
        let renamed = DisaggregationDimension(key: "gender", name: "Sex", categories: [.init(key: "female", label: "Girls"), .init(key: "male", label: "Male")])
        let mixed = renamed.localized(spanish)
        #expect(mixed.name == "Sex" && mixed.categories.map(\.label) == ["Girls", "Masculino"])
        let own = DisaggregationDimension(key: "school", name: "School", categories: [.init(key: "a", label: "Adams")])
        #expect(own.localized(spanish) == own)
    }
}
