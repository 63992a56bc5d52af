import BackboneDomain
import BackbonePersistence
import Vapor

/// The steering committee and working groups: the structure for everyone to read, each body's
/// page with its charter, members, strategies and cycle, and the forms of those who run them.
enum GovernanceController {
    /// Form fields as posted; every form on these pages is small and re-shown as typed on error.
    typealias Posted = [String: String]

    /// GET /i/:slug/governance
    @Sendable static func overview(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await overviewPage(req, access, notice: Notice.from(req))
    }

    private static func overviewPage(_ req: Request, _ access: InitiativeAccess, notice: Notice? = nil, errors: [String: String] = [:],
                                     posted: Posted = [:]) async throws -> Response {
        try access.require(.viewInitiative)
        let page = GovernancePage(access: access, structure: try await structure(req, access), notice: notice, errors: errors, posted: posted)
        return page.render(try await req.chrome(.governance, access: access)).response(status: errors.isEmpty ? .ok : status(errors))
    }

    /// Everything the structure diagram and the lists need, read once.
    static func structure(_ req: Request, _ access: InitiativeAccess) async throws -> GovernanceStructure {
        let governance = GovernanceRepository(db: req.db, scope: access.scope)
        let bodies = try await governance.bodies()
        return GovernanceStructure(bodies: bodies, members: try await governance.members(), strategies: try await governance.strategies(),
                                   organizations: try await OrganizationRepository(db: req.db, scope: access.scope).all(),
                                   changeParts: try await TheoryOfChangeRepository(db: req.db, scope: access.scope).snapshot().nodes)
    }

