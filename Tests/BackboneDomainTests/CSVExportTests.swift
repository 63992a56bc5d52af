import BackboneDomain
import Foundation
import Testing

@Suite("CSV exports: safe in spreadsheets, exact in numbers")
struct CSVExportTests {
    @Test("text a spreadsheet would run as a formula is made inert; quotes, commas and line breaks are quoted")
    func formulas() {
        let csv = CSVExport.document(header: ["name", "value"], rows: [
            [.text("=HYPERLINK(\"http://x\")"), .number(1)], [.text("+1"), .number(-2.5)], [.text("-3"), .number(nil)],
            [.text("@SUM(A1)"), .number(0)], [.text("\tTab"), .number(1e20)], [.text("\rCR"), .number(.nan)],
            [.text("Harbor, Reads \"East\"\nline two"), .number(12.25)], [.text("Niños"), .number(.infinity)],
        ])
        #expect(csv.hasPrefix("\u{FEFF}name,value\r\n"))
        let lines = csv.dropFirst().components(separatedBy: "\r\n")
        #expect(Array(lines.dropFirst()) == [
            "\"'=HYPERLINK(\"\"http://x\"\")\",1", "'+1,-2.5", "'-3,", "'@SUM(A1),0", "'\tTab,1e+20",
            "\"'\rCR\",", "\"Harbor, Reads \"\"East\"\"\nline two\",12.25", "Niños,", "",
        ])
    }

    @Test("every number written reads back as the same number")
    func numbersRoundTrip() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<2_000 {
            let value = Double.random(in: -1e12...1e12, using: &random) * (Bool.random(using: &random) ? 1 : 1e-9)
            let text = CSVExport.document(header: ["v"], rows: [[.number(value)]]).components(separatedBy: "\r\n")[1]
            #expect(Double(text) == value)
        }
    }
}
