import BackboneDomain
import BackbonePersistence
import Vapor

/// The action plan: who does what under each strategy (the coverage matrix with its gaps and
/// possible duplication), a timeline, and each activity's page with its form.
enum ActivityController {
    struct ActivityForm: Content {
        var organization: String?
        var strategy: String?
        var outcome: String?
        var kind: String?
        var description: String?
        var population: String?
        var geography: String?
        var startsOn: String?
        var endsOn: String?
        var status: String?
        var expectedOutputs: String?
        var indicators: [String]?
        var revision: String?

        var input: ActivityRepository.Input {
            ActivityRepository.Input(
                organizationID: organization.flatMap(UUID.init(uuidString:)), strategyID: strategy.flatMap(UUID.init(uuidString:)),
                outcomeID: outcome.flatMap(UUID.init(uuidString:)),
                text: ActivityText(kind: kind ?? "", description: description ?? "", population: population ?? "", geography: geography ?? "",
                                   expectedOutputs: expectedOutputs ?? ""),
                startsOn: startsOn ?? "", endsOn: endsOn ?? "", status: status ?? "", indicatorIDs: (indicators ?? []).compactMap(UUID.init(uuidString:)))
        }

        init(organization: String? = nil, strategy: String? = nil) {
            self.organization = organization
            self.strategy = strategy
        }

        init(_ activity: ActivityModel, indicators: [UUID]) {
            organization = activity.organizationID.uuidString
            strategy = activity.strategyID.uuidString
            outcome = activity.outcomeID?.uuidString
            kind = activity.kind
            description = activity.description
            population = activity.population
            geography = activity.geography
            startsOn = activity.startsOn
            endsOn = activity.endsOn
            status = activity.status
            expectedOutputs = activity.expectedOutputs
            self.indicators = indicators.map(\.uuidString)
            revision = String(activity.revision)
        }
    }

    /// What the action plan's pages read, once.
    struct Plan {
        let activities: [ActivityModel]
        let strategies: [ChangeNodeModel]
        let outcomes: [ChangeNodeModel]
        let organizations: [OrganizationModel]
        let indicators: [IndicatorModel]
        let structure: GovernanceStructure
        let coverage: Coverage
    }

    static func plan(_ req: Request, _ access: InitiativeAccess) async throws -> Plan {
        let structure = try await GovernanceController.structure(req, access)
        let activities = try await ActivityRepository(db: req.db, scope: access.scope).all()
        let strategies = structure.changeParts.filter { $0.parsedKind == .strategy }
        return Plan(activities: activities, strategies: strategies, outcomes: structure.changeParts.filter { $0.parsedKind == .outcome },
                    organizations: structure.organizations,
                    indicators: try await IndicatorRepository(db: req.db, scope: access.scope).listing().map(\.indicator),
                    structure: structure,
                    coverage: Coverage(strategies: strategies.map { $0.id! }, activities: activities.map(\.facts)))
    }

    /// GET /i/:slug/activities
    @Sendable static func overview(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await overviewPage(req, access, notice: Notice.from(req),
                                      form: ActivityForm(organization: try? req.query.get(String.self, at: "organization"),
                                                         strategy: try? req.query.get(String.self, at: "strategy")))
    }

    private static func overviewPage(_ req: Request, _ access: InitiativeAccess, notice: Notice? = nil, errors: [String: String] = [:],
                                     form: ActivityForm) async throws -> Response {
        try access.require(.viewInitiative)
        var page = ActionPlanPage(access: access, rights: try await GovernanceRights.load(req, access), plan: try await plan(req, access),
                                  notice: notice, errors: errors, form: form)
        page.filter = .init(organizationID: (try? req.query.get(String.self, at: "of")).flatMap(UUID.init(uuidString:)),
                            status: (try? req.query.get(String.self, at: "status")).flatMap(ActivityStatus.init(rawValue:)))
        return page.render(try await req.chrome(.actionPlan, access: access)).response(status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// POST /i/:slug/activities
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let rights = try await GovernanceRights.load(req, access)
        guard rights.canAddActivities else { throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot2", ["role": "\(access.role.title)"])) }
        let form = try req.content.decode(ActivityForm.self)
        let input = form.input
        if let organization = input.organizationID, let strategy = input.strategyID {
            try rights.requireActivity(organization: organization, strategy: strategy)
        }
        do {
            _ = try await ActivityRepository(db: req.db, scope: access.scope).create(input, userID: req.signedIn?.user.id, now: Date())
        } catch let errors as FieldErrors {
            return try await overviewPage(req, access, errors: errors.messages, form: form)
        }
        return req.redirect(to: Notice.activityAdded.appended(to: SiteURL.activities(slug: access.slug).path) + "#coverage-title")
    }

    /// GET /i/:slug/activities/timeline
    @Sendable static func timeline(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        return TimelinePage(access: access, plan: try await plan(req, access), today: Date())
            .render(try await req.chrome(.actionPlan, access: access)).response()
    }

    /// GET /i/:slug/activities/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await activityPage(req, access, id: try req.uuidParameter("id"), notice: Notice.from(req))
    }

    private static func activityPage(_ req: Request, _ access: InitiativeAccess, id: UUID, notice: Notice? = nil, errors: [String: String] = [:],
                                     form: ActivityForm? = nil) async throws -> Response {
        try access.require(.viewInitiative)
        let repository = ActivityRepository(db: req.db, scope: access.scope)
        guard let activity = try await repository.find(id) else { throw Abort(.notFound) }
        let indicators = try await repository.indicators(of: [activity])[id] ?? []
        let page = ActivityPage(access: access, rights: try await GovernanceRights.load(req, access), plan: try await plan(req, access),
                                activity: activity, indicatorIDs: indicators, notice: notice, errors: errors,
                                form: form ?? ActivityForm(activity, indicators: indicators),
                                comments: try await CommentThread.load(req, access, .activity, id))
        return page.render(try await req.chrome(.actionPlan, access: access))
            .response(status: errors.isEmpty ? .ok : errors["revision"] != nil ? .conflict : .unprocessableEntity)
    }

    /// POST /i/:slug/activities/:id
    @Sendable static func update(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let id = try req.uuidParameter("id")
        let repository = ActivityRepository(db: req.db, scope: access.scope)
        guard let activity = try await repository.find(id) else { throw Abort(.notFound) }
        let rights = try await GovernanceRights.load(req, access)
        try rights.requireActivity(organization: activity.organizationID, strategy: activity.strategyID)
        let form = try req.content.decode(ActivityForm.self)
        let input = form.input
        // Moving it must land where the editor may act too.
        if let organization = input.organizationID, let strategy = input.strategyID {
            try rights.requireActivity(organization: organization, strategy: strategy)
        }
        do {
            _ = try await repository.update(id, input, expectedRevision: try Revision.fromForm(form.revision), userID: req.signedIn?.user.id, now: Date())
        } catch let errors as FieldErrors {
            return try await activityPage(req, access, id: id, errors: errors.messages, form: form)
        }
        return req.redirect(to: Notice.activitySaved.appended(to: SiteURL.activity(slug: access.slug, id: id).path))
    }
}
