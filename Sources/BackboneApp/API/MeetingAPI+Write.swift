import BackboneDomain
import BackbonePersistence
import Vapor

/// Meetings, decisions, action items and stories written through the API, with the pages'
/// permissions, checks and side effects (invitations, feed entries, notices).
extension MeetingAPI {
    struct NewMeetingBody: StrictBody {
        let body: UUID?
        let title: String
        let day: String
        let startTime: String
        let endTime: String
        let timeZone: String
        let place: String?
        let videoURL: String?
        static let allowedFields: Set<String> = ["body", "title", "day", "startTime", "endTime", "timeZone", "place", "videoURL"]
    }

    /// POST /api/v1/initiatives/:slug/meetings: schedules a meeting of a body (or of all
    /// partners) and invites its people.
    @Sendable static func schedule(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let body = try req.decodeStrict(NewMeetingBody.self)
        guard try await GovernanceRights.load(req, access).canManageMeetings(of: body.body) else {
            throw Abort(.forbidden, reason: Texts.current("error.onlyBackboneWorkingGroup"))
        }
        var errors = FieldErrors()
        errors.refuseNUL(["title": body.title, "place": body.place ?? "", "videoURL": body.videoURL ?? ""])
        try errors.throwIfAny()
        let time = try MeetingTime.parse(day: body.day, start: body.startTime, end: body.endTime, zone: body.timeZone)
        let meeting = try await MeetingDesk.schedule(req, access, .init(bodyID: body.body, title: body.title, time: time,
                                                                        place: body.place ?? "", videoURL: body.videoURL ?? ""))
        let repository = MeetingRepository(db: req.db, scope: access.scope)
        let invitees = try await repository.invitees(of: meeting.requireID())
        return try await MeetingDTO(
            id: try meeting.requireID(), bodyID: meeting.bodyID, title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt, timeZone: meeting.timeZone,
            place: meeting.place, videoURL: meeting.videoURL, minutes: meeting.minutes, revision: meeting.revision, agenda: [],
            attendance: Dictionary(uniqueKeysWithValues: AttendanceStatus.allCases.map { status in (status.rawValue, invitees.filter { $0.parsedStatus == status }.count) }))
            .encodeResponse(status: .created, for: req)
    }

    /// The meeting in the path, for those who may keep its record.
    private static func managedMeeting(_ req: Request, _ access: InitiativeAccess) async throws -> MeetingModel {
        guard let meeting = try await MeetingRepository(db: req.db, scope: access.scope).meeting(try req.uuidParameter("id")) else { throw Abort(.notFound) }
        guard try await GovernanceRights.load(req, access).canManageMeetings(of: meeting.bodyID) else {
            throw Abort(.forbidden, reason: Texts.current("error.onlyBackboneWorkingGroup2"))
        }
        return meeting
    }

    struct DecisionBody: StrictBody {
        let decision: String
        let rationale: String?
        /// What it concerns, as `kind:id` (indicator, strategy, activity…).
        let link: String?
        static let allowedFields: Set<String> = ["decision", "rationale", "link"]
    }

    /// POST /api/v1/initiatives/:slug/meetings/:id/decisions
    @Sendable static func decide(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let meeting = try await managedMeeting(req, access)
        let body = try req.decodeStrict(DecisionBody.self)
        var errors = FieldErrors()
        errors.refuseNUL(["decision": body.decision, "rationale": body.rationale ?? ""])
        try errors.throwIfAny()
        let link = try MeetingController.link(body.link)
        let userID = try req.requireSignedIn().user.requireID()
        let decision = try await req.db.transaction { tx in
            try await MeetingDesk.decide(req, access, in: meeting, text: body.decision, rationale: body.rationale ?? "", link: link, userID: userID, on: tx)
        }
        return try await DecisionDTO(decision).encodeResponse(status: .created, for: req)
    }

    struct ActionItemBody: StrictBody {
        let text: String
        let owner: UUID
        let dueOn: String
        static let allowedFields: Set<String> = ["text", "owner", "dueOn"]
    }

    /// POST /api/v1/initiatives/:slug/meetings/:id/action-items
    @Sendable static func raise(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let meeting = try await managedMeeting(req, access)
        let body = try req.decodeStrict(ActionItemBody.self)
        var errors = FieldErrors()
        errors.refuseNUL(["text": body.text, "dueOn": body.dueOn])
        try errors.throwIfAny()
        let item = try await req.db.transaction { tx in
            try await MeetingDesk.raise(req, access, in: meeting, text: body.text, ownerID: body.owner, dueOn: body.dueOn, on: tx)
        }
        return try await ActionItemDTO(item).encodeResponse(status: .created, for: req)
    }
}

extension StoryAPI {
    struct NewStoryBody: StrictBody {
        let organization: UUID?
        let title: String
        let text: String
        let aboutPerson: String?
        /// given, refused or not_asked; a story shows in public only with consent given, and how it was given is noted.
        let consent: String
        let consentNote: String?
        let strategy: UUID?
        let indicator: UUID?
        let tags: [String]?
        static let allowedFields: Set<String> = ["organization", "title", "text", "aboutPerson", "consent", "consentNote", "strategy", "indicator", "tags"]
    }

    /// POST /api/v1/initiatives/:slug/stories: submits a story (without a photo: the page takes photos).
    @Sendable static func submit(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.submitStories)
        let body = try req.decodeStrict(NewStoryBody.self)
        if let organization = body.organization, !access.can(.publishStories), organization != access.membership?.organizationID {
            throw Abort(.forbidden, reason: Texts.current("error.youCanSubmitStories"))
        }
        var errors = FieldErrors()
        errors.refuseNUL(["title": body.title, "text": body.text, "aboutPerson": body.aboutPerson ?? "", "consentNote": body.consentNote ?? "",
                          "tags": (body.tags ?? []).joined()])
        if (body.tags ?? []).contains(where: { $0.contains(",") }) { errors.add("tags", Texts.current("error.tagWithoutComma")) }
        if (body.tags ?? []).count > 20 { errors.add("tags", Texts.current("error.bulkTooMany", ["limit": "20"])) }
        try errors.throwIfAny()
        let story = try await StoryRepository(db: req.db, scope: access.scope).submit(.init(
            organizationID: body.organization, title: body.title, text: body.text, aboutPerson: body.aboutPerson ?? "", consent: body.consent,
            consentNote: body.consentNote ?? "", strategyID: body.strategy, indicatorID: body.indicator, tags: (body.tags ?? []).joined(separator: ", "),
            photo: nil, photoType: nil, photoAlt: ""), userID: req.signedIn?.user.id, now: Date())
        return try await StoryDTO(id: try story.requireID(), organizationID: story.organizationID, title: story.title, text: story.text,
                                  status: story.parsedStatus.rawValue, consent: story.parsedConsent.rawValue, isPublic: story.isPublic, tags: story.tagList,
                                  strategyID: story.strategyID, indicatorID: story.indicatorID, createdAt: story.createdAt, publishedAt: story.publishedAt)
            .encodeResponse(status: .created, for: req)
    }
}
