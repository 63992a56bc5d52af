import BackboneDomain
import Fluent
import Foundation

extension DemoSeeder {
    /// The demo's assessment rounds and their answers (see `DemoAssessments`), once. The extra
    /// respondents are partners' viewers without a password: they exist to answer.
    @discardableResult
    public func seedAssessments(asOf today: Date) async throws -> Bool {
        guard let initiative = try await InitiativeRepository(db: db).find(slug: DemoInitiative.slug) else { return false }
        let initiativeID = try initiative.requireID()
        let scope = InitiativeScope(verifiedInitiativeID: initiativeID)
        let assessments = AssessmentRepository(db: db, scope: scope)
        if try await !assessments.rounds().isEmpty { return false }
        let organizations = Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: db, scope: scope).all().map { ($0.name, $0.id!) })
        let governance = GovernanceRepository(db: db, scope: scope)
        let bodies = Dictionary(try await governance.bodies().map { ($0.name, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let seatedSince = CalendarDay(containing: ReportingPeriod.calendar.date(byAdding: .month, value: -24, to: today) ?? today, in: initiative.zone)
        var people: [(userID: UUID, organizationID: UUID)] = []
        for person in DemoInitiative.people {
            guard let user = try await UserRepository(db: db).find(email: person.email), let organization = organizations[person.organizationName] else { continue }
            people.append((try user.requireID(), organization))
        }
        for respondent in DemoAssessments.respondents {
            guard let organization = organizations[respondent.organization] else { continue }
            let user = try await UserRepository(db: db).find(email: DemoAssessments.email(of: respondent.name))
                ?? UserModel(email: DemoAssessments.email(of: respondent.name), displayName: respondent.name, passwordHash: nil,
                             isPlatformAdmin: false, createdAt: today)
            if user.id == nil { try await user.create(on: db) }
            try await MembershipModel(userID: user.requireID(), initiativeID: initiativeID, organizationID: organization,
                                      role: .partnerViewer, createdAt: today).create(on: db)
            people.append((try user.requireID(), organization))
            let index = DemoAssessments.respondents.firstIndex { $0.name == respondent.name } ?? -1
            for (group, seated) in DemoAssessments.seats where seated.contains(index) {
                guard let body = bodies[group] else { continue }
                try await governance.addMember(to: body, .init(name: respondent.name, organizationID: organization, userID: try user.requireID(),
                                                               role: .member, termStart: seatedSince.key, termEnd: ""))
            }
        }
        let admin = people.first?.userID
        let zone = initiative.zone
        for round in DemoAssessments.rounds {
            let opened = ReportingPeriod.calendar.date(byAdding: .month, value: -round.monthsAgo, to: today) ?? today
            let first = CalendarDay(containing: opened, in: zone)
            let last = CalendarDay(containing: opened.addingTimeInterval(Double(round.days - 1) * 86_400), in: zone)
            let plan = RoundPlan(title: round.title, kind: round.kind, audience: AssessmentAudience(), opensOn: first, closesOn: last)
            let model = try await assessments.open(plan, threshold: AssessmentResults.standardThreshold, today: first, userID: admin, now: opened)
            let template = try await assessments.templates(ids: [model.templateID])[model.templateID]?.template ?? AssessmentTemplate.shipped[round.kind]!
            // The fit assessment came before most partners joined: fewer answered it.
            let answering = round.kind == .fit ? Array(people.prefix(12)) : people
            for (index, person) in answering.enumerated() {
                let answered = opened.addingTimeInterval(Double(index % round.days) * 86_400 + 3_600)
                _ = try await assessments.saveAnswers(round: try model.requireID(), userID: person.userID, organizationID: person.organizationID,
                                                      answers: DemoAssessments.answers(round, template: template, respondent: index), submit: true,
                                                      expectedRevision: nil, today: CalendarDay(containing: answered, in: zone), now: answered)
            }
        }
        return true
    }
}
