@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import Testing
import VaporTesting

/// The stored aggregates are kept up to date step by step; after every step of a random history
/// they must equal a recomputation from the raw figures.
@Suite("Aggregates kept current")
struct RollupPropertyTests {
    static let now = Date.utc(2026, 3, 20)
    static let months = (0..<6).map { ReportingPeriod(key: "2026-03")!.shifted(by: -$0) }
    static let quarters = [ReportingPeriod(key: "2026-Q1")!, ReportingPeriod(key: "2025-Q4")!]

    /// Every stored aggregate by its full address.
    static func snapshot(_ models: [RollupModel]) -> [String: RollupCell] {
        Dictionary(models.map { model in
            ("\(model.indicatorID)|\(model.organizationID?.uuidString ?? "all")|\(model.periodKey)|v\(model.version)|\(model.dimensionKey)=\(model.categoryKey)|\(model.basis)", model.cell)
        }, uniquingKeysWith: { first, _ in first })
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
        default: false
        }
    }

    static func differences(stored: [String: RollupCell], computed: [String: RollupCell]) -> [String] {
        var problems: [String] = []
        for key in Set(stored.keys).union(computed.keys).sorted() {
            guard let s = stored[key], let c = computed[key] else {
                problems.append("\(key): \(stored[key] == nil ? "missing from the stored aggregates" : "stored but not computed")")
                continue
            }
            let same = close(s.aggregate.value, c.aggregate.value) && close(s.aggregate.numerator, c.aggregate.numerator)
                && close(s.aggregate.denominator, c.aggregate.denominator) && close(s.aggregate.weight, c.aggregate.weight)
                && s.aggregate.observationCount == c.aggregate.observationCount && s.aggregate.latestPeriodEnd == c.aggregate.latestPeriodEnd
                && s.sources == c.sources && s.provisionalSources == c.provisionalSources
            if !same { problems.append("\(key): stored \(s), computed \(c)") }
        }
        return problems
    }

    struct World {
        let scope: InitiativeScope
        let partners: [UUID]
        let indicators: [String: IndicatorModel]
        let steward: UUID
        let reviewer: UUID
    }

    static func world(_ app: Application) async throws -> World {
        let fixtures = Fixtures(app)
        let initiative = try await fixtures.initiative("river")
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let repository = IndicatorRepository(db: app.db, scope: scope)
        var partners: [UUID] = []
        for name in ["River Reads", "Eastside Center", "North Clinic"] {
            partners.append(try await fixtures.organization(name, in: initiative).requireID())
        }
        var entries = ["PM-SERVED", "PM-ENROLLED", "EDU-ATTEND", "PM-WAITDAYS"].map { IndicatorCatalog.starter.entry(code: $0)! }
        var longest = entries[0]
        longest.code = "TST-LONGEST"
        longest.name = "Longest wait"
        longest.unit = .days
        longest.aggregation = .max
        longest.suggestedDimensions = []
        var shortest = longest
        shortest.code = "TST-SHORTEST"
        shortest.name = "Shortest wait"
        shortest.aggregation = .min
        shortest.frequency = .quarterly
        entries += [longest, shortest]
        var indicators: [String: IndicatorModel] = [:]
        let dimensions = ["PM-SERVED": ["gender"], "EDU-ATTEND": ["geography"]]
        for entry in entries {
            let indicator = try await repository.adopt(entry, now: now)
            indicators[entry.code] = indicator
            for partner in partners {
                try await repository.assign(indicator: indicator, organizationID: partner, dimensionKeys: dimensions[entry.code] ?? [], now: now)
            }
        }
        try await ReportingRepository(db: app.db, scope: scope).updateSettings(dueAfterDays: 30, lockAfterDays: 730, includeSubmitted: false, timeZone: "UTC")
        return World(scope: scope, partners: partners, indicators: indicators,
                     steward: try await fixtures.user("steward@example.org").requireID(),
                     reviewer: try await fixtures.user("reviewer@example.org").requireID())
    }

    /// A random report for one indicator that the rules accept (or an empty one).
    static func report(_ code: String, using rng: inout SeededRandom) -> IndicatorReport? {
        let roll = Int.random(in: 0..<10, using: &rng)
        if roll < 2 { return nil }
        let totalOnly = roll < 4
        func count() -> Double { Double(Int.random(in: 0...60, using: &rng)) }
        switch code {
        case "PM-SERVED":
            let female = count(), male = count()
            return totalOnly ? IndicatorReport(total: .init(value: female + male), comment: "checked")
                : IndicatorReport(total: .init(value: female + male), cells: ["gender": ["female": .init(value: female), "male": .init(value: male),
                                                                                     "another": .init(value: 0), "unknown": .init(value: 0)]], comment: "checked")
        case "EDU-ATTEND":
            var cells: [String: ValueEntry] = [:]
            var numerator = 0.0, denominator = 0.0
            for area in ["north", "east", "south", "west"] {
                let days = Double(Int.random(in: 0...200, using: &rng)), present = Double(Int.random(in: 0...200, using: &rng))
                let (n, d) = (min(days, present), max(days, present))
                cells[area] = .init(numerator: n, denominator: d)
                numerator += n
                denominator += d
            }
            return IndicatorReport(total: .init(numerator: numerator, denominator: denominator), cells: totalOnly ? [:] : ["geography": cells], comment: "checked")
        case "PM-WAITDAYS":
            return IndicatorReport(total: .init(value: Double(Int.random(in: 1...90, using: &rng)) / 2, weight: count()), comment: "checked")
        default:
            return IndicatorReport(total: .init(value: count()), comment: "checked")
        }
    }

    @Test("after every step of random saves, submissions, approvals, returns, reopenings, clearings and new definitions, the stored aggregates equal a full recomputation, in Swift and in SQL")
    func incrementalEqualsFull() async throws {
        try await withBackbone { app in
            let w = try await Self.world(app)
            let reporting = ReportingRepository(db: app.db, scope: w.scope)
            let rollups = RollupRepository(db: app.db, scope: w.scope)
            let indicators = IndicatorRepository(db: app.db, scope: w.scope)
            var rng = SeededRandom(seed: 4242)
            var revisions = 0
            var approvals = 0
            for step in 0..<80 {
                let partner = w.partners[Int.random(in: 0..<w.partners.count, using: &rng)]
                let quarterly = Int.random(in: 0..<4, using: &rng) == 0
                let period = quarterly ? Self.quarters.randomElement(using: &rng)! : Self.months.randomElement(using: &rng)!
                let now = Self.now.addingTimeInterval(Double(step))
                let action = Int.random(in: 0..<10, using: &rng)
                do {
                    switch action {
                    case 0..<5:
                        let codes = w.indicators.filter { $0.value.parsedFrequency == period.frequency }.keys.sorted()
                        var reports: [UUID: IndicatorReport] = [:]
                        for code in codes { reports[w.indicators[code]!.id!] = Self.report(code, using: &rng) ?? IndicatorReport(total: .init()) }
                        let complete = reports.values.allSatisfy { !$0.total.isEmpty }
                        _ = try await reporting.save(organizationID: partner, period: period, reports: reports, expectedRevision: nil,
                                                     intent: complete && Bool.random(using: &rng) ? .submit : .saveDraft, userID: w.steward, now: now)
                    case 5..<8:
                        // Any report waiting for a decision (or, now and then, an approved one to reopen).
                        let wanted: SubmissionStatus = action == 7 && Bool.random(using: &rng) ? .approved : .submitted
                        let candidates = try await SubmissionModel.query(on: app.db).filter(\.$status == wanted.rawValue).sort(\.$periodKey).sort(\.$organizationID).all()
                        guard let submission = candidates.randomElement(using: &rng) else { continue }
                        switch submission.parsedStatus {
                        case .submitted where action < 7:
                            try await reporting.review(submission, to: .approved, comment: "", userID: w.reviewer, now: now)
                            approvals += 1
                        case .submitted: try await reporting.review(submission, to: .returned, comment: "Check the totals.", userID: w.reviewer, now: now)
                        case .approved: try await reporting.review(submission, to: .returned, comment: "Reopened to correct.", userID: w.reviewer, now: now)
                        default: continue
                        }
                    case 8 where revisions < 2:
                        // A new definition from a month start: later figures count under a new version.
                        let served = w.indicators["PM-SERVED"]!
                        var definition = try await indicators.history(of: served.requireID()).last!.definition
                        definition.definition += " Revised \(revisions + 1)."
                        try await indicators.revise(served, to: definition, effectiveFrom: Self.months[2 - revisions].start, now: now)
                        revisions += 1
                    default:
                        // Clear one partner's figures for the period (a deletion).
                        let codes = w.indicators.filter { $0.value.parsedFrequency == period.frequency }.keys
                        _ = try await reporting.save(organizationID: partner, period: period,
                                                     reports: Dictionary(uniqueKeysWithValues: codes.map { (w.indicators[$0]!.id!, IndicatorReport(total: .init())) }),
                                                     expectedRevision: nil, intent: .saveDraft, userID: w.steward, now: now)
                    }
                } catch is FieldErrors {
                    // A refused step (an approved report cannot be saved, say) must change nothing; checked below as well.
                }
                let problems = Self.differences(stored: Self.snapshot(try await rollups.stored(allPartners: true)),
                                                computed: Self.snapshot(try await rollups.computeAll()))
                #expect(problems.isEmpty, "step \(step) (action \(action), \(period.key)): \(problems.prefix(5).joined(separator: "; "))")
                if !problems.isEmpty { break }
                if step % 16 == 15 {
                    // The database's own recomputation (`rebuild`, in SQL) lands on the same aggregates.
                    let kept = Self.snapshot(try await rollups.stored(allPartners: true))
                    try await rollups.rebuild()
                    let rebuilt = Self.differences(stored: Self.snapshot(try await rollups.stored(allPartners: true)), computed: kept)
                    #expect(rebuilt.isEmpty, "step \(step), rebuilt in SQL: \(rebuilt.prefix(5).joined(separator: "; "))")
                }
                let groupProblems = try await Self.groupDifferences(rollups, indicators, w, period: period, using: &rng)
                #expect(groupProblems.isEmpty, "step \(step), a group of partners: \(groupProblems.prefix(5).joined(separator: "; "))")
            }
            #expect(approvals > 3, "the random history should approve several reports")
            #expect(revisions > 0)
            let versions = Set(try await rollups.stored().map(\.version))
            #expect(versions.count > 1, "some aggregates are under a later definition version")
        }
    }

    /// A working group's figures are combined from the stored partner aggregates of its partners
    /// only. Checked against the rule worked out here by hand over a full recomputation's partner
    /// rows: sums add, ratios add numerators and denominators, weighted means weigh, min and max pick.
    static func groupDifferences(_ rollups: RollupRepository, _ indicators: IndicatorRepository, _ w: World, period: ReportingPeriod,
                                 using rng: inout SeededRandom) async throws -> [String] {
        let group = Set(w.partners.filter { _ in Bool.random(using: &rng) })
        let computed = try await rollups.computeAll().filter { $0.dimensionKey.isEmpty && $0.periodKey == period.key }
        var problems: [String] = []
        for (code, indicator) in w.indicators.sorted(by: { $0.key < $1.key }) where indicator.parsedFrequency == period.frequency {
            // The rule does not change between this test's definition versions.
            guard let rule = try await indicators.history(of: indicator.id!).last?.definition.aggregation else { continue }
            for basis in RollupBasis.allCases {
                let stored = try await rollups.groupTotals(indicatorID: indicator.id!, organizationIDs: group, periodKeys: [period.key], basis: basis)[period.key] ?? [:]
                let rows = computed.filter { $0.indicatorID == indicator.id && $0.basis == basis.rawValue && $0.organizationID.map(group.contains) == true }
                for version in Set(rows.map(\.version)).union(stored.keys) {
                    let cells = rows.filter { $0.version == version && $0.value != nil }
                    let values = cells.compactMap(\.value)
                    let expected: Double? = switch rule {
                    case .sum, .latest: values.isEmpty ? nil : values.reduce(0, +)
                    case .min: values.min()
                    case .max: values.max()
                    case .ratio:
                        cells.compactMap(\.denominator).reduce(0, +) > 0
                            ? cells.compactMap(\.numerator).reduce(0, +) / cells.compactMap(\.denominator).reduce(0, +) * 100 : nil
                    case .weightedMean:
                        cells.compactMap(\.weight).reduce(0, +) > 0
                            ? cells.reduce(0) { $0 + ($1.value ?? 0) * ($1.weight ?? 0) } / cells.compactMap(\.weight).reduce(0, +) : nil
                    }
                    let got = stored[version]?.aggregate.value
                    if !close(got, expected) || (stored[version]?.sources ?? 0) != cells.count {
                        problems.append("\(code) \(period.key) v\(version) \(basis): combined \(String(describing: got)) from \(stored[version]?.sources ?? 0), expected \(String(describing: expected)) from \(cells.count)")
                    }
                }
            }
        }
        return problems
    }
}
