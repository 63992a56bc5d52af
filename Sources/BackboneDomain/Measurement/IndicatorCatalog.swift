import Foundation

/// One indicator of the starter catalog (or of a catalog exported by another initiative).
public struct CatalogEntry: Codable, Equatable, Sendable {
    /// Population indicators describe a whole place; performance measures describe a program:
    /// how much was done, how well, and whether anyone is better off.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case population
        case performanceHowMuch = "performance_how_much"
        case performanceHowWell = "performance_how_well"
        case performanceBetterOff = "performance_better_off"

        public var isPopulation: Bool { self == .population }
    }

    public var code: String
    public var area: String
    public var kind: Kind
    public var name: String
    public var definition: String
    public var unit: MeasurementUnit
    public var aggregation: AggregationRule
    public var numeratorDefinition: String?
    public var denominatorDefinition: String?
    public var weightDefinition: String?
    public var minimum: Double?
    public var maximum: Double?
    public var polarity: Polarity
    public var scope: ReportingScope
    public var frequency: Frequency
    public var suggestedDimensions: [String]
    public var dataSources: String
    /// The entry's words in other languages, by language code ("es"); English is the entry itself.
    public var translations: [String: Translation]?

    /// What a reader of another language sees of the entry; a text left out stays in English.
    public struct Translation: Codable, Equatable, Sendable {
        public var name: String
        public var definition: String
        public var dataSources: String?
        public var numeratorDefinition: String?
        public var denominatorDefinition: String?
        public var weightDefinition: String?

        public init(name: String, definition: String, dataSources: String? = nil, numeratorDefinition: String? = nil,
                    denominatorDefinition: String? = nil, weightDefinition: String? = nil) {
            self.name = name
            self.definition = definition
            self.dataSources = dataSources
            self.numeratorDefinition = numeratorDefinition
            self.denominatorDefinition = denominatorDefinition
            self.weightDefinition = weightDefinition
        }

        /// Checks what a person typed: a name, short enough texts, no control characters.
        public func validate() throws {
            var errors = FieldErrors()
            if name.trimmed.isEmpty { errors.add("name", Texts.current("error.everyIndicatorNeedsName")) }
            if name.count > 120 { errors.add("name", Texts.current("error.keepNameUnderCharacters2")) }
            for (field, text) in [("definition", definition), ("numeratorDefinition", numeratorDefinition ?? ""),
                                  ("denominatorDefinition", denominatorDefinition ?? ""), ("weightDefinition", weightDefinition ?? "")] {
                if text.count > 2_000 { errors.add(field, Texts.current("error.translationTooLong")) }
                if text.containsUnshowableCharacters {
                    errors.add(field, Texts.current("error.containsCharactersThatCannot2"))
                }
            }
            try errors.throwIfAny()
        }
    }

    public init(code: String, area: String, kind: Kind, name: String, definition: String, unit: MeasurementUnit,
                aggregation: AggregationRule, numeratorDefinition: String?, denominatorDefinition: String?,
                weightDefinition: String?, minimum: Double?, maximum: Double?, polarity: Polarity, scope: ReportingScope,
                frequency: Frequency, suggestedDimensions: [String], dataSources: String) {
        self.code = code
        self.area = area
        self.kind = kind
        self.name = name
        self.definition = definition
        self.unit = unit
        self.aggregation = aggregation
        self.numeratorDefinition = numeratorDefinition
        self.denominatorDefinition = denominatorDefinition
        self.weightDefinition = weightDefinition
        self.minimum = minimum
        self.maximum = maximum
        self.polarity = polarity
        self.scope = scope
        self.frequency = frequency
        self.suggestedDimensions = suggestedDimensions
        self.dataSources = dataSources
    }

    /// Checks what an indicator needs whichever way it arrives: adopted, typed in a form, or imported.
    public func validate() throws {
        var errors = FieldErrors()
        if code.wholeMatch(of: /[A-Z0-9][A-Z0-9-]{1,31}/) == nil {
            errors.add("code", Texts.current("error.codesAreCapitalLetters"))
        }
        if name.trimmed.isEmpty { errors.add("name", Texts.current("error.everyIndicatorNeedsName")) }
        if name.count > 120 { errors.add("name", Texts.current("error.keepNameUnderCharacters2")) }
        if scope == .population, !kind.isPopulation {
            errors.add("scope", Texts.current("error.programPerformanceMeasureReported"))
        }
        do { try indicatorDefinition.validate() } catch let problems as FieldErrors {
            for (field, message) in problems.messages { errors.add(field, message) }
        }
        try errors.throwIfAny()
    }

    public var indicatorDefinition: IndicatorDefinition {
        IndicatorDefinition(definition: definition, unit: unit, aggregation: aggregation,
                            numeratorDefinition: numeratorDefinition, denominatorDefinition: denominatorDefinition,
                            weightDefinition: weightDefinition, minimum: minimum, maximum: maximum)
    }
}

