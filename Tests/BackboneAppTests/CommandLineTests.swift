@testable import BackboneApp
import Foundation
import Testing

@Suite("Command line and the server lock")
struct CommandLineTests {
    @Test("help is answered before anything is set up; an unknown command is refused with the list")
    func help() {
        #expect(CommandLineHelp.answer(["backbone", "--help"]) == .help)
        #expect(CommandLineHelp.answer(["backbone", "-h"]) == .help)
        #expect(CommandLineHelp.answer(["backbone", "help"]) == .help)
        #expect(CommandLineHelp.answer(["backbone", "serve", "--help"]) == .help)
        #expect(CommandLineHelp.answer(["backbone", "frobnicate"]) == .unknown("frobnicate"))
        #expect(CommandLineHelp.answer(["backbone"]) == .run)
        #expect(CommandLineHelp.answer(["backbone", "serve", "--port", "8080"]) == .run)
        #expect(CommandLineHelp.answer(["backbone", "rebuild-aggregates"]) == .run)
        for command in ["serve", "migrate", "create-admin", "backup", "rebuild-aggregates"] {
            #expect(CommandLineHelp.text.contains("  \(command)"))
        }
    }

    @Test("one server per SQLite file: a second lock on the same file is refused, saying to use PostgreSQL, and the lock ends with its holder")
    func serverLock() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path + ".lock") }
        var first: ServerLock? = try ServerLock(databasePath: path)
        let refused = #expect(throws: ServerLock.Taken.self) { try ServerLock(databasePath: path) }
        #expect(refused?.description.contains("use PostgreSQL") == true)
        #expect(first != nil)
        first = nil
        #expect(throws: Never.self) { _ = try ServerLock(databasePath: path) }
    }
}
