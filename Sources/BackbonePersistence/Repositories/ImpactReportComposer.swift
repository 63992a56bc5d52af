import BackboneDomain
import Fluent
import Foundation

/// Composes an impact report's content from the records: the stored aggregates (never
/// recomputed), the learning summary, the theory of change, stories, activities, decisions and
/// reports. A draft is composed on every view; a release composes once, inside its transaction,
/// and stores the result.
public struct ImpactReportComposer: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// - Parameter indicatorName: an indicator's name in the composer's language.
    public func compose(_ plan: ImpactReportPlan, initiative: InitiativeModel, indicatorName: @Sendable (IndicatorModel) -> String,
                        now: Date) async throws -> ImpactReportContent {
        guard let span = plan.span else { throw FieldErrors("from", Texts.current("error.impactSpan")) }
        let basis: RollupBasis = initiative.dashboardsIncludeSubmitted ? .provisional : .approved
        let figures = try await Figures.read(db: db, scope: scope, basis: basis, span: span, indicatorName: indicatorName)
        let records = try await Records.read(db: db, scope: scope)
        var sections: [ImpactReportContent.Section] = []
        for kind in plan.sections {
            var section = ImpactReportContent.Section(kind: kind)
            switch kind {
            case .context: section.text = plan.context
            case .nextSteps: section.text = plan.nextSteps
            case .headline: section.figures = plan.headlineIndicators.compactMap { figures.byID[$0] }
            case .learning:
                section.statements = LearningSummary.statements(for: figures.learningInputs, span: span, now: now,
                                                                calendar: initiative.reportingCalendar)
            case .strategies: section.strategies = strategies(figures, records)
            case .stories: section.stories = try await stories(span, figures, records, now: now)
            case .activities: section.activities = try await activities(span, records)
            case .decisions: section.decisions = try await decisions(span)
            case .completeness: section.completeness = try await completeness(span, figures, records, calendar: initiative.reportingCalendar, now: now)
            }
            sections.append(section)
        }
        // Whole seconds: what is stored reads back exactly (ISO 8601 dates).
        let composedAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        return ImpactReportContent(initiative: initiative.name, title: plan.title, audience: plan.audience, from: span.first.key,
                                   to: span.last.key, basis: basis, composedAt: composedAt, sections: sections)
    }

    /// Each strategy of the theory of change with the outcomes it leads to, and the indicators
    /// attached to it or to those outcomes.
    func strategies(_ figures: Figures, _ records: Records) -> [ImpactReportContent.Strategy] {
        let snapshot = records.theoryOfChange, titles = records.nodeTitles
        return snapshot.nodes.filter { $0.parsedKind == .strategy }.compactMap { strategy in
            guard let id = strategy.id else { return nil }
            let outcomes = snapshot.graph.links.filter { $0.from == id && snapshot.graph.kinds[$0.to] == .outcome }.map(\.to)
                .sorted { (titles[$0] ?? "") < (titles[$1] ?? "") }
            var indicatorIDs: [UUID] = []
            for node in [id] + outcomes {
                for indicator in snapshot.indicators[node] ?? [] where !indicatorIDs.contains(indicator) { indicatorIDs.append(indicator) }
            }
            return .init(title: strategy.title, outcomes: outcomes.compactMap { titles[$0] }, figures: indicatorIDs.compactMap { figures.byID[$0] })
        }
    }

    /// Published stories whose subject gave consent, published from the span's first day up to
    /// the composition (a later story belongs to a later report).
    func stories(_ span: LearningSpan, _ figures: Figures, _ records: Records, now: Date) async throws -> [ImpactReportContent.Story] {
        let names = records.organizationNames, strategyTitles = records.nodeTitles
        return try await StoryRepository(db: db, scope: scope).all()
            .filter { story in
                guard story.status == StoryStatus.published.rawValue, story.consent == Consent.given.rawValue, let published = story.publishedAt else { return false }
                return published >= span.first.start && published <= now
            }
            .sorted { ($0.publishedAt ?? .distantPast) < ($1.publishedAt ?? .distantPast) }
            .map { story in
                let speaksTo = [story.indicatorID.flatMap { figures.byID[$0]?.name }, story.strategyID.flatMap { strategyTitles[$0] }].compactMap { $0 }
                return .init(title: story.title, text: story.text, organization: names[story.organizationID] ?? "", speaksTo: speaksTo,
                             publishedAt: story.publishedAt.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) })
            }
    }

    /// Activities running at some time within the span.
    func activities(_ span: LearningSpan, _ records: Records) async throws -> [ImpactReportContent.Activity] {
        let names = records.organizationNames, strategyTitles = records.nodeTitles
        let first = span.first.start, last = span.last.end
        return try await ActivityRepository(db: db, scope: scope).all()
            .filter { activity in
                guard let starts = Date.utcDay(activity.startsOn), starts <= last else { return false }
                return activity.endsOn.flatMap { Date.utcDay($0) }.map { $0 >= first } ?? true
            }
            .map { .init(name: $0.kind, description: $0.description, organization: names[$0.organizationID] ?? "", strategy: strategyTitles[$0.strategyID] ?? "",
                         status: ActivityStatus(rawValue: $0.status) ?? .planned) }
            .sorted { ($0.strategy, $0.organization, $0.name) < ($1.strategy, $1.organization, $1.name) }
    }

    /// Decisions recorded on a day of the span.
    func decisions(_ span: LearningSpan) async throws -> [ImpactReportContent.Decision] {
        let end = span.last.end.addingTimeInterval(86_400)
        return try await MeetingRepository(db: db, scope: scope).decisions()
            .filter { $0.decidedAt >= span.first.start && $0.decidedAt < end }
            .sorted { $0.decidedAt < $1.decidedAt }
            .map { .init(text: $0.text, rationale: $0.rationale, decidedAt: Date(timeIntervalSince1970: $0.decidedAt.timeIntervalSince1970.rounded(.down))) }
    }

    /// For each partner with indicators assigned: its approved reports among those due in the span.
    func completeness(_ span: LearningSpan, _ figures: Figures, _ records: Records, calendar: ReportingCalendar,
                      now: Date) async throws -> [ImpactReportContent.Completeness] {
        let indicators = IndicatorRepository(db: db, scope: scope)
        var frequencies: [UUID: Set<Frequency>] = [:]
        for entry in figures.listing {
            for assignment in try await indicators.assignments(indicatorID: entry.indicator.requireID()) {
                frequencies[assignment.organizationID, default: []].insert(entry.indicator.parsedFrequency)
            }
        }
        let due = frequencies.mapValues { set in
            Set(set.flatMap { span.periods($0) }.filter { [.overdue, .locked].contains(calendar.state(of: $0, on: now)) }.map(\.key))
        }
        let keys = Array(Set(due.values.flatMap { $0 }))
        let approved = Set(try await ReportingRepository(db: db, scope: scope).submissions(status: .approved, periodKeys: keys)
            .map { "\($0.organizationID.uuidString) \($0.periodKey)" })
        let names = records.organizationNames
        return due.compactMap { organizationID, keys in
            guard let name = names[organizationID], !keys.isEmpty else { return nil }
            return .init(organization: name, approved: keys.filter { approved.contains("\(organizationID.uuidString) \($0)") }.count, due: keys.count)
        }
        .sorted { $0.organization < $1.organization }
    }

}

