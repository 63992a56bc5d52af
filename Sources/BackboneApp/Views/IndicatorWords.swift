import BackboneDomain
import BackbonePersistence

/// An indicator's words as the reader's language shows them (see `IndicatorCatalog.name`): pages
/// use these; forms that edit an indicator, exports and the API keep the stored words.
extension IndicatorModel {
    var shownName: String { IndicatorCatalog.starter.name(code: catalogCode, name) }
    var shownDataSources: String { IndicatorCatalog.starter.dataSources(code: catalogCode, dataSources) }

    func shown(_ definition: IndicatorDefinition) -> IndicatorDefinition {
        IndicatorCatalog.starter.definition(code: catalogCode, definition)
    }
}
