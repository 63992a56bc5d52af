import BackboneDomain
import Foundation
import Testing

@Suite("Permission matrix")
struct PermissionsTests {
    /// Reads the initiative-role table from docs/permissions.md.
    static func documentedMatrix() throws -> [String: [String: Bool]] {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/permissions.md")
        let lines = try String(contentsOf: docs, encoding: .utf8).split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("| action | backbone_admin") }) else { return [:] }
        let roles = cells(lines[header]).dropFirst()
        var matrix: [String: [String: Bool]] = [:]
        for line in lines[(header + 2)...] {
            guard line.hasPrefix("|") else { break }
            let row = cells(line)
            matrix[row[0]] = Dictionary(uniqueKeysWithValues: zip(roles, row.dropFirst().map { $0 == "✓" }))
        }
        return matrix
    }

    static func cells(_ line: String) -> [String] {
        line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("docs/permissions.md and the code say the same thing, for every role and action")
    func docsMatchCode() throws {
        let documented = try Self.documentedMatrix()
        #expect(Set(documented.keys) == Set(InitiativeAction.allCases.map(\.rawValue)))
        for action in InitiativeAction.allCases {
            for role in Role.allCases {
                #expect(documented[action.rawValue]?[role.rawValue] == Permissions.allows(role, action),
                        "\(role.rawValue) × \(action.rawValue)")
            }
        }
    }

    @Test("a platform administrator acts as backbone admin everywhere; others keep their membership role")
    func effectiveRole() {
        #expect(Permissions.effectiveRole(membershipRole: nil, isPlatformAdmin: true) == .backboneAdmin)
        #expect(Permissions.effectiveRole(membershipRole: .partnerViewer, isPlatformAdmin: true) == .backboneAdmin)
        #expect(Permissions.effectiveRole(membershipRole: .partnerViewer, isPlatformAdmin: false) == .partnerViewer)
        #expect(Permissions.effectiveRole(membershipRole: nil, isPlatformAdmin: false) == nil)
    }

    @Test("roles are ordered from most to least powerful")
    func roleOrder() {
        #expect(Role.allCases.sorted() == Role.allCases)
        #expect(Role.backboneAdmin < Role.partnerViewer)
    }
}
