import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Vapor

/// `backbone-bench govern`: gives the benchmark initiative what a periodic assessment reads:
/// four working groups, each owning a strategy that leads to an outcome measured by a quarter of
/// the indicators, with every partner seated in one of them. Once: a database that has the groups
/// keeps them.
struct GovernCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    static let groups = 4

    var help: String { "Sets up the benchmark initiative's working groups." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let initiative = try await InitiativeRepository(db: app.db).find(slug: LargeInitiative.slug) else {
            throw ForgetCommand.Failure(description: "This database holds no benchmark initiative.")
        }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let governance = GovernanceRepository(db: app.db, scope: scope)
        if try await governance.bodies().contains(where: { $0.name == "Bench group 1" }) {
            context.console.print("working groups already set up")
            return
        }
        let theory = TheoryOfChangeRepository(db: app.db, scope: scope)
        let indicators = try await IndicatorRepository(db: app.db, scope: scope).listing().map(\.indicator).sorted { $0.code < $1.code }
        let partners = try await OrganizationRepository(db: app.db, scope: scope).all().filter { !$0.isBackbone }.sorted { $0.name < $1.name }
        let now = Date()
        for group in 0..<Self.groups {
            let body = try await governance.createBody(kind: .workingGroup, name: "Bench group \(group + 1)",
                                                       charter: Charter(purpose: "Moves a quarter of the indicators.", scope: "", decisionRights: ""),
                                                       userID: nil, now: now)
            let strategy = try await theory.addNode(kind: .strategy, title: "Bench strategy \(group + 1)", description: "", now: now).requireID()
            let outcome = try await theory.addNode(kind: .outcome, title: "Bench outcome \(group + 1)", description: "", now: now).requireID()
            try await theory.link(from: strategy, to: outcome)
            for (index, indicator) in indicators.enumerated() where index % Self.groups == group {
                try await theory.attach(indicatorID: indicator.requireID(), to: outcome)
            }
            try await governance.assign(strategyID: strategy, to: try body.requireID())
            for (index, partner) in partners.enumerated() where index % Self.groups == group {
                try await governance.addMember(to: try body.requireID(), .init(name: "Member of \(partner.name)", organizationID: try partner.requireID(),
                                                                                userID: nil, role: .member, termStart: "2020-01-01", termEnd: ""))
            }
        }
        context.console.print("\(Self.groups) working groups, \(indicators.count) indicators and \(partners.count) partners among them")
    }
}
