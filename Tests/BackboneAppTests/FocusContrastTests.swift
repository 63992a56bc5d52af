@testable import BackboneApp
import Foundation
import Testing

/// The focus ring must stand out (3:1 or more) from whatever it is drawn against, so that a
/// keyboard user always sees where they are.
@Suite("Focus ring contrast")
struct FocusContrastTests {
    /// "#rrggbb" → relative luminance, as WCAG defines it.
    static func luminance(_ hex: String) throws -> Double {
        let digits = try #require(hex.wholeMatch(of: /#([0-9a-fA-F]{6})/)).1
        let value = try #require(Int(digits, radix: 16))
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xff) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    static func contrast(_ a: String, _ b: String) throws -> Double {
        let (la, lb) = (try luminance(a), try luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// The stylesheet's colour variables.
    static func variables() -> [String: String] {
        Dictionary(Resources.stylesheet.matches(of: /--([a-z-]+):\s*(#[0-9a-fA-F]{6});/).map { (String($0.1), String($0.2)) },
                   uniquingKeysWith: { a, _ in a })
    }

    @Test("the page's ring keeps 3:1 against every light background of the stylesheet; the header's against the header")
    func everyBackground() throws {
        // Legend swatches are small marks of colour that nothing focusable sits on.
        let css = Resources.stylesheet.split(separator: "\n").filter { !$0.hasPrefix(".swatch") }.joined(separator: "\n")
        let colours = Self.variables()
        let ring = try #require(colours["focus-ring"]), headerRing = try #require(colours["focus"])
        // Every background the stylesheet paints, by variable or literally, except the dark ones
        // that only the header uses (checked against the header's own ring).
        var backgrounds = Set(css.matches(of: /background: var\(--([a-z-]+)\)/).compactMap { colours[String($0.1)] })
        backgrounds.formUnion(css.matches(of: /background: (#[0-9a-fA-F]{6})/).map { String($0.1) })
        let dark = try Set(backgrounds.filter { try Self.luminance($0) < 0.2 })
        #expect(!backgrounds.subtracting(dark).isEmpty)
        for background in backgrounds.subtracting(dark) {
            let ratio = try Self.contrast(ring, background)
            #expect(ratio >= 3, "focus ring \(ring) on \(background): \(ratio)")
        }
        #expect(try Self.contrast(headerRing, try #require(colours["brand-dark"])) >= 3)
        #expect(css.contains(":focus-visible { outline: 3px solid var(--focus-ring)"))
        #expect(css.contains(".site-header :focus-visible { outline-color: var(--focus); }"))
        #expect(!css.contains("stroke: var(--focus);"), "diagram focus uses the page's ring")
    }
}
