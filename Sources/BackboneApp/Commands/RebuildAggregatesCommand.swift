import BackbonePersistence
import Fluent
import Vapor

/// `backbone rebuild-aggregates`: recomputes every stored aggregate from the raw figures. The
/// server keeps them current on every change; this is for repairs and after restoring figures
/// by hand. Each initiative is rebuilt in its own transaction, so readers never see it half done.
struct RebuildAggregatesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "initiative", help: "Rebuild only this initiative (its slug); default: all.")
        var initiative: String?
    }

    var help: String { "Recomputes every stored aggregate from the raw figures." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        var initiatives = try await InitiativeRepository(db: app.db).all()
        if let slug = signature.initiative {
            initiatives = initiatives.filter { $0.slug == slug }
            if initiatives.isEmpty { throw CommandFailure("There is no initiative with the slug '\(slug)'.") }
        }
        for initiative in initiatives {
            let started = Date()
            let repository = RollupRepository(db: app.db, scope: InitiativeScope(verifiedInitiativeID: try initiative.requireID()))
            let count = try await repository.rebuild()
            context.console.print("\(initiative.slug): \(count) aggregates in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
    }
}
