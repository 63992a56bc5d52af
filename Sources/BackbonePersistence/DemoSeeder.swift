import BackboneDomain
import Fluent
import Foundation

/// Loads `DemoInitiative` into the database, once: a second run finds it and does nothing.
public struct DemoSeeder: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// - Parameter passwordHash: the hash of the demo password, computed once by the caller
    ///   (hashing is the app's job, and one bcrypt run is enough for every demo account).
    /// - Returns: whether anything was written.
    @discardableResult
    public func seed(passwordHash: String, now: Date) async throws -> Bool {
        if try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) != nil { return false }
        try await db.transaction { tx in
            let initiative = InitiativeModel(
                slug: DemoInitiative.slug, name: DemoInitiative.name, place: DemoInitiative.place,
                problemStatement: DemoInitiative.problemStatement, createdAt: now)
            try await initiative.create(on: tx)
            let initiativeID = try initiative.requireID()

            var organizationIDs: [String: UUID] = [:]
            for org in DemoInitiative.organizations {
                let model = OrganizationModel(
                    initiativeID: initiativeID, name: org.name, sector: org.sector, isBackbone: org.isBackbone,
                    website: org.website, description: org.description, createdAt: now)
                try await model.create(on: tx)
                organizationIDs[org.name] = try model.requireID()
            }

            let admin = DemoInitiative.platformAdmin
            try await upsertUser(admin, passwordHash: passwordHash, platformAdmin: true, now: now, on: tx)
            for person in DemoInitiative.people {
                let user = try await upsertUser(person, passwordHash: passwordHash, platformAdmin: false, now: now, on: tx)
                guard let organizationID = organizationIDs[person.organizationName] else {
                    preconditionFailure("demo person at unknown organization \(person.organizationName)")
                }
                try await MembershipModel(userID: user.requireID(), initiativeID: initiativeID,
                                          organizationID: organizationID, role: person.role, createdAt: now).create(on: tx)
            }
        }
        return true
    }

    /// Adopts the demo indicators, assigns them and loads their history through the same path
    /// partners use (checks, audit trail, review), once.
    @discardableResult
    public func seedMeasurement(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let indicators = IndicatorRepository(db: db, scope: scope)
        if try await !indicators.listing().isEmpty { return false }
        let organizations = try await OrganizationRepository(db: db, scope: scope).all()
        let organizationIDs = Dictionary(uniqueKeysWithValues: organizations.map { ($0.name, $0.id!) })
        guard let reviewer = try await UserRepository(db: db).find(email: DemoInitiative.people[1].email),
              let steward = try await UserRepository(db: db).find(email: DemoInitiative.people[4].email)
        else { return false }
        var indicatorIDs: [String: IndicatorModel] = [:]
        for code in DemoMeasurement.indicatorCodes {
            indicatorIDs[code] = try await indicators.adopt(IndicatorCatalog.starter.entry(code: code)!, now: today)
        }
        for assignment in DemoMeasurement.assignments {
            try await indicators.assign(indicator: indicatorIDs[assignment.code]!, organizationID: organizationIDs[assignment.organizationName]!,
                                        dimensionKeys: assignment.dimensions, now: today)
        }
        let reporting = ReportingRepository(db: db, scope: scope, deferRollups: true)
        for report in DemoMeasurement.reports(asOf: today) {
            let reports = Dictionary(uniqueKeysWithValues: report.reports.map { (indicatorIDs[$0.key]!.id!, $0.value) })
            let reportedOn = report.period.end.addingTimeInterval(3 * 86_400)
            let outcome = try await reporting.save(
                organizationID: organizationIDs[report.organizationName]!, period: report.period, reports: reports,
                expectedRevision: 0, intent: report.outcome == .draft ? .saveDraft : .submit,
                userID: steward.requireID(), now: reportedOn)
            if report.outcome == .approved {
                try await reporting.review(outcome.submission, to: .approved, comment: "", userID: reviewer.requireID(),
                                           now: reportedOn.addingTimeInterval(5 * 86_400))
            }
        }
        try await RollupRepository(db: db, scope: scope).rebuild()
        try await seedTargets(asOf: today, indicators: indicatorIDs, scope: scope)
        return true
    }

    /// Targets five years out from each indicator's first reported period: 15% better.
    private func seedTargets(asOf today: Date, indicators: [String: IndicatorModel], scope: InitiativeScope) async throws {
        let reports = DemoMeasurement.reports(asOf: today)
        let targets = TargetRepository(db: db, scope: scope)
        for (code, indicator) in indicators {
            let entry = IndicatorCatalog.starter.entry(code: code)!
            let withCode = reports.filter { $0.reports[code] != nil }
            guard let first = withCode.map(\.period).min() else { continue }
            let observations = withCode.filter { $0.period == first }.compactMap { report -> Observation? in
                let total = report.reports[code]!.total
                return total.resolvedValue(entry.unit).map {
                    Observation(value: $0, numerator: total.numerator, denominator: total.denominator, weight: total.weight, periodEnd: first.end)
                }
            }
            guard let baseline = entry.aggregation.acrossPartners(observations, ratioScale: entry.unit.ratioScale ?? 100).value else { continue }
            let factor = entry.polarity == .higherIsBetter ? 1.15 : 0.85
            let goal = entry.unit == .percent ? min(100, baseline * factor) : baseline * factor
            // Counts are whole; other figures keep one decimal.
            let round: (Double) -> Double = entry.unit == .count && entry.aggregation != .weightedMean ? { $0.rounded() } : { ($0 * 10).rounded() / 10 }
            try await targets.set(indicator: indicator, organizationID: nil,
                                  baseline: .init(date: first.end, value: round(baseline)),
                                  target: .init(date: first.end.addingTimeInterval(5 * 365 * 86_400), value: round(goal)),
                                  definition: entry.indicatorDefinition, now: today)
        }
    }

    /// Publishes the demo's two agenda versions a year apart, with endorsements, once.
    @discardableResult
    public func seedAgenda(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let agenda = AgendaRepository(db: db, scope: scope)
        if try await !agenda.versions().isEmpty { return false }
        guard let author = try await UserRepository(db: db).find(email: DemoInitiative.people[0].email) else { return false }
        let year: TimeInterval = 365 * 86_400
        let firstDate = today.addingTimeInterval(-2 * year), secondDate = today.addingTimeInterval(-year)
        _ = try await agenda.publish(DemoAgenda.first, note: "The partners' first agreed text.", expectedRevision: 0,
                                     userID: author.requireID(), now: firstDate)
        try await endorse(1, by: DemoAgenda.endorsersOfFirst, agenda: agenda, scope: scope, at: firstDate.addingTimeInterval(14 * 86_400))
        _ = try await agenda.publish(DemoAgenda.second, note: DemoAgenda.secondNote, expectedRevision: 1, userID: author.requireID(), now: secondDate)
        try await endorse(2, by: DemoAgenda.endorsersOfSecond, agenda: agenda, scope: scope, at: secondDate.addingTimeInterval(21 * 86_400))
        return true
    }

    /// Builds the demo's theory of change through the same rules as the forms, once.
    @discardableResult
    public func seedTheoryOfChange(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let theory = TheoryOfChangeRepository(db: db, scope: scope)
        if try await !theory.snapshot().nodes.isEmpty { return false }
        let indicators = Dictionary(uniqueKeysWithValues: try await IndicatorRepository(db: db, scope: scope).listing().map { ($0.indicator.code, $0.indicator.id!) })
        var ids: [String: UUID] = [:]
        for (index, part) in DemoTheoryOfChange.parts.enumerated() {
            // A second apart, so the outline keeps the order given here.
            let node = try await theory.addNode(kind: part.kind, title: part.title, description: "", now: today.addingTimeInterval(Double(index)))
            ids[part.title] = try node.requireID()
            for code in part.indicators { if let indicator = indicators[code] { try await theory.attach(indicatorID: indicator, to: node.requireID()) } }
        }
        for (from, to) in DemoTheoryOfChange.links { try await theory.link(from: ids[from]!, to: ids[to]!) }
        return true
    }

    /// The demo's steering committee, working groups, cycles and action plan, through the same
    /// rules as the forms, once (after the theory of change, whose strategies they use).
    @discardableResult
    public func seedGovernance(asOf today: Date) async throws -> Bool {
        // All or nothing: a half-seeded demo would never be completed by the next start.
        try await db.transaction { tx in try await DemoSeeder(db: tx).seedGovernanceOnce(asOf: today) }
    }

    private func seedGovernanceOnce(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let governance = GovernanceRepository(db: db, scope: scope)
        if try await !governance.bodies().isEmpty { return false }
        let organizations = Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: db, scope: scope).all().map { ($0.name, $0.id!) })
        let parts = Dictionary(uniqueKeysWithValues: try await TheoryOfChangeRepository(db: db, scope: scope).snapshot().nodes.map { ($0.title, $0.id!) })
        let indicators = Dictionary(uniqueKeysWithValues: try await IndicatorRepository(db: db, scope: scope).listing().map { ($0.indicator.code, $0.indicator.id!) })
        let day = CalendarDay(containing: today)
        func monthsFromToday(_ months: Int) -> CalendarDay {
            CalendarDay(containing: ReportingPeriod.calendar.date(byAdding: .month, value: months, to: day.start)!)
        }
        let admin = try await UserRepository(db: db).find(email: DemoInitiative.people[0].email)?.requireID()
        let setUp = ReportingPeriod.calendar.date(byAdding: .month, value: -24, to: today)!
        var ids: [String: UUID] = [:]
        for body in DemoGovernance.bodies {
            let model = try await governance.createBody(kind: body.kind, name: body.name,
                                                        charter: Charter(purpose: body.purpose, scope: body.scope, decisionRights: body.decisionRights),
                                                        userID: admin, now: setUp)
            let id = try model.requireID()
            ids[body.name] = id
            for strategy in body.strategies { try await governance.assign(strategyID: parts[strategy]!, to: id) }
            for member in body.members {
                var userID: UUID?
                if let email = member.email { userID = try await UserRepository(db: db).find(email: email)?.requireID() }
                try await governance.addMember(to: id, .init(name: member.name, organizationID: organizations[member.organization], userID: userID,
                                                             role: member.role, termStart: monthsFromToday(-member.startedMonthsAgo).key,
                                                             termEnd: member.endedMonthsAgo.map { monthsFromToday(-$0).key } ?? ""))
            }
            try await governance.setStatus(id, to: .active, note: "Charter agreed.", userID: admin, now: setUp.addingTimeInterval(30 * 86_400))
        }
        let merged = DemoGovernance.mergedTaskForce
        try await governance.merge(ids[merged.name]!, into: ids[merged.into]!, userID: admin, now: ReportingPeriod.calendar.date(byAdding: .month, value: -12, to: today)!)
        for body in DemoGovernance.bodies where body.status != .active {
            try await governance.setStatus(ids[body.name]!, to: body.status, note: DemoGovernance.pausedNote, userID: admin,
                                           now: ReportingPeriod.calendar.date(byAdding: .month, value: -1, to: today)!)
        }
        let quarter = day.quarter
        for entry in DemoGovernance.cycles {
            try await governance.saveCycle(of: ids[entry.group]!, quarter: quarter.shifted(by: -entry.quartersAgo).key,
                                           CycleRecord(stage: entry.stage, notes: entry.notes), expectedRevision: 0, userID: admin, now: today)
        }
        let activities = ActivityRepository(db: db, scope: scope)
        for activity in DemoGovernance.activities {
            try await activities.create(.init(
                organizationID: organizations[activity.partner], strategyID: parts[activity.strategy], outcomeID: activity.outcome.flatMap { parts[$0] },
                text: ActivityText(kind: activity.kind, description: "", population: activity.population, geography: activity.geography, expectedOutputs: activity.outputs),
                startsOn: monthsFromToday(activity.startMonths).key, endsOn: activity.endMonths.map { monthsFromToday($0).key } ?? "",
                status: activity.status.rawValue, indicatorIDs: activity.indicators.compactMap { indicators[$0] }), userID: admin, now: today)
        }
        return true
    }

    /// The demo's meetings with minutes, decisions and action items, once.
    @discardableResult
    public func seedMeetings(asOf today: Date) async throws -> Bool {
        try await db.transaction { tx in try await DemoSeeder(db: tx).seedMeetingsOnce(asOf: today) }
    }

    private func seedMeetingsOnce(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let meetings = MeetingRepository(db: db, scope: scope)
        if try await !meetings.meetings().isEmpty { return false }
        let bodies = Dictionary(uniqueKeysWithValues: try await GovernanceRepository(db: db, scope: scope).bodies().map { ($0.name, $0.id!) })
        let indicators = Dictionary(uniqueKeysWithValues: try await IndicatorRepository(db: db, scope: scope).listing().map { ($0.indicator.code, $0.indicator.id!) })
        let users = UserRepository(db: db)
        let admin = try await users.find(email: DemoInitiative.people[0].email)?.requireID()
        let zone = TimeZone(identifier: DemoMeetings.timeZone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        for demo in DemoMeetings.meetings {
            let day = CalendarDay(containing: calendar.date(byAdding: .day, value: demo.inDays, to: today)!)
            let time = try MeetingTime.parse(day: day.key, start: String(format: "%02d:00", demo.hour), end: String(format: "%02d:30", demo.hour + 1), zone: zone.identifier)
            let meeting = try await meetings.schedule(.init(bodyID: demo.body.flatMap { bodies[$0] }, title: demo.title, time: time, place: demo.place, videoURL: demo.video),
                                                      userID: admin, now: today)
            let id = try meeting.requireID()
            for item in demo.agenda {
                try await meetings.addAgendaItem(to: id, title: item.title, presenter: item.presenter, minutes: String(item.minutes),
                                                 link: item.indicator.flatMap { indicators[$0] }.map { (LinkedKind.indicator, $0) })
            }
            guard demo.inDays < 0 else { continue }
            let updates = UpdateRepository(db: db, scope: scope)
            if !demo.minutes.isEmpty {
                try await meetings.saveMinutes(id, text: demo.minutes, expectedRevision: 1, now: time.end)
                try await updates.record(.minutesPublished, title: "Minutes of “\(demo.title)” (\(day.key))", path: "/i/\(DemoInitiative.slug)/meetings/\(id.uuidString)",
                                         bodyID: meeting.bodyID, authorID: admin, now: time.end)
            }
            for invitee in try await meetings.invitees(of: id) { try await meetings.setAttendance(of: invitee.userID, at: id, to: .attended) }
            for decision in demo.decisions {
                let recorded = try await meetings.recordDecision(in: meeting, text: decision.text, rationale: decision.rationale, link: nil, userID: admin)
                try await updates.record(.decisionRecorded, title: "Decided at “\(demo.title)”: \(decision.text)",
                                         path: "/i/\(DemoInitiative.slug)/decisions/\(try recorded.requireID().uuidString)", bodyID: meeting.bodyID, authorID: admin, now: time.end)
            }
            for action in demo.actions {
                guard let owner = try await users.find(email: action.ownerEmail)?.requireID() else { continue }
                let due = CalendarDay(containing: calendar.date(byAdding: .day, value: action.dueInDays, to: today)!)
                try await meetings.raiseActionItem(in: meeting, text: action.text, ownerID: owner, dueOn: due.key, now: time.end)
                if action.done, let item = try await meetings.actionItems(raisedIn: [id]).first(where: { $0.text == action.text }) {
                    try await meetings.setStatus(of: item, to: .done, now: due.start)
                }
            }
        }
        for announcement in DemoMeetings.announcements {
            try await UpdateRepository(db: db, scope: scope).record(.announcement, title: announcement.title, text: announcement.text,
                                                                   path: "/i/\(DemoInitiative.slug)/updates", authorID: admin,
                                                                   now: today.addingTimeInterval(-Double(announcement.daysAgo) * 86_400))
        }
        let organizations = Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: db, scope: scope).all().map { ($0.name, $0.id!) })
        let storyRepository = StoryRepository(db: db, scope: scope)
        for (index, demo) in DemoMeetings.stories.enumerated() {
            let story = try await storyRepository.submit(.init(
                organizationID: organizations[demo.partner], title: demo.title, text: demo.text, aboutPerson: demo.about, consent: demo.consent.rawValue,
                consentNote: demo.consent == .given ? "Signed release form, kept by the partner." : "", strategyID: nil, indicatorID: demo.indicator.flatMap { indicators[$0] },
                tags: demo.tags, photo: nil, photoType: nil), userID: admin, now: today.addingTimeInterval(-Double(30 - index * 6) * 86_400))
            if demo.published { try await storyRepository.setStatus(story, to: .published, now: today.addingTimeInterval(-Double(28 - index * 6) * 86_400)) }
        }
        let comments = CommentRepository(db: db, scope: scope)
        let decisions = try await meetings.decisions()
        let storyIDs = Dictionary(uniqueKeysWithValues: try await storyRepository.all().map { ($0.title, $0.id!) })
        for (index, demo) in DemoMeetings.comments.enumerated() {
            guard let author = try await users.find(email: demo.author)?.requireID() else { continue }
            let parts = demo.target.split(separator: ":", maxSplits: 1).map(String.init)
            let target: (CommentTarget, UUID)?
            switch parts[0] {
            case "indicator": target = indicators[parts[1]].map { (.indicator, $0) }
            case "decision": target = decisions.first { $0.text.hasPrefix(parts[1]) }.map { (.decision, $0.id!) }
            default: target = storyIDs[parts[1]].map { (.story, $0) }
            }
            guard let target else { continue }
            // The demo's comments mention no one, so every member counts as a reader here.
            _ = try await comments.add(target.0, target.1, parentID: nil, text: demo.text, authorID: author,
                                       now: today.addingTimeInterval(-Double(10 - index) * 86_400), readableBy: { _ in true })
        }
        for version in try await AgendaRepository(db: db, scope: scope).versions() {
            try await UpdateRepository(db: db, scope: scope).record(.agendaPublished, title: "Version \(version.number) of the common agenda was published",
                                                                   text: version.note, path: "/i/\(DemoInitiative.slug)/agenda/versions/\(version.number)",
                                                                   authorID: admin, now: version.publishedAt)
        }
        return true
    }

    /// The demo's impact reports, composed from its records: two released, one draft; once.
    @discardableResult
    public func seedImpactReports(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let reports = ImpactReportRepository(db: db, scope: scope)
        if try await !reports.all(includeDrafts: true).isEmpty { return false }
        let indicators = Dictionary(uniqueKeysWithValues: try await IndicatorRepository(db: db, scope: scope).listing().map { ($0.indicator.code, $0.indicator.id!) })
        let admin = try await UserRepository(db: db).find(email: DemoInitiative.people[0].email)?.requireID()
        let quarter = ReportingPeriod.containing(today, frequency: .quarterly)
        for demo in DemoImpactReports.reports {
            let plan = try ImpactReportPlan(title: demo.title + (demo.firstQuarterBack == demo.lastQuarterBack ? ", \(quarter.shifted(by: -demo.lastQuarterBack))" : ""),
                                            audience: demo.audience, from: quarter.shifted(by: -demo.firstQuarterBack).key,
                                            to: quarter.shifted(by: -demo.lastQuarterBack).key, sections: DemoImpactReports.sections,
                                            headlineIndicators: demo.headline.compactMap { indicators[$0] }, context: demo.context, nextSteps: demo.nextSteps)
                .validated(known: Set(indicators.values))
            let report = try await reports.create(plan, userID: admin, now: today)
            guard demo.released else { continue }
            try await reports.release(report, expectedRevision: 1, supersedes: nil, userID: admin,
                                      path: "/i/\(DemoInitiative.slug)/impact-reports/\(try report.requireID().uuidString)", now: today) { tx in
                try await ImpactReportComposer(db: tx, scope: scope).compose(plan, initiative: initiative, indicatorName: { $0.name }, now: today)
            }
        }
        return true
    }

    /// A few what-if scenarios on the demo's indicators, so the indicator pages show forecasts
    /// compared with plans; once.
    @discardableResult
    public func seedScenarios(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let scenarios = ScenarioRepository(db: db, scope: scope)
        if try await !scenarios.all().isEmpty { return false }
        let indicators = Dictionary(uniqueKeysWithValues: try await IndicatorRepository(db: db, scope: scope).listing().map { ($0.indicator.code, $0.indicator) })
        let organizations = Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: db, scope: scope).all().map { ($0.name, $0.id!) })
        let activities = try await ActivityRepository(db: db, scope: scope).all()
        let admin = try await UserRepository(db: db).find(email: DemoInitiative.people[0].email)?.requireID()
        for demo in DemoScenarios.all {
            guard let indicator = indicators[demo.indicator] else { continue }
            let from = ReportingPeriod.containing(today, frequency: indicator.parsedFrequency).next.key
            let linked = activities.filter { $0.kind == demo.activity && organizations[demo.activityPartner] == $0.organizationID }
            let plan = ScenarioPlan(name: demo.name, description: demo.description, changes: demo.changes.map { change in
                ScenarioChange(kind: change.kind, partners: change.partners.compactMap { organizations[$0] }, from: from, amount: change.amount,
                               name: change.name, numerator: change.numerator, denominator: change.denominator)
            }, activityIDs: linked.compactMap(\.id), strategyID: linked.first?.strategyID)
            _ = try await scenarios.create(indicatorID: try indicator.requireID(), plan: plan, userID: admin, now: today)
        }
        return true
    }

    /// Turns the demo's public results on (see `DemoPublishing`), once.
    @discardableResult
    public func seedPublishing(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let publishing = PublishingRepository(db: db, scope: scope)
        guard try await publishing.choices().revision == 0 else { return false }
        let listing = try await IndicatorRepository(db: db, scope: scope).listing()
        let known = listing.compactMap { entry in
            entry.indicator.id.map { PublishingChoices.Known(id: $0, code: entry.indicator.code, rule: entry.current.definition.aggregation,
                                                              frequency: entry.indicator.parsedFrequency, dimensionKeys: entry.indicator.dimensionKeyList) }
        }
        let choices = PublishingChoices(isPublic: true, indicators: DemoPublishing.indicators.compactMap { demo in
            known.first { $0.code == demo.code }.map { PublicIndicatorChoice(indicatorID: $0.id, breakdowns: demo.breakdowns, byPartner: demo.byPartner) }
        })
        let admin = try await UserRepository(db: db).find(email: DemoInitiative.people[0].email)?.requireID()
        try await publishing.save(try choices.validated(known: known), expectedRevision: .none, userID: admin, now: today)
        for organization in try await OrganizationRepository(db: db, scope: scope).all() where DemoPublishing.consenting.contains(organization.name) {
            try await publishing.recordConsent(organizationID: try organization.requireID(), given: true, userID: admin, now: today)
        }
        return true
    }

    private func endorse(_ number: Int, by emails: [String], agenda: AgendaRepository, scope: InitiativeScope, at date: Date) async throws {
        for email in emails {
            guard let user = try await UserRepository(db: db).find(email: email),
                  let membership = try await InitiativeRepository(db: db).membership(userID: user.requireID(), initiativeID: scope.initiativeID)
            else { continue }
            try await agenda.endorse(number: number, organizationID: membership.organizationID, userID: user.requireID(), now: date)
        }
    }

    @discardableResult
    private func upsertUser(_ person: DemoInitiative.Person, passwordHash: String, platformAdmin: Bool,
                            now: Date, on tx: any Database) async throws -> UserModel {
        if let existing = try await UserRepository(db: tx).find(email: person.email) { return existing }
        let user = UserModel(email: person.email, displayName: person.displayName, passwordHash: passwordHash,
                             isPlatformAdmin: platformAdmin, createdAt: now)
        try await user.create(on: tx)
        return user
    }
}
