import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/meetings`, `/decisions` and `/action-items`: the record of the
/// initiative's meetings as data.
enum MeetingAPI {
    struct AgendaItemDTO: Content {
        let position: Int
        let title: String
        let presenter: String
        let minutes: Int
        let linkedKind: String?
        let linkedID: UUID?
    }

    struct MeetingDTO: Content {
        let id: UUID
        let bodyID: UUID?
        let title: String
        let startsAt: Date
        let endsAt: Date
        let timeZone: String
        let place: String
        let videoURL: String
        let minutes: String
        let revision: Int
        let agenda: [AgendaItemDTO]
        let attendance: [String: Int]
    }

    struct DecisionDTO: Content {
        let id: UUID
        let meetingID: UUID
        let text: String
        let rationale: String
        let decidedAt: Date
        let linkedKind: String?
        let linkedID: UUID?

        init(_ decision: DecisionModel) throws {
            id = try decision.requireID()
            meetingID = decision.meetingID
            text = decision.text
            rationale = decision.rationale
            decidedAt = decision.decidedAt
            linkedKind = decision.linkedKind
            linkedID = decision.linkedID
        }
    }

    struct ActionItemDTO: Content {
        let id: UUID
        let meetingID: UUID
        let text: String
        let ownerID: UUID
        let dueOn: String
        let status: String
        let closedAt: Date?

        init(_ item: ActionItemModel) throws {
            id = try item.requireID()
            meetingID = item.meetingID
            text = item.text
            ownerID = item.ownerID
            dueOn = item.dueOn
            status = item.parsedStatus.rawValue
            closedAt = item.closedAt
        }
    }

    /// GET /api/v1/initiatives/:slug/meetings: every meeting, soonest first, with its agenda
    /// and how many invitees answered what.
    @Sendable static func meetings(req: Request) async throws -> ListDTO<MeetingDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let repository = MeetingRepository(db: req.db, scope: access.scope)
        var items: [MeetingDTO] = []
        for meeting in try await repository.meetings() {
            let id = try meeting.requireID()
            let attendance = Dictionary(grouping: try await repository.invitees(of: id), by: \.parsedStatus)
            items.append(MeetingDTO(
                id: id, bodyID: meeting.bodyID, title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt, timeZone: meeting.timeZone,
                place: meeting.place, videoURL: meeting.videoURL, minutes: meeting.minutes, revision: meeting.revision,
                agenda: try await repository.agendaItems(of: id).map {
                    AgendaItemDTO(position: $0.position, title: $0.title, presenter: $0.presenter, minutes: $0.minutesAllotted, linkedKind: $0.linkedKind, linkedID: $0.linkedID)
                },
                attendance: Dictionary(uniqueKeysWithValues: AttendanceStatus.allCases.map { ($0.rawValue, attendance[$0]?.count ?? 0) })))
        }
        return ListDTO(items: items)
    }

    /// GET /api/v1/initiatives/:slug/decisions?q=&body=
    @Sendable static func decisions(req: Request) async throws -> ListDTO<DecisionDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let query = (try? req.query.get(String.self, at: "q")) ?? ""
        if query.count > 200 { throw FieldErrors("q", Texts.current("error.searchWithMostCharacters")) }
        var bodyID: UUID?
        if let raw = try? req.query.get(String.self, at: "body") {
            guard let id = UUID(uuidString: raw) else { throw FieldErrors("body", Texts.current("error.giveBodySId")) }
            bodyID = id
        }
        return ListDTO(items: try await MeetingRepository(db: req.db, scope: access.scope).decisions(matching: query, bodyID: bodyID).map(DecisionDTO.init))
    }

    /// GET /api/v1/initiatives/:slug/action-items: the caller's open action items, or with
    /// `?scope=all` (for those who may manage meetings) every item of every meeting.
    @Sendable static func actionItems(req: Request) async throws -> ListDTO<ActionItemDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let repository = MeetingRepository(db: req.db, scope: access.scope)
        let scope = (try? req.query.get(String.self, at: "scope")) ?? "mine"
        switch scope {
        case "mine":
            return ListDTO(items: try await repository.openActionItems(ownerID: req.requireSignedIn().user.requireID()).map(ActionItemDTO.init))
        case "all":
            try access.require(.manageMeetings)
            return ListDTO(items: try await repository.actionItems(raisedIn: repository.meetings().map { try $0.requireID() }).map(ActionItemDTO.init))
        default:
            throw FieldErrors("scope", Texts.current("error.useMineAll"))
        }
    }
}

/// `/api/v1/initiatives/{slug}/updates`: the updates feed as data.
enum UpdateAPI {
    struct UpdateDTO: Content {
        let id: UUID
        let kind: String
        let title: String
        let text: String
        let path: String
        let bodyID: UUID?
        let organizationID: UUID?
        let createdAt: Date
    }

    /// GET /api/v1/initiatives/:slug/updates?kind=&body=&partner=
    @Sendable static func updates(req: Request) async throws -> ListDTO<UpdateDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        var filter = UpdateRepository.Filter()
        var errors = FieldErrors()
        if let raw = try? req.query.get(String.self, at: "kind") {
            filter.kind = UpdateKind(rawValue: raw)
            if filter.kind == nil { errors.add("kind", Texts.current("error.useOne", ["allCases": "\(UpdateKind.allCases.map(\.rawValue).joined(separator: ", "))"])) }
        }
        for (name, keyPath) in [("body", \UpdateRepository.Filter.bodyID), ("partner", \UpdateRepository.Filter.organizationID)] {
            guard let raw = try? req.query.get(String.self, at: name) else { continue }
            if let id = UUID(uuidString: raw) { filter[keyPath: keyPath] = id } else { errors.add(name, Texts.current("error.giveId")) }
        }
        try errors.throwIfAny()
        return ListDTO(items: try await UpdateRepository(db: req.db, scope: access.scope).feed(filter).map {
            UpdateDTO(id: try $0.requireID(), kind: $0.parsedKind.rawValue, title: $0.title, text: $0.text, path: $0.path, bodyID: $0.bodyID,
                      organizationID: $0.organizationID, createdAt: $0.createdAt)
        })
    }
}

/// `/api/v1/initiatives/{slug}/stories`: the stories the caller may see.
enum StoryAPI {
    struct StoryDTO: Content {
        let id: UUID
        let organizationID: UUID
        let title: String
        let text: String
        let status: String
        let consent: String
        let isPublic: Bool
        let tags: [String]
        let strategyID: UUID?
        let indicatorID: UUID?
        let createdAt: Date
        let publishedAt: Date?
    }

    /// GET /api/v1/initiatives/:slug/stories
    @Sendable static func stories(req: Request) async throws -> ListDTO<StoryDTO> {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        return ListDTO(items: try await StoryRepository(db: req.db, scope: access.scope).all().filter { StoryController.canSee($0, access) }.map {
            StoryDTO(id: try $0.requireID(), organizationID: $0.organizationID, title: $0.title, text: $0.text, status: $0.parsedStatus.rawValue,
                     consent: $0.parsedConsent.rawValue, isPublic: $0.isPublic, tags: $0.tagList, strategyID: $0.strategyID, indicatorID: $0.indicatorID,
                     createdAt: $0.createdAt, publishedAt: $0.publishedAt)
        })
    }
}
