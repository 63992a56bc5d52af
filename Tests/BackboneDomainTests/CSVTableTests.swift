import BackboneDomain
import Foundation
import Testing

@Suite("Reading CSV files")
struct CSVTableTests {
    @Test("BOM, semicolons, CRLF, quoted delimiters, quotes and line breaks")
    func tolerant() throws {
        let text = "\u{FEFF}Indicator_Code;Partner;Value;Comment\r\nPM-SERVED;\"Boys; Girls\";12;\"said \"\"hi\"\"\r\nnext line\"\r\n\r\nPM-SESSIONS;Harbor Reads;3;\r\n"
        let table = try CSVTable.parse(Data(text.utf8))
        #expect(table.delimiter == ";")
        #expect(table.header == ["indicator_code", "partner", "value", "comment"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0].fields == ["PM-SERVED", "Boys; Girls", "12", "said \"hi\"\r\nnext line"])
        #expect(table.rows[0].line == 2)
        #expect(table.rows[1].line == 5)
        #expect(table.value("partner", in: table.rows[1]) == "Harbor Reads")
    }

    @Test("ragged rows, stray quotes, open quotes, binary data, bad encoding and emptiness are refused with a line")
    func strict() {
        func problem(_ data: Data) -> CSVTable.Problem? {
            do { _ = try CSVTable.parse(data); return nil } catch let p as CSVTable.Problem { return p } catch { return nil }
        }
        #expect(problem(Data("a,b\n1,2,3\n".utf8))?.line == 2)
        #expect(problem(Data("a,b\n1,x\"y\n".utf8))?.line == 2)
        #expect(problem(Data("a,b\n1,\"open\n".utf8))?.message.contains("never closed") == true)
        #expect(problem(Data([0x61, 0x2C, 0x00, 0x0A]))?.message.contains("binary") == true)
        #expect(problem(Data([0x61, 0x2C, 0xFF, 0xFE, 0x0A]))?.message.contains("UTF-8") == true)
        #expect(problem(Data("   \n".utf8))?.message.contains("empty") == true)
        #expect(problem(Data(repeating: 0x61, count: CSVTable.maximumBytes + 1))?.message.contains("larger") == true)
    }

    @Test("written files read back the same, and formulas are neutralized")
    func roundTrip() throws {
        let rows = [["PM-SERVED", "Boys, Girls", "=SUM(A1)", "two\nlines"]]
        let text = CSVTable.write(header: ["indicator_code", "partner", "value", "comment"], rows: rows)
        let table = try CSVTable.parse(Data(text.utf8))
        #expect(table.rows[0].fields == ["PM-SERVED", "Boys, Girls", "'=SUM(A1)", "two\nlines"])
    }
}
