import Foundation
import Testing

/// Plot writes attribute values as given, so a value that holds user input must pass through
/// `escapedAttribute`. This reads every view and controller and fails on any attribute whose
/// value is neither a plain string literal, a `SiteURL` path (percent-encoded by construction)
/// nor escaped, so a raw attribute cannot come back unnoticed.
@Suite struct AttributeEscapingTests {
    static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/BackboneApp")

    @Test func everyAttributeValueIsALiteralAPathOrEscaped() throws {
        // setup
        var files: [URL] = []
        for folder in ["Views", "Controllers"] {
            let directory = Self.sourceRoot.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
            while let file = enumerator?.nextObject() as? URL {
                if file.pathExtension == "swift" { files.append(file) }
            }
        }
        #expect(files.count > 20, "the views were not found at \(Self.sourceRoot.path)")
        // act
        var raw: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for expression in AttributeScanner.unescapedValues(in: text) {
                raw.append("\(file.lastPathComponent): \(expression)")
            }
        }
        // verify
        #expect(raw.isEmpty, "attribute values written raw:\n\(raw.joined(separator: "\n"))")
    }

    @Test func theScannerCatchesARawValueAndPassesSafeOnes() {
        #expect(AttributeScanner.unescapedValues(in: #".input(.name("revision"), .value(posted["revision"] ?? ""))"#) == [#"posted["revision"] ?? """#])
        #expect(AttributeScanner.unescapedValues(in: #".a(.href("/x?\(query)"))"#) == [#""/x?\(query)""#])
        #expect(AttributeScanner.unescapedValues(in: #".attribute(named: "aria-label", value: name)"#) == ["name"])
        #expect(AttributeScanner.unescapedValues(in: #".data(named: "live-url", value: url)"#) == ["url"])
        #expect(AttributeScanner.unescapedValues(in: #"(.ariaLabel(access.initiative.name)"#) == ["access.initiative.name"])
        #expect(AttributeScanner.unescapedValues(in: #".input(.value(escapedAttribute(posted["revision"] ?? "")), .class("field"))"#).isEmpty)
        #expect(AttributeScanner.unescapedValues(in: #".form(.action(SiteURL.meetings(slug: access.slug).path), .method(.post))"#).isEmpty)
        #expect(AttributeScanner.unescapedValues(in: #"names.name(of: id)"#).isEmpty)
        #expect(AttributeScanner.unescapedValues(in: #"(.class(error == nil ? "field" : "field has-error")"#).isEmpty)
        #expect(AttributeScanner.unescapedValues(in: #"(.class(a ? name : b ? "x" : nil)"#) == [#"a ? name : b ? "x" : nil"#])
    }
}

/// Finds Plot attribute modifiers (`.value(…)`, `.href(…)`, `attribute(named:value:)`…) and
/// answers the value expressions that are not known to be safe.
enum AttributeScanner {
    static let modifiers = ["value", "href", "src", "alt", "placeholder", "action", "content", "id", "class", "for", "name", "title", "ariaLabel"]

    static func unescapedValues(in text: String) -> [String] {
        let characters = Array(text)
        var found: [String] = []
        var index = 0
        while index < characters.count {
            guard let start = valueStart(characters, at: index) else { index += 1; continue }
            guard let end = closingParenthesis(characters, from: start) else { break }
            // `ignoreIfValueIsEmpty:` is a flag beside the value, not part of it.
            let expression = String(characters[start..<end]).replacingOccurrences(of: #",\s*ignoreIfValueIsEmpty: \w+$"#, with: "", options: .regularExpression)
                .trimmingCharacters(in: .whitespaces)
            if !isSafe(expression) { found.append(expression) }
            index = end
        }
        return found
    }

    /// Where the value of an attribute modifier starting at `index` begins, if one starts there.
    private static func valueStart(_ characters: [Character], at index: Int) -> Int? {
        let rest = String(characters[index..<min(characters.count, index + 60)])
        for named in ["attribute(named: \"", "data(named: \""] where rest.hasPrefix(named) {
            guard let quote = rest.dropFirst(named.count).firstIndex(of: "\"") else { return nil }
            let afterName = rest.distance(from: rest.startIndex, to: quote) + 1
            return rest.dropFirst(afterName).hasPrefix(", value: ") ? index + afterName + 9 : nil
        }
        guard characters[index] == ".", index > 0, [" ", "(", ",", "["].contains(characters[index - 1]) else { return nil }
        for name in modifiers where rest.dropFirst().hasPrefix(name + "(") {
            let start = index + name.count + 2
            let argument = String(characters[start..<min(characters.count, start + 30)])
            // `.name(of: x)` is a method, `.value(.post)` an enum case: not attribute values.
            if argument.range(of: #"^\s*\w+:"#, options: .regularExpression) != nil || argument.hasPrefix(".") { return nil }
            return start
        }
        return nil
    }

    private static func closingParenthesis(_ characters: [Character], from start: Int) -> Int? {
        var depth = 1
        var inString = false
        var interpolation: [Int] = []
        var index = start
        while index < characters.count {
            let character = characters[index]
            if inString {
                if character == "\\", index + 1 < characters.count {
                    if characters[index + 1] == "(" { interpolation.append(depth); depth += 1; inString = false; index += 2; continue }
                    index += 2; continue
                }
                if character == "\"" { inString = false }
            } else {
                switch character {
                case "\"": inString = true
                case "(": depth += 1
                case ")":
                    depth -= 1
                    if let open = interpolation.last, depth == open { interpolation.removeLast(); inString = true }
                    else if depth == 0 { return index }
                default: break
                }
            }
            index += 1
        }
        return nil
    }

    private static func isSafe(_ expression: String) -> Bool {
        let literal = #"^"([^"\\]|\\[^(])*"$"#
        // A choice between plain literals: the condition itself never reaches the page.
        let choice = #"^((?! \? | : ).)+ \? ("[^"\\]*"|nil) : ("[^"\\]*"|nil)$"#
        let path = #"^SiteURL\.[\w.]+(\((?:[^()]|\([^()]*\))*\))?\.path( \+ "[^"\\]*")?$"#
        return expression == "nil" || expression.hasPrefix("escapedAttribute(")
            || expression.range(of: literal, options: .regularExpression) != nil
            || expression.range(of: choice, options: .regularExpression) != nil
            || expression.range(of: path, options: .regularExpression) != nil
    }
}