extension ImpactReportComposer {
    /// The theory of change and the partners' names, read once for every section that names them.
    struct Records {
        let theoryOfChange: TheoryOfChangeRepository.Snapshot
        let nodeTitles: [UUID: String]
        let organizationNames: [UUID: String]

        static func read(db: any Database, scope: InitiativeScope) async throws -> Records {
            let snapshot = try await TheoryOfChangeRepository(db: db, scope: scope).snapshot()
            let organizations = try await OrganizationRepository(db: db, scope: scope).all()
            return Records(theoryOfChange: snapshot,
                           nodeTitles: Dictionary(uniqueKeysWithValues: snapshot.nodes.compactMap { node in node.id.map { ($0, node.title) } }),
                           organizationNames: Dictionary(uniqueKeysWithValues: organizations.compactMap { org in org.id.map { ($0, org.name) } }))
        }
    }

    /// Every indicator's figure for a span, read once from the stored aggregates.
    struct Figures {
        let listing: [IndicatorListing]
        let byID: [UUID: ImpactReportContent.Figure]
        let learningInputs: [LearningInput]

        static func read(db: any Database, scope: InitiativeScope, basis: RollupBasis, span: LearningSpan,
                         indicatorName: (IndicatorModel) -> String) async throws -> Figures {
            let listing = try await IndicatorRepository(db: db, scope: scope).listing()
            let rows = Dictionary(grouping: try await RollupRepository(db: db, scope: scope).totals(basis: basis), by: \.indicatorID)
            let targets = try await TargetRepository(db: db, scope: scope).initiativeTargets()
            var byID: [UUID: ImpactReportContent.Figure] = [:]
            var inputs: [LearningInput] = []
            for entry in listing {
                let id = try entry.indicator.requireID()
                let frequency = entry.indicator.parsedFrequency
                let series = RollupModel.newestVersionPerPeriod((rows[id] ?? []).filter { $0.frequency == frequency.rawValue })
                    .filter { $0.period.map { $0.end <= span.last.end } ?? false }
                let name = indicatorName(entry.indicator)
                let input = LearningInput(rows: series, listing: entry, name: name, target: targets[id])
                inputs.append(input)
                byID[id] = figure(entry, name: name, series: series, target: targets[id])
            }
            return Figures(listing: listing, byID: byID, learningInputs: inputs)
        }

