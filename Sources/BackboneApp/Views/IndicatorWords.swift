import BackboneDomain
import BackbonePersistence

/// An indicator's words as the reader's language shows them (see `IndicatorCatalog.name`): pages
/// use these; forms that edit an indicator, exports and the API keep the stored words.
/// The backbone's own translation of an indicator comes first, then the shipped catalog's.
extension IndicatorModel {
    /// The backbone's words for the reader's language, if it wrote any.
    private var own: CatalogEntry.Translation? {
        SiteLanguage.current == .en ? nil : translations[SiteLanguage.current.rawValue]
    }

    var shownName: String { own?.name ?? IndicatorCatalog.starter.name(code: catalogCode, name) }
    var shownDataSources: String { IndicatorCatalog.starter.dataSources(code: catalogCode, dataSources) }

    func shown(_ definition: IndicatorDefinition) -> IndicatorDefinition {
        var shown = IndicatorCatalog.starter.definition(code: catalogCode, definition)
        guard let own else { return shown }
        func pick(_ typed: String?, _ current: String?) -> String? { typed.flatMap { $0.isEmpty ? nil : $0 } ?? current }
        shown.definition = pick(own.definition, shown.definition) ?? shown.definition
        shown.numeratorDefinition = definition.numeratorDefinition == nil ? nil : pick(own.numeratorDefinition, shown.numeratorDefinition)
        shown.denominatorDefinition = definition.denominatorDefinition == nil ? nil : pick(own.denominatorDefinition, shown.denominatorDefinition)
        shown.weightDefinition = definition.weightDefinition == nil ? nil : pick(own.weightDefinition, shown.weightDefinition)
        return shown
    }

    /// What the form for `language` starts with: the backbone's words, else the catalog's.
    func translation(_ language: SiteLanguage, definition: IndicatorDefinition) -> CatalogEntry.Translation {
        if let stored = translations[language.rawValue] { return stored }
        let catalog = IndicatorCatalog.starter
        let words = catalog.definition(code: catalogCode, definition, in: language)
        let name = catalog.name(code: catalogCode, name, in: language)
        return CatalogEntry.Translation(name: name == self.name ? "" : name, definition: words.definition == definition.definition ? "" : words.definition,
                                        numeratorDefinition: words.numeratorDefinition == definition.numeratorDefinition ? nil : words.numeratorDefinition,
                                        denominatorDefinition: words.denominatorDefinition == definition.denominatorDefinition ? nil : words.denominatorDefinition,
                                        weightDefinition: words.weightDefinition == definition.weightDefinition ? nil : words.weightDefinition)
    }
}
