import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/working-groups` and `/activities`: governance to read, the action
/// plan to read and write.
enum GovernanceAPI {
    struct MemberDTO: Content {
        let id: UUID
        let name: String
        let organizationID: UUID
        let role: String
        let termStart: String
        let termEnd: String?
    }

    struct CycleDTO: Content {
        let quarter: String
        let stage: String
        let notes: [String: String]
        let revision: Int
    }

    struct StatusEventDTO: Content {
        let status: String
        let note: String
        let changedAt: Date
    }

    struct BodyDTO: Content {
        let id: UUID
        let kind: String
        let name: String
        let status: String
        let purpose: String
        let scope: String
        let decisionRights: String
        let mergedIntoID: UUID?
        let strategyIDs: [UUID]
        let members: [MemberDTO]
        let cycle: [CycleDTO]
        let history: [StatusEventDTO]
    }

    /// GET /api/v1/initiatives/:slug/working-groups: the steering committee and every working
    /// group, closed ones included.
    @Sendable static func bodies(req: Request) async throws -> ListDTO<BodyDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let governance = GovernanceRepository(db: req.db, scope: access.scope)
        let members = try await governance.members(), strategies = try await governance.strategies(), cycles = try await governance.cycles()
        var items: [BodyDTO] = []
        for body in try await governance.bodies() {
            let id = try body.requireID()
            items.append(BodyDTO(
                id: id, kind: body.kind, name: body.name, status: body.parsedStatus.rawValue, purpose: body.purpose, scope: body.scope,
                decisionRights: body.decisionRights, mergedIntoID: body.mergedIntoID,
                strategyIDs: (strategies[id] ?? []).sorted { $0.uuidString < $1.uuidString },
                members: try members.filter { $0.bodyID == id }.map {
                    MemberDTO(id: try $0.requireID(), name: $0.name, organizationID: $0.organizationID, role: $0.parsedRole.rawValue,
                              termStart: $0.termStart, termEnd: $0.termEnd)
                },
                cycle: cycles.filter { $0.bodyID == id }.map { entry in
                    let record = entry.record
                    return CycleDTO(quarter: entry.quarter, stage: record.stage.rawValue,
                                    notes: Dictionary(uniqueKeysWithValues: CycleStep.allCases.map { ($0.rawValue, record.notes[$0] ?? "") }), revision: entry.revision)
                },
                history: try await governance.statusEvents(of: id).map { StatusEventDTO(status: $0.status, note: $0.note, changedAt: $0.changedAt) }))
        }
        return ListDTO(items: items)
    }

    struct ActivityDTO: Content {
        let id: UUID
        let organizationID: UUID
        let strategyID: UUID
        let outcomeID: UUID?
        let kind: String
        let description: String
        let population: String
        let geography: String
        let startsOn: String
        let endsOn: String?
        let status: String
        let expectedOutputs: String
        let indicatorIDs: [UUID]
        let revision: Int
        let updatedAt: Date

        init(_ activity: ActivityModel, indicators: [UUID]) throws {
            id = try activity.requireID()
            organizationID = activity.organizationID
            strategyID = activity.strategyID
            outcomeID = activity.outcomeID
            kind = activity.kind
            description = activity.description
            population = activity.population
            geography = activity.geography
            startsOn = activity.startsOn
            endsOn = activity.endsOn
            status = activity.parsedStatus.rawValue
            expectedOutputs = activity.expectedOutputs
            indicatorIDs = indicators.sorted { $0.uuidString < $1.uuidString }
            revision = activity.revision
            updatedAt = activity.updatedAt
        }
    }

    /// A new activity, or changes to one (fields left out keep their value; `revision` is the
    /// one read, so a change made meanwhile by someone else is refused with 409).
    struct ActivityBody: StrictBody {
        let organizationID: UUID?
        let strategyID: UUID?
        let outcomeID: UUID?
        let kind: String?
        let description: String?
        let population: String?
        let geography: String?
        let startsOn: String?
        let endsOn: String?
        let status: String?
        let expectedOutputs: String?
        let indicatorIDs: [UUID]?
        let revision: Revision?
        static let allowedFields: Set<String> = ["organizationID", "strategyID", "outcomeID", "kind", "description", "population", "geography",
                                                 "startsOn", "endsOn", "status", "expectedOutputs", "indicatorIDs", "revision"]

        func input(over activity: ActivityModel?, indicators: [UUID]) -> ActivityRepository.Input {
            ActivityRepository.Input(
                organizationID: organizationID ?? activity?.organizationID, strategyID: strategyID ?? activity?.strategyID,
                outcomeID: outcomeID ?? activity?.outcomeID,
                text: ActivityText(kind: kind ?? activity?.kind ?? "", description: description ?? activity?.description ?? "",
                                   population: population ?? activity?.population ?? "", geography: geography ?? activity?.geography ?? "",
                                   expectedOutputs: expectedOutputs ?? activity?.expectedOutputs ?? ""),
                startsOn: startsOn ?? activity?.startsOn ?? "", endsOn: endsOn ?? activity?.endsOn ?? "",
                status: status ?? activity?.status ?? ActivityStatus.planned.rawValue, indicatorIDs: indicatorIDs ?? indicators)
        }
    }

    /// GET /api/v1/initiatives/:slug/activities
    @Sendable static func activities(req: Request) async throws -> ListDTO<ActivityDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let repository = ActivityRepository(db: req.db, scope: access.scope)
        let activities = try await repository.all()
        let indicators = try await repository.indicators(of: activities)
        return ListDTO(items: try activities.map { try ActivityDTO($0, indicators: indicators[$0.id!] ?? []) })
    }

    /// POST /api/v1/initiatives/:slug/activities
    @Sendable static func createActivity(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let rights = try await GovernanceRights.load(req, access)
        guard rights.canAddActivities else { throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot2", ["role": "\(access.role.title)"])) }
        let body = try req.decodeStrict(ActivityBody.self)
        if body.revision != nil { throw FieldErrors("revision", Texts.current("error.newActivityHasNo")) }
        let input = body.input(over: nil, indicators: [])
        if let organization = input.organizationID, let strategy = input.strategyID {
            try rights.requireActivity(organization: organization, strategy: strategy)
        }
        let activity = try await ActivityRepository(db: req.db, scope: access.scope).create(input, userID: req.signedIn?.user.id, now: Date())
        return try await ActivityDTO(activity, indicators: input.indicatorIDs).encodeResponse(status: .created, for: req)
    }

    /// PATCH /api/v1/initiatives/:slug/activities/:id
    @Sendable static func updateActivity(req: Request) async throws -> ActivityDTO {
        let access = try await req.initiativeAccess()
        let repository = ActivityRepository(db: req.db, scope: access.scope)
        guard let activity = try await repository.find(try req.uuidParameter("id")) else { throw Abort(.notFound) }
        let rights = try await GovernanceRights.load(req, access)
        try rights.requireActivity(organization: activity.organizationID, strategy: activity.strategyID)
        let body = try req.decodeStrict(ActivityBody.self)
        guard let revision = body.revision else { throw FieldErrors("revision", Texts.current("error.sendRevisionYouRead")) }
        let input = body.input(over: activity, indicators: try await repository.indicators(of: [activity])[activity.id!] ?? [])
        if let organization = input.organizationID, let strategy = input.strategyID {
            try rights.requireActivity(organization: organization, strategy: strategy)
        }
        let updated = try await repository.update(try activity.requireID(), input, expectedRevision: revision, userID: req.signedIn?.user.id, now: Date())
        return try ActivityDTO(updated, indicators: input.indicatorIDs)
    }
}
