import BackboneDomain
import Fluent
import Foundation

extension DemoSeeder {
    /// The demo's commitments and this year's needs (see `DemoFunding`), once, through the same
    /// checks as the forms.
    @discardableResult
    public func seedFunding(asOf today: Date) async throws -> Bool {
        try await db.transaction { tx in try await DemoSeeder(db: tx).seedFundingOnce(asOf: today) }
    }

    private func seedFundingOnce(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let funding = FundingRepository(db: db, scope: scope)
        if try await !funding.commitments().isEmpty { return false }
        let organizations = Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: db, scope: scope).all().map { ($0.name, $0.id!) })
        let parts = Dictionary(uniqueKeysWithValues: try await TheoryOfChangeRepository(db: db, scope: scope).snapshot().nodes.map { ($0.title, $0.id!) })
        let indicators = Dictionary(uniqueKeysWithValues: try await IndicatorRepository(db: db, scope: scope).listing().map { ($0.indicator.code, $0.indicator.id!) })
        let admin = try await UserRepository(db: db).find(email: DemoInitiative.people[0].email)?.requireID()
        let day = CalendarDay(containing: today, in: initiative.zone)
        func monthsFromToday(_ months: Int) -> CalendarDay {
            CalendarDay(containing: ReportingPeriod.calendar.date(byAdding: .month, value: months, to: day.start)!)
        }
        for commitment in DemoFunding.commitments {
            let restriction: RestrictionKind = commitment.strategy != nil ? .strategy : commitment.backbone ? .backbone : .unrestricted
            let terms = CommitmentTerms(title: commitment.title, kind: commitment.kind.rawValue, status: commitment.status.rawValue, currency: "USD",
                                        amount: String(commitment.dollars), startsOn: monthsFromToday(commitment.startMonths).key,
                                        endsOn: monthsFromToday(commitment.endMonths).key, restriction: restriction.rawValue, note: "")
            try await funding.create(.init(terms: terms, funderID: organizations[commitment.funder], restrictionID: commitment.strategy.flatMap { parts[$0] },
                                           indicatorIDs: commitment.indicators.compactMap { indicators[$0] }), userID: admin, now: today)
        }
        let usd = Currency(code: "USD")!
        let secured = FundingMap(year: day.year, commitments: try await funding.mapped(funding.commitments()),
                                 strategies: parts.map { (id: $0.value, name: $0.key, hasActivities: true) }, needs: [:],
                                 gapPercent: FundingMap.defaultGapPercent) { $0.uuidString < $1.uuidString }
        var needs: [FundingTarget: Money] = [
            .backbone: Money(DemoFunding.need(secured: secured.backbone.secured.amount(in: usd).minorUnits, percent: DemoFunding.backboneCoveredPercent) * 100, usd),
        ]
        for line in secured.strategies {
            guard let percent = DemoFunding.securedPercent[line.name] else { continue }
            needs[.strategy(line.strategyID)] = Money(DemoFunding.need(secured: line.secured.amount(in: usd).minorUnits, percent: percent) * 100, usd)
        }
        try await funding.saveNeeds(year: day.year, needs, settings: .initial, expectedRevision: .none)
        return true
    }
}
