import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Vapor

/// `backbone-bench adversarial`: an initiative built to break disclosure control, for the audit
/// in CI: monthly counts of one to four people per cell, partners of one or two people, breakdowns
/// some partners leave out, a ratio whose complements are small, some partners named and the
/// rest behind "other partners", every level public. Its public results must still leave every
/// hidden cell at least k wide.
struct AdversarialCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "months") var months: Int?
        @Option(name: "seed") var seed: Int?
    }

    static let slug = "adversarial"

    var help: String { "Writes a small initiative of tiny counts whose public results the disclosure audit checks." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let now = Date()
        let db = app.db
        guard try await InitiativeRepository(db: db).find(slug: Self.slug) == nil else {
            throw GenerateCommand.Failure(description: "This database already holds the adversarial initiative; start from an empty file.")
        }
        var random = SeededRandom(seed: UInt64(signature.seed ?? 17))
        let initiative = InitiativeModel(slug: Self.slug, name: "Adversarial disclosure test", place: "Nowhere",
                                         problemStatement: "Tiny counts everywhere.", createdAt: now)
        try await initiative.create(on: db)
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let partners = (0..<8).map { index in
            OrganizationModel(initiativeID: scope.initiativeID, name: "Small partner \(index + 1)", sector: .nonprofit,
                              isBackbone: index == 0, website: "", description: "", createdAt: now)
        }
        try await GenerateCommand().create(partners, on: db)
        let repository = IndicatorRepository(db: db, scope: scope)
        let dimensions = try await repository.dimensions().filter { ["gender", "race_ethnicity"].contains($0.key) }
        let entries = [
            CatalogEntry(code: "ADV-COUNT", area: "Test", kind: .performanceHowMuch, name: "People helped", definition: "People helped in the month.",
                         unit: .count, aggregation: .sum, numeratorDefinition: nil, denominatorDefinition: nil, weightDefinition: nil,
                         minimum: 0, maximum: nil, polarity: .higherIsBetter, scope: .partners, frequency: .monthly,
                         suggestedDimensions: dimensions.map(\.key), dataSources: "Generated"),
            CatalogEntry(code: "ADV-RATIO", area: "Test", kind: .performanceHowWell, name: "People who finished", definition: "Share who finished.",
                         unit: .percent, aggregation: .ratio, numeratorDefinition: "people who finished", denominatorDefinition: "people enrolled",
                         weightDefinition: nil, minimum: nil, maximum: nil, polarity: .higherIsBetter, scope: .partners, frequency: .monthly,
                         suggestedDimensions: ["gender"], dataSources: "Generated"),
            CatalogEntry(code: "ADV-QUARTER", area: "Test", kind: .performanceHowMuch, name: "Homes found", definition: "Homes found in the quarter.",
                         unit: .count, aggregation: .sum, numeratorDefinition: nil, denominatorDefinition: nil, weightDefinition: nil,
                         minimum: 0, maximum: nil, polarity: .higherIsBetter, scope: .partners, frequency: .quarterly,
                         suggestedDimensions: ["race_ethnicity"], dataSources: "Generated"),
        ]
        var indicators: [IndicatorModel] = []
        for entry in entries { indicators.append(try await repository.adopt(entry, now: now)) }
        var assignments: [AssignmentModel] = []
        for (index, indicator) in indicators.enumerated() {
            for (partnerIndex, partner) in partners.enumerated() where index != 2 || partnerIndex % 2 == 0 {
                let assignment = AssignmentModel()
                assignment.initiativeID = scope.initiativeID
                assignment.indicatorID = try indicator.requireID()
                assignment.organizationID = try partner.requireID()
                assignment.dimensionKeys = entries[index].suggestedDimensions.joined(separator: ",")
                assignment.createdAt = now
                assignments.append(assignment)
            }
        }
        try await GenerateCommand().create(assignments, on: db)

        // Every partner's approved reports: tiny counts, split over the breakdowns (or left out).
        let lastMonth = ReportingPeriod.containing(now, frequency: .monthly).previous
        let months = (0..<(signature.months ?? 18)).reversed().map { lastMonth.shifted(by: -$0) }
        let lastQuarter = ReportingPeriod.containing(now, frequency: .quarterly).previous
        let quarters = (0..<6).reversed().map { lastQuarter.shifted(by: -$0) }
        var rows: [[any SQLExpression]] = []
        var submissions: [SubmissionModel] = []
        for (partnerIndex, partner) in partners.enumerated() {
            for period in months + quarters {
                let submission = SubmissionModel(initiativeID: scope.initiativeID, organizationID: try partner.requireID(), periodKey: period.key, now: period.end)
                submission.id = UUID()
                submission.status = SubmissionStatus.approved.rawValue
                submission.revision = 1
                submission.submittedAt = period.end
                submission.reviewedAt = period.end
                submissions.append(submission)
                for (index, indicator) in indicators.enumerated() where assignments.contains(where: { $0.indicatorID == indicator.id && $0.organizationID == partner.id })
                    && (entries[index].frequency == period.frequency) {
                    // Partners 1 and 2 are one or two people; the rest a handful.
                    let size = partnerIndex < 2 ? Int.random(in: 0...2, using: &random) : Int.random(in: 0...9, using: &random)
                    let numerator = index == 1 ? max(0, size - Int.random(in: 0...1, using: &random)) : size
                    func row(_ dimension: String, _ category: String, _ value: Int, _ part: Int?) {
                        let isRatio = index == 1
                        rows.append([SQLBind(UUID()), SQLBind(scope.initiativeID), SQLBind(submission.id!), SQLBind(indicator.id!), SQLBind(1),
                                     SQLBind(partner.id!), SQLBind(period.key), SQLBind(dimension), SQLBind(category),
                                     SQLBind(isRatio ? (value > 0 ? Double(part ?? 0) / Double(value) * 100 : nil) : Double(value)),
                                     SQLBind(isRatio ? Double(part ?? 0) : nil), SQLBind(isRatio ? Double(value) : nil), SQLBind(Double?.none), SQLBind("")])
                    }
                    row("", "", size, numerator)
                    for key in entries[index].suggestedDimensions where Int.random(in: 0..<4, using: &random) > 0 {
                        guard let dimension = dimensions.first(where: { $0.key == key }) else { continue }
                        var counts = [Int](repeating: 0, count: dimension.categories.count)
                        for _ in 0..<size { counts[Int.random(in: 0..<counts.count, using: &random)] += 1 }
                        var left = numerator
                        for (category, count) in zip(dimension.categories, counts) {
                            let part = min(count, left)
                            left -= part
                            row(key, category.key, count, part)
                        }
                    }
                }
            }
        }
        try await GenerateCommand().create(submissions, on: db)
        try await GenerateCommand().insertValues(rows, on: db as! any SQLDatabase)
        let aggregates = try await RollupRepository(db: db, scope: scope).rebuild()

        let publishing = PublishingRepository(db: db, scope: scope)
        let choices = PublishingChoices(isPublic: true, indicators: zip(indicators, entries).map { indicator, entry in
            PublicIndicatorChoice(indicatorID: indicator.id!, breakdowns: entry.suggestedDimensions, byPartner: true)
        })
        try await publishing.save(choices, expectedRevision: .none, userID: nil, now: now)
        // Partners 2, 4 and 5 agreed to be named; the other five are "other partners".
        for partner in [partners[1], partners[3], partners[4]] {
            try await publishing.recordConsent(organizationID: try partner.requireID(), given: true, userID: nil, now: now)
        }
        context.console.print("adversarial initiative: \(partners.count) partners, \(indicators.count) indicators, \(rows.count) figures, \(aggregates) aggregates")
    }
}
