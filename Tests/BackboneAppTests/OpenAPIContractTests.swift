@testable import BackboneApp
import Foundation
import Testing
import VaporTesting

/// The OpenAPI document is written by hand; these tests hold it and the routes together.
@Suite("OpenAPI document matches the routes")
struct OpenAPIContractTests {
    /// "METHOD /path/{param}" for every operation in the document (two-space paths, four-space methods).
    static func documentedOperations() -> Set<String> {
        var operations = Set<String>()
        var currentPath: String?
        for line in Resources.openAPI.split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = line.wholeMatch(of: #/\ \ (/[^:]+):\s*/#) {
                currentPath = String(match.1)
            } else if let match = line.wholeMatch(of: #/\ {4}(get|post|put|patch|delete):\s*/#), let currentPath {
                operations.insert("\(match.1.uppercased()) \(currentPath)")
            } else if !line.hasPrefix(" ") && !line.isEmpty {
                currentPath = nil
            }
        }
        return operations
    }

    @Test("every /api/v1 route is documented, and every documented operation exists")
    func routesMatch() async throws {
        try await withBackbone { app in
            let served = Set(app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                return path.hasPrefix("/api/v1/") ? "\(route.method.rawValue) \(path)" : nil
            })
            let documented = Self.documentedOperations()
            #expect(!documented.isEmpty)
            #expect(served == documented, "undocumented: \(served.subtracting(documented)); missing: \(documented.subtracting(served))")
        }
    }

    @Test("the document is served as YAML at /api/openapi.yaml")
    func served() async throws {
        try await withBackbone { app in
            try await app.testing().test(.GET, "/api/openapi.yaml") { res in
                #expect(res.status == .ok)
                #expect(res.text.hasPrefix("openapi: 3.1"))
                #expect(res.headers.first(name: .contentType)?.hasPrefix("application/yaml") == true)
            }
        }
    }

    @Test("documented roles and sectors are exactly the ones the code knows")
    func enumsMatch() {
        let text = Resources.openAPI
        for role in BackboneDomainRoles.all { #expect(text.contains(role), "role \(role)") }
        for sector in BackboneDomainRoles.sectors { #expect(text.contains(sector), "sector \(sector)") }
    }
}

import BackboneDomain
enum BackboneDomainRoles {
    static let all = Role.allCases.map(\.rawValue)
    static let sectors = Sector.allCases.map(\.rawValue)
}
