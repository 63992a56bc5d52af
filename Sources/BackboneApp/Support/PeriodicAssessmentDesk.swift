import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// Assembles the periodic assessment of a quarter: one review per open working group, from its
/// cycle, activities, strategies' indicators (the initiative's figure and the group's partners'
/// combined), the latest closed assessment round among its members, and its open action items.
/// What the backbone judged is laid over it; sharing freezes the whole.
enum PeriodicAssessmentDesk {
    /// The quarter a periodic assessment is written for by default: the one that just ended.
    static func defaultQuarter(today: CalendarDay) -> ReportingPeriod { today.quarter.shifted(by: -1) }

    static func compose(_ req: Request, _ access: InitiativeAccess, quarter: ReportingPeriod,
                        judgements: [UUID: PeriodicAssessmentModel.StoredJudgement]) async throws -> PeriodicAssessmentContent {
        let db = req.db, scope = access.scope
        let today = CalendarDay(containing: Date(), in: access.initiative.zone)
        let governance = GovernanceRepository(db: db, scope: scope)
        let groups = try await governance.bodies().filter { $0.parsedKind == .workingGroup && $0.parsedStatus != .closed && $0.mergedIntoID == nil }
        let ids = groups.compactMap(\.id)
        let cycles = Dictionary(try await governance.cycles(of: ids).filter { $0.quarter == quarter.key }.map { ($0.bodyID, $0) }, uniquingKeysWith: { a, _ in a })
        let strategies = try await governance.strategies()
        let seats = try await governance.members(of: ids)
        let activities = try await ActivityRepository(db: db, scope: scope).all()
        let organizations = Dictionary(uniqueKeysWithValues: try await OrganizationModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all()
            .map { ($0.id!, $0.name) })
        let measured = Dictionary(grouping: try await ChangeNodeIndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all(), by: \.nodeID)
            .mapValues { Set($0.map(\.indicatorID)) }
        let arrows = try await ChangeLinkModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).all().map { (from: $0.fromID, to: $0.toID) }
        let (basis, items) = try await ResultsController.standings(req, access)
        let itemsByID = Dictionary(uniqueKeysWithValues: items.map { ($0.listing.indicator.id!, $0) })
        let assessment = try await latestRoundByBody(req, access)
        let actions = try await openActions(db, scope, bodies: ids)
        let rollups = RollupRepository(db: db, scope: scope)

