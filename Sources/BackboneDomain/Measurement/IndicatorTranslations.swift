import Foundation

/// The words of an indicator in the reader's language. An indicator adopted from the shipped
/// catalog reads in the catalog's translation for as long as it keeps the catalog's English
/// words: a text the backbone rewrote is theirs, and shows as they wrote it.
extension IndicatorCatalog {
    public func name(code: String?, _ name: String, in language: SiteLanguage = .current) -> String {
        guard let (entry, words) = translation(code, language), name == entry.name else { return name }
        return words.name
    }

    public func definition(code: String?, _ definition: IndicatorDefinition, in language: SiteLanguage = .current) -> IndicatorDefinition {
        guard let (entry, words) = translation(code, language) else { return definition }
        var shown = definition
        func pick(_ text: String?, _ english: String?, _ translated: String?) -> String? {
            text != nil && text == english ? translated ?? text : text
        }
        shown.definition = pick(definition.definition, entry.definition, words.definition) ?? definition.definition
        shown.numeratorDefinition = pick(definition.numeratorDefinition, entry.numeratorDefinition, words.numeratorDefinition)
        shown.denominatorDefinition = pick(definition.denominatorDefinition, entry.denominatorDefinition, words.denominatorDefinition)
        shown.weightDefinition = pick(definition.weightDefinition, entry.weightDefinition, words.weightDefinition)
        return shown
    }

    public func dataSources(code: String?, _ text: String, in language: SiteLanguage = .current) -> String {
        guard let (entry, words) = translation(code, language), text == entry.dataSources else { return text }
        return words.dataSources ?? text
    }

    private func translation(_ code: String?, _ language: SiteLanguage) -> (CatalogEntry, CatalogEntry.Translation)? {
        guard language != .en, let code, let entry = entry(code: code), let words = entry.translations?[language.rawValue] else { return nil }
        return (entry, words)
    }
}

extension DisaggregationDimension {
    /// A standard breakdown in the reader's language, while it keeps its standard English words
    /// (an initiative may rename its categories; then they show as it wrote them).
    public func localized(_ t: Texts = .current) -> DisaggregationDimension {
        guard t.language != .en, let standard = Self.standard.first(where: { $0.key == key }) else { return self }
        let englishLabels = Dictionary(uniqueKeysWithValues: standard.categories.map { ($0.key, $0.label) })
        return DisaggregationDimension(
            key: key, name: name == standard.name ? t("dimension.\(key)") : name,
            categories: categories.map { category in
                englishLabels[category.key] == category.label ? .init(key: category.key, label: t("dimension.\(key).\(category.key)")) : category
            })
    }
}