/// A list of catalog entries, as shipped and as exchanged between initiatives (JSON).
public struct IndicatorCatalog: Codable, Equatable, Sendable {
    public var formatVersion: Int
    public var entries: [CatalogEntry]
    /// Breakdowns the entries use beyond the standard ones, so the importing initiative can add them.
    public var dimensions: [DisaggregationDimension]?

    public init(entries: [CatalogEntry], dimensions: [DisaggregationDimension] = []) {
        formatVersion = 1
        self.entries = entries
        self.dimensions = dimensions.isEmpty ? nil : dimensions
    }

    /// The catalog shipped with Backbone.
    public static let starter: IndicatorCatalog = {
        guard let url = Bundle.module.url(forResource: "indicator-catalog", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let catalog = try? IndicatorCatalog.decode(data)
        else { fatalError("the shipped indicator catalog is missing or invalid") }
        return catalog
    }()

    public func entry(code: String) -> CatalogEntry? { entries.first { $0.code == code } }

    /// Reads and checks a catalog file. Every problem is reported with the entry it is in.
    public static func decode(_ data: Data) throws -> IndicatorCatalog {
        let catalog: IndicatorCatalog
        do {
            catalog = try JSONDecoder().decode(IndicatorCatalog.self, from: data)
        } catch let error as DecodingError {
            throw FieldErrors("file", Texts.current("error.notBackboneIndicatorCatalog", ["describe": "\(describe(error))"]))
        }
        var errors = FieldErrors()
        if catalog.formatVersion != 1 { errors.add("formatVersion", Texts.current("error.unknownCatalogFormat", ["formatVersion": "\(catalog.formatVersion)"])) }
        var seen = Set<String>()
        for (index, dimension) in (catalog.dimensions ?? []).enumerated() where !dimension.hasUsableKeys {
            errors.add("dimensions[\(index)]", Texts.current("error.breakdownHasKeysBackbone", ["name": "\(dimension.name)"]))
        }
        let dimensions = Set((DisaggregationDimension.standard + (catalog.dimensions ?? [])).map(\.key))
        for (index, entry) in catalog.entries.enumerated() {
            let place = "entries[\(index)]"
            if !seen.insert(entry.code).inserted { errors.add("\(place).code", Texts.current("error.codeAppearsTwice", ["code": "\(entry.code)"])) }
            do { try entry.validate() } catch let problems as FieldErrors {
                for (field, message) in problems.messages { errors.add("\(place).\(field)", message) }
            }
            for key in entry.suggestedDimensions where !dimensions.contains(key) {
                errors.add("\(place).suggestedDimensions", Texts.current("error.unknownDimension", ["value": "\(key)"]))
            }
        }
        try errors.throwIfAny()
        return catalog
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): "'\(key.stringValue)' is missing at \(path(context))."
        case .typeMismatch(_, let context), .valueNotFound(_, let context): "wrong or missing value at \(path(context))."
        case .dataCorrupted(let context): context.codingPath.isEmpty ? "the file is not valid JSON." : "\(context.debugDescription) at \(path(context))."
        @unknown default: "it could not be read."
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return keys.isEmpty ? "the top" : String(keys.drop { $0 == "." })
    }
}