        /// The latest period up to the span's end counting every assigned partner (else the latest
        /// with any figure), judged against the target as the Results page judges it. Up to, not
        /// within: a yearly indicator has no period ending inside a quarter, and its latest figure
        /// is still what readers of that quarter's report should see (its period is shown).
        static func figure(_ entry: IndicatorListing, name: String, series: [RollupModel], target: TargetModel?) -> ImpactReportContent.Figure {
            let counted = series.filter { $0.value != nil }
            let latest = counted.last { $0.sources >= max(1, entry.assignmentCount) } ?? counted.last
            let input = ForecastInput(rows: series, frequency: entry.indicator.parsedFrequency, definition: entry.current.definition,
                                      partnersRequired: entry.assignmentCount)
            let status = target?.status(input, polarity: entry.indicator.parsedPolarity) ?? .noData
            return .init(indicatorID: entry.indicator.id!, code: entry.indicator.code, name: name, unit: entry.current.definition.unit.code,
                         period: latest?.periodKey, value: latest?.value, numerator: latest?.numerator, denominator: latest?.denominator,
                         partnersCounted: latest?.sources ?? 0, partnersAssigned: entry.assignmentCount, target: target?.targetValue,
                         targetDate: target?.targetDate, status: status,
                         series: series.suffix(12).map { .init(period: $0.periodKey, value: $0.value) })
        }
    }
}

extension LearningInput {
    /// The learning summary's view of an indicator's stored totals (one per period, any order).
    public init(rows: [RollupModel], listing: IndicatorListing, name: String, target: TargetModel?) {
        self.init(indicatorID: listing.indicator.id!, name: name, unit: listing.current.definition.unit,
                  polarity: listing.indicator.parsedPolarity, frequency: listing.indicator.parsedFrequency,
                  partnersAssigned: listing.assignmentCount,
                  points: rows.compactMap { row in
                      row.period.map { LearningInput.Point(period: $0, version: row.version, value: row.value, partnersCounted: row.sources) }
                  },
                  target: target.map { .init(value: $0.targetValue, date: $0.targetDate) })
    }
}
