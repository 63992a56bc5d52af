import Foundation

extension DisaggregationDimension {
    /// Column names of the long CSV format; a dimension key is a column too, so it may not be one of these.
    public static let reservedKeys: Set<String> = ["indicator_code", "partner", "period", "value", "numerator", "denominator",
                                                   "weight", "comment", "total"]
    public static let maximumCategories = 40

    /// A dimension the backbone adds: a name and its categories one per line, in display order.
    /// Keys are derived from the labels (they are the CSV column and cell names), so they must
    /// come out distinct and must not collide with the initiative's other dimensions.
    public static func draft(name rawName: String, categoryLines: String,
                             existing: [DisaggregationDimension]) throws -> DisaggregationDimension {
        var errors = FieldErrors()
        let name = rawName.trimmed
        let key = Self.key(from: name, separator: "_")
        if name.isEmpty {
            errors.add("name", Texts.current("error.giveBreakdownNameSuch"))
        } else if name.count > 80 {
            errors.add("name", Texts.current("error.keepNameUnderCharacters"))
        } else if key.isEmpty || key.first!.isNumber {
            errors.add("name", Texts.current("error.startNameWithLetter"))
        } else if reservedKeys.contains(key) {
            errors.add("name", Texts.current("error.columnCsvFilesAlready", ["name": "\(name)"]))
        } else if let clash = existing.first(where: { $0.key == key || $0.name.lowercased() == name.lowercased() }) {
            errors.add("name", Texts.current("error.initiativeAlreadyHasBreakdown", ["name": "\(clash.name)"]))
        }

        let labels = categoryLines.split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
        var categories: [Category] = []
        var seen: [String: String] = [:]
        for label in labels {
            let categoryKey = Self.key(from: label, separator: "-")
            if label.count > 80 {
                errors.add("categories", Texts.current("error.keepEachCategoryUnder", ["label": "\(label.prefix(30))"]))
            } else if categoryKey.isEmpty {
                errors.add("categories", Texts.current("error.needsLeastOneLetter", ["label": "\(label)"]))
            } else if let earlier = seen[categoryKey] {
                errors.add("categories", Texts.current("error.sameCategory", ["label": "\(label)", "earlier": "\(earlier)"]))
            }
            seen[categoryKey] = seen[categoryKey] ?? label
            categories.append(Category(key: categoryKey, label: label))
        }
        if labels.count < 2 {
            errors.add("categories", Texts.current("error.listLeastTwoCategories"))
        } else if labels.count > maximumCategories {
            errors.add("categories", Texts.current("error.breakdownHasMostCategories", ["maximumCategories": "\(maximumCategories)", "labels": "\(labels.count)"]))
        }
        try errors.throwIfAny()
        return DisaggregationDimension(key: key, name: name, categories: categories)
    }

    /// Lower-case ASCII letters and digits, every other run of characters one separator;
    /// accents are folded first so "Años" and "Anos" give the same key.
    static func key(from label: String, separator: Character) -> String {
        let folded = label.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var key = ""
        for character in folded {
            if character.isASCII, character.isLetter || character.isNumber {
                key.append(character)
            } else if let last = key.last, last != separator {
                key.append(separator)
            }
        }
        key = String(key.prefix(32))
        while key.last == separator { key.removeLast() }
        return key
    }

    /// Whether a stored or imported dimension has keys the rest of the system can use.
    public var hasUsableKeys: Bool {
        key.wholeMatch(of: /[a-z][a-z0-9_]{0,31}/) != nil && !Self.reservedKeys.contains(key)
            && !categories.isEmpty && categories.count <= Self.maximumCategories
            && categories.allSatisfy { $0.key.wholeMatch(of: /[a-z0-9][a-z0-9-]{0,31}/) != nil && !$0.label.trimmed.isEmpty }
            && Set(categories.map(\.key)).count == categories.count
    }
}
