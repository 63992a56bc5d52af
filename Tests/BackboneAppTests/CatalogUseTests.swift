import Foundation
import Testing

/// User-facing words live in the catalogs (Resources/i18n), never in views. This reads the views
/// and fails on a sentence written in code: text, labels, titles and hints given as a string
/// literal with a word in it. Views not yet moved to the catalog are listed in `notYetInCatalog`;
/// the list may only shrink (a listed view with no literal left fails too, so it is taken off).
@Suite struct CatalogUseTests {
    static let views = AttributeEscapingTests.sourceRoot.appendingPathComponent("Views")
    /// Controllers build a few small pages and the messages of their forms: the same rule holds.
    static let controllers = AttributeEscapingTests.sourceRoot.appendingPathComponent("Controllers")

    /// Views whose words are still in code (none: keep it so, or list one while it moves).
    static let notYetInCatalog: Set<String> = []

    @Test func viewsTakeTheirWordsFromTheCatalog() throws {
        let files = try [Self.views, Self.controllers].flatMap {
            try FileManager.default.contentsOfDirectory(at: $0, includingPropertiesForKeys: nil).filter { $0.pathExtension == "swift" }
        }
        #expect(files.count > 20, "the views were not found at \(Self.views.path)")
        var written: [String] = []
        var done: [String] = []
        for file in files {
            let found = Self.literals(in: try String(contentsOf: file, encoding: .utf8))
            if Self.notYetInCatalog.contains(file.lastPathComponent) {
                if found.isEmpty { done.append(file.lastPathComponent) }
            } else {
                written += found.map { "\(file.lastPathComponent): \($0)" }
            }
        }
        #expect(written.isEmpty, "words written in code instead of the catalog:\n\(written.joined(separator: "\n"))")
        #expect(done.isEmpty, "these views take all their words from the catalog now: take them off notYetInCatalog: \(done)")
    }

    @Test func theScannerFindsWordsAndLeavesKeysAndMarks() {
        #expect(Self.literals(in: #".h1(.text("Sign in to Backbone"))"#) == [#""Sign in to Backbone""#])
        #expect(Self.literals(in: #"Layout.page("Sign in", chrome,"#) == [#""Sign in""#])
        #expect(Self.literals(in: #"Field.text("email", "Email", value: email"#) == [#""Email""#])
        #expect(Self.literals(in: #".init(hint: "At least 12.")"#) == [#""At least 12.""#])
        #expect(Self.literals(in: #".ariaLabel("Account")"#) == [#""Account""#])
        #expect(Self.literals(in: #".h1(.text(t("login.heading"))), .text(": "), .text("◆"), .text("\(count)")"#).isEmpty)
        #expect(Self.literals(in: #"Field.text("email", t("field.email"), value: email"#).isEmpty)
        #expect(Self.literals(in: #".code(.text("Authorization: Bearer <token>"))"#).isEmpty)
    }

    /// String literals in the places a person reads: `.text(…)`, a page title, a field's label or
    /// hint, an ARIA label, a `title` attribute. Punctuation, marks and interpolations alone are
    /// not words, and code shown as code (`.code(.text("…"))`) is the same in every language.
    static func literals(in source: String) -> [String] {
        let source = source.replacing(#/\.code\(\.text\("(?:[^"\\]|\\.)*"\)/#, with: "")
        let patterns = [
            #/\.text\(("(?:[^"\\]|\\.)*")\)/#,
            #/Layout\.page\(("(?:[^"\\]|\\.)*")/#,
            #/Field\.\w+\("[^"]*",\s*("(?:[^"\\]|\\.)*")/#,
            #/hint:\s*("(?:[^"\\]|\\.)*")/#,
            #/\.ariaLabel\(("(?:[^"\\]|\\.)*")\)/#,
            #/named:\s*"(?:aria-label|title)",\s*value:\s*("(?:[^"\\]|\\.)*")/#,
        ]
        var found: [String] = []
        for pattern in patterns {
            for match in source.matches(of: pattern) {
                let literal = String(match.output.1)
                let words = literal.replacing(#/\\\([^)]*\)/#, with: "")
                if words.contains(where: { $0.isLetter }) { found.append(literal) }
            }
        }
        return found
    }
}
