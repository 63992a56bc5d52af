import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Vapor

/// `backbone-bench publish`: makes every indicator of the benchmark initiative public, with every
/// breakdown and by partner (the first ten partners agreeing to be named), so the benchmark can
/// measure the public page and the work of suppression at scale. Replaces earlier choices.
struct PublishCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Publishes every indicator of the benchmark initiative." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let initiative = try await InitiativeRepository(db: app.db).find(slug: LargeInitiative.slug) else {
            throw ForgetCommand.Failure(description: "This database holds no benchmark initiative.")
        }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let publishing = PublishingRepository(db: app.db, scope: scope)
        let known = try await IndicatorRepository(db: app.db, scope: scope).listing().compactMap { entry in
            entry.indicator.id.map { PublishingChoices.Known(id: $0, code: entry.indicator.code, rule: entry.current.definition.aggregation,
                                                              frequency: entry.indicator.parsedFrequency, dimensionKeys: entry.indicator.dimensionKeyList) }
        }
        let choices = PublishingChoices(isPublic: true, indicators: known.filter { PublicIndicatorSource.isPublishable($0.rule) }.map {
            PublicIndicatorChoice(indicatorID: $0.id, breakdowns: $0.dimensionKeys, byPartner: true)
        })
        let revision = try await publishing.choices().revision
        try await publishing.save(try choices.validated(known: known), expectedRevision: Revision(revision) ?? .none, userID: nil, now: Date())
        let partners = try await OrganizationRepository(db: app.db, scope: scope).all().filter { !$0.isBackbone }.prefix(10)
        for partner in partners {
            try await publishing.recordConsent(organizationID: try partner.requireID(), given: true, userID: nil, now: Date())
        }
        let cells = known.reduce(0) { $0 + $1.dimensionKeys.count }
        context.console.print("published \(choices.indicators.count) indicators (\(cells) breakdowns in all), \(partners.count) partners named")
    }
}