        var reviews: [GroupReview] = []
        for group in groups.sorted(by: { $0.name < $1.name }) {
            let id = group.id!
            let owned = Set(strategies[id] ?? [])
            let partners = Set(seats.filter { $0.bodyID == id && $0.serves(on: today) }.map(\.organizationID))
            var lines: [GroupReview.IndicatorLine] = []
            for indicatorID in StrategyReach.indicators(of: owned, links: arrows, indicators: measured) {
                guard let item = itemsByID[indicatorID] else { continue }
                let latest = item.latest
                let previous = latest.flatMap { latest in item.series.last { $0.periodKey < latest.periodKey && $0.value != nil } }
                let combined = try await latest.asyncFlatMap { latest in
                    try await rollups.groupTotals(indicatorID: indicatorID, organizationIDs: partners, periodKeys: [latest.periodKey], basis: basis)[latest.periodKey]?[latest.version]
                }
                lines.append(GroupReview.IndicatorLine(indicatorID: indicatorID, name: item.listing.indicator.shownName,
                                                       isPercent: item.listing.current.definition.unit == .percent,
                                                       latest: latest?.value, previous: previous?.value, period: latest?.periodKey,
                                                       status: latest == nil ? nil : item.status,
                                                       groupFigure: combined?.aggregate.value, groupSources: combined?.sources ?? 0))
            }
            let cycle = cycles[id]?.record
            let round = assessment[id]
            reviews.append(GroupReview(
                bodyID: id, name: group.name, cycleStage: cycle?.stage,
                cycleNotes: Dictionary(uniqueKeysWithValues: (cycle?.notes ?? [:]).filter { !$0.value.isEmpty }.map { ($0.key.rawValue, $0.value) }),
                activities: activities.filter { owned.contains($0.strategyID) }.map { activity in
                    GroupReview.ActivityLine(description: activity.kind, partner: organizations[activity.organizationID] ?? "",
                                             pace: ActivityPace(status: activity.parsedStatus, endsOn: activity.endsOn.flatMap(CalendarDay.init(key:)), today: today),
                                             endsOn: activity.endsOn)
                },
                indicators: lines.sorted { $0.name < $1.name },
                assessmentTitle: round?.title, assessmentRespondents: round?.respondents ?? 0, assessmentSections: round?.sections ?? [],
                openActions: actions[id] ?? [], judgement: judgements[id]?.judgement, note: judgements[id]?.note ?? ""))
        }
        return PeriodicAssessmentContent(quarter: quarter.key, groups: reviews)
    }

    /// For each body, the latest closed round (readiness or partnership health) in which enough
    /// of its members answered: the body's breakdown of that round, under the round's threshold.
    private static func latestRoundByBody(_ req: Request, _ access: InitiativeAccess) async throws
        -> [UUID: (title: String, respondents: Int, sections: [GroupReview.AssessmentLine])] {
        let desk = try await AssessmentDesk.load(req, access)
        let repository = AssessmentRepository(db: req.db, scope: access.scope)
        var found: [UUID: (title: String, respondents: Int, sections: [GroupReview.AssessmentLine])] = [:]
        for round in desk.rounds where round.parsedKind != .fit && round.state(on: desk.today) == .closed {
            let template = desk.template(of: round)
            let results = AssessmentResults(template: template, responses: try await repository.submitted(round, today: desk.today), threshold: round.threshold)
            for group in results.byBody {
                guard let body = UUID(uuidString: group.group.key), found[body] == nil else { continue }
                found[body] = (round.title, group.respondents, template.sections.compactMap { section in
                    group.sections[section.key]?.mean.map { GroupReview.AssessmentLine(name: section.localNames, mean: $0) }
                })
            }
        }
        return found
    }

    private static func openActions(_ db: any Database, _ scope: InitiativeScope, bodies: [UUID]) async throws -> [UUID: [GroupReview.ActionLine]] {
        guard !bodies.isEmpty else { return [:] }
        let meetings = try await MeetingModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$bodyID ~~ bodies).all()
        let bodyOfMeeting = Dictionary(uniqueKeysWithValues: meetings.compactMap { meeting in meeting.bodyID.map { (meeting.id!, $0) } })
        guard !bodyOfMeeting.isEmpty else { return [:] }
        let items = try await ActionItemModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$meetingID ~~ Array(bodyOfMeeting.keys))
            .filter(\.$status == ActionItemStatus.open.rawValue).sort(\.$dueOn).all()
        let owners = Dictionary(uniqueKeysWithValues: try await UserModel.query(on: db).filter(\.$id ~~ Set(items.map(\.ownerID))).all()
            .map { ($0.id!, $0.displayName) })
        var result: [UUID: [GroupReview.ActionLine]] = [:]
        for item in items {
            guard let body = bodyOfMeeting[item.meetingID] else { continue }
            result[body, default: []].append(GroupReview.ActionLine(text: item.text, owner: owners[item.ownerID] ?? "", dueOn: item.dueOn))
        }
        return result
    }
}

extension PeriodicAssessmentDesk {
    /// Shares the demo's periodic assessment of the quarter just ended, with the judgements of
    /// `DemoAssessments`, once.
    static func seedDemo(_ app: Application) async throws {
        guard let initiative = try await InitiativeRepository(db: app.db).find(slug: DemoInitiative.slug) else { return }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let repository = PeriodicAssessmentRepository(db: app.db, scope: scope)
        guard try await repository.all(sharedOnly: false).isEmpty else { return }
        let req = Request(application: app, on: app.eventLoopGroup.next())
        let access = InitiativeAccess(initiative: initiative, role: .backboneAdmin, membership: nil, scope: scope)
        let quarter = defaultQuarter(today: CalendarDay(containing: Date(), in: initiative.zone))
        var judgements: [UUID: PeriodicAssessmentModel.StoredJudgement] = [:]
        for body in try await GovernanceRepository(db: app.db, scope: scope).bodies() {
            if let (judgement, note) = DemoAssessments.judgements[body.name] { judgements[try body.requireID()] = .init(judgement: judgement, note: note) }
        }
        let content = try await compose(req, access, quarter: quarter, judgements: judgements)
        let admin = try await UserRepository(db: app.db).find(email: DemoInitiative.people[0].email)?.requireID()
        let saved = try await repository.saveJudgements(quarter: quarter.key, judgements, expectedRevision: .none, now: Date())
        try await repository.share(saved, expectedRevision: Revision(saved.revision) ?? .none, userID: admin,
                                   path: SiteURL.periodicAssessment(slug: initiative.slug, quarter: quarter.key).path,
                                   title: Texts(.en)("periodic.feedTitle", ["quarter": Texts(.en).period(quarter)]), now: Date()) { _ in content }
    }
}