    /// POST /i/:slug/governance: sets up a body.
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.editGovernance)
        let form = try req.content.decode(Posted.self)
        guard let kind = form["kind"].flatMap(BodyKind.init(rawValue:)) else {
            return try await overviewPage(req, access, errors: ["kind": Texts.current("error.chooseSteeringCommitteeWorking")], posted: form)
        }
        do {
            let body = try await GovernanceRepository(db: req.db, scope: access.scope)
                .createBody(kind: kind, name: form["name"] ?? "", charter: charter(form), userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.bodyCreated.appended(to: SiteURL.body(slug: access.slug, id: try body.requireID()).path))
        } catch let errors as FieldErrors {
            return try await overviewPage(req, access, errors: errors.messages, posted: form)
        }
    }

    /// GET /i/:slug/governance/cycles: every working group's quarters side by side.
    @Sendable static func cycles(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let governance = GovernanceRepository(db: req.db, scope: access.scope)
        let groups = try await governance.bodies().filter { $0.parsedKind == .workingGroup && $0.parsedStatus != .closed }
        return CyclesPage(access: access, groups: groups, entries: try await governance.cycles(of: groups.map { try $0.requireID() }), today: CalendarDay(containing: Date(), in: access.initiative.zone))
            .render(try await req.chrome(.governance, access: access)).response()
    }

    /// GET /i/:slug/governance/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await bodyPage(req, access, id: try req.uuidParameter("id"), notice: Notice.from(req))
    }

    private static func bodyPage(_ req: Request, _ access: InitiativeAccess, id: UUID, notice: Notice? = nil, failed: SiteURL.BodyAction? = nil,
                                 errors: [String: String] = [:], posted: Posted = [:]) async throws -> Response {
        try access.require(.viewInitiative)
        let governance = GovernanceRepository(db: req.db, scope: access.scope)
        guard let body = try await governance.body(id) else { throw Abort(.notFound) }
        let structure = try await structure(req, access)
        let owned = Set(structure.strategies[id] ?? [])
        let activities = try await ActivityRepository(db: req.db, scope: access.scope).all().filter { owned.contains($0.strategyID) }
        let page = BodyPage(access: access, rights: try await GovernanceRights.load(req, access), body: body, structure: structure,
                            events: try await governance.statusEvents(of: id), cycle: try await governance.cycles(of: [id]),
                            people: access.can(.viewPeople) || access.can(.editGovernance) ? try await MembershipRepository(db: req.db, scope: access.scope).listing() : [],
                            activities: activities, today: CalendarDay(containing: Date(), in: access.initiative.zone),
                            notice: notice, failed: failed, errors: errors, posted: posted)
        return page.render(try await req.chrome(.governance, access: access)).response(status: errors.isEmpty ? .ok : status(errors))
    }

    private static func status(_ errors: [String: String]) -> HTTPResponseStatus {
        errors["revision"] != nil ? .conflict : .unprocessableEntity
    }

    private static func charter(_ form: Posted) -> Charter {
        Charter(purpose: form["purpose"] ?? "", scope: form["scope"] ?? "", decisionRights: form["decisionRights"] ?? "")
    }

    /// POST /i/:slug/governance/:id/:action: every form of a body's page.
    static func handler(_ action: SiteURL.BodyAction) -> @Sendable (Request) async throws -> Response {
        { req in
            let access = try await req.initiativeAccess()
            let id = try req.uuidParameter("id")
            let rights = try await GovernanceRights.load(req, access)
            let form = try req.content.decode(Posted.self)
            let repository = GovernanceRepository(db: req.db, scope: access.scope)
            guard try await repository.body(id) != nil else { throw Abort(.notFound) }
            let userID = req.signedIn?.user.id
            let notice: Notice
            do {
                switch action {
                case .charter:
                    try access.require(.editGovernance)
                    try await repository.updateCharter(id, name: form["name"] ?? "", charter: charter(form), expectedRevision: try Revision.fromForm(form["revision"]))
                    notice = .charterSaved
                case .status:
                    try access.require(.editGovernance)
                    guard let status = form["status"].flatMap(BodyStatus.init(rawValue:)) else { throw FieldErrors("status", Texts.current("error.chooseStatus")) }
                    try await repository.setStatus(id, to: status, note: form["note"] ?? "", userID: userID, now: Date())
                    notice = .bodyStatusChanged
                case .merge:
                    try access.require(.editGovernance)
                    guard let target = form["into"].flatMap(UUID.init(uuidString:)) else { throw FieldErrors("into", Texts.current("error.chooseGroupMergeInto")) }
                    try await repository.merge(id, into: target, userID: userID, now: Date())
                    notice = .bodyMerged
                case .members:
                    try rights.requireEdit(body: id)
                    try await repository.addMember(to: id, .init(
                        name: form["memberName"] ?? "", organizationID: form["organization"].flatMap(UUID.init(uuidString:)),
                        userID: form["user"].flatMap(UUID.init(uuidString:)), role: form["role"].flatMap(BodyRole.init(rawValue:)),
                        termStart: form["termStart"] ?? "", termEnd: form["termEnd"] ?? ""))
                    notice = .bodyMemberAdded
                case .endTerm:
                    try rights.requireEdit(body: id)
                    guard let member = form["member"].flatMap(UUID.init(uuidString:)) else { throw FieldErrors("member", Texts.current("error.chooseMember")) }
                    let typed = form["termEnd"]?.trimmed ?? ""
                    let day = typed.isEmpty ? CalendarDay(containing: Date(), in: access.initiative.zone) : CalendarDay(key: typed)
                    guard let day else { throw FieldErrors("termEnd", Texts.current("error.giveLastDayDate")) }
                    try await repository.endTerm(memberID: member, of: id, on: day)
                    notice = .bodyTermEnded
                case .strategies, .strategiesRemove:
                    try access.require(.editGovernance)
                    guard let strategy = form["strategy"].flatMap(UUID.init(uuidString:)) else { throw FieldErrors("strategy", Texts.current("error.chooseStrategy")) }
                    if action == .strategies { try await repository.assign(strategyID: strategy, to: id) } else { try await repository.unassign(strategyID: strategy, from: id) }
                    notice = action == .strategies ? .strategyAssigned : .strategyUnassigned
                case .cycle:
                    try rights.requireEdit(body: id)
                    let record = CycleRecord(stage: form["stage"].flatMap(CycleStep.init(rawValue:)) ?? .plan,
                                             notes: Dictionary(uniqueKeysWithValues: CycleStep.allCases.map { ($0, form["note.\($0.rawValue)"] ?? "") }))
                    try await repository.saveCycle(of: id, quarter: form["quarter"] ?? "", record, expectedRevision: try Revision.fromForm(form["revision"]),
                                                   userID: userID, now: Date())
                    notice = .cycleSaved
                }
            } catch let errors as FieldErrors {
                return try await bodyPage(req, access, id: id, failed: action, errors: errors.messages, posted: form)
            }
            return req.redirect(to: notice.appended(to: SiteURL.body(slug: access.slug, id: id).path))
        }
    }
}
