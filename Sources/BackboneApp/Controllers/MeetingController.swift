import BackboneDomain
import BackbonePersistence
import Vapor

/// Meetings: the list, scheduling, each meeting's page with its forms, its calendar file, and
/// the initiative's decision log.
enum MeetingController {
    typealias Posted = [String: String]

    /// GET /i/:slug/meetings
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await listPage(req, access, notice: Notice.from(req))
    }

    private static func listPage(_ req: Request, _ access: InitiativeAccess, notice: Notice? = nil, errors: [String: String] = [:],
                                 posted: Posted = [:]) async throws -> Response {
        try access.require(.viewInitiative)
        let page = MeetingsPage(access: access, rights: try await GovernanceRights.load(req, access),
                                meetings: try await MeetingRepository(db: req.db, scope: access.scope).meetings(),
                                bodies: try await GovernanceRepository(db: req.db, scope: access.scope).bodies(),
                                now: Date(), notice: notice, errors: errors, posted: posted)
        return page.render(try await req.chrome(.meetings, access: access)).response(status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// POST /i/:slug/meetings
    @Sendable static func schedule(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let rights = try await GovernanceRights.load(req, access)
        let form = try req.content.decode(Posted.self)
        let bodyID = form["body"].flatMap(UUID.init(uuidString:))
        guard rights.canManageMeetings(of: bodyID) else {
            throw Abort(.forbidden, reason: Texts.current("error.onlyBackboneWorkingGroup"))
        }
        do {
            let time = try MeetingTime.parse(day: form["day"] ?? "", start: form["startTime"] ?? "", end: form["endTime"] ?? "", zone: form["timeZone"] ?? "")
            let meeting = try await MeetingDesk.schedule(req, access, .init(bodyID: bodyID, title: form["title"] ?? "", time: time,
                                                                            place: form["place"] ?? "", videoURL: form["videoURL"] ?? ""))
            let path = SiteURL.meeting(slug: access.slug, id: try meeting.requireID()).path
            return req.redirect(to: Notice.meetingScheduled.appended(to: path))
        } catch let errors as FieldErrors {
            return try await listPage(req, access, errors: errors.messages, posted: form)
        }
    }

    /// Everything a meeting's page shows, read once.
    struct Detail {
        let meeting: MeetingModel
        let body: GovernanceBodyModel?
        let agenda: [MeetingAgendaItemModel]
        let invitees: [MeetingInviteeModel]
        let decisions: [DecisionModel]
        let raised: [ActionItemModel]
        let carried: [ActionItemModel]
        /// Names of people by user id, for invitees and owners.
        let people: [UUID: String]
        let members: [MemberListing]
        /// Titles of everything an item or decision can link to, by id, with its page.
        let links: [UUID: (title: String, path: String)]
        let linkOptions: [(value: String, label: String)]
    }

    static func detail(_ req: Request, _ access: InitiativeAccess, _ id: UUID) async throws -> Detail {
        let repository = MeetingRepository(db: req.db, scope: access.scope)
        guard let meeting = try await repository.meeting(id) else { throw Abort(.notFound) }
        let body = try await meeting.bodyID.asyncFlatMap { try await GovernanceRepository(db: req.db, scope: access.scope).body($0) }
        let members = try await MembershipRepository(db: req.db, scope: access.scope).listing()
        let indicators = try await IndicatorRepository(db: req.db, scope: access.scope).listing().map(\.indicator)
        let strategies = try await TheoryOfChangeRepository(db: req.db, scope: access.scope).snapshot().nodes.filter { $0.parsedKind == .strategy }
        let activities = try await ActivityRepository(db: req.db, scope: access.scope).all()
        var links: [UUID: (title: String, path: String)] = [:]
        var options: [(value: String, label: String)] = []
        for indicator in indicators {
            links[indicator.id!] = (indicator.shownName, SiteURL.indicator(slug: access.slug, id: indicator.id!).path)
            options.append(("indicator:\(indicator.id!.uuidString)", Texts.current("meetings.linkIndicator", ["name": indicator.shownName])))
        }
        for strategy in strategies {
            links[strategy.id!] = (strategy.title, SiteURL.theoryOfChange(slug: access.slug).path + "#part-\(strategy.id!.uuidString)")
            options.append(("strategy:\(strategy.id!.uuidString)", Texts.current("meetings.linkStrategy", ["name": strategy.title])))
        }
        for activity in activities {
            links[activity.id!] = (activity.kind, SiteURL.activity(slug: access.slug, id: activity.id!).path)
        }
        for (id, quarter) in try await PeriodicAssessmentRepository(db: req.db, scope: access.scope).sharedTitles() {
            let title = Texts.current("periodic.pageTitle", ["quarter": ReportingPeriod(key: quarter).map(Texts.current.period) ?? quarter])
            links[id] = (title, SiteURL.periodicAssessment(slug: access.slug, quarter: quarter).path)
        }
        return Detail(meeting: meeting, body: body, agenda: try await repository.agendaItems(of: id), invitees: try await repository.invitees(of: id),
                      decisions: try await repository.decisions(in: id), raised: try await repository.actionItems(raisedIn: [id]),
                      carried: try await repository.carriedOver(into: meeting),
                      people: Dictionary(members.map { ($0.user.id!, $0.user.displayName) }, uniquingKeysWith: { a, _ in a }),
                      members: members, links: links, linkOptions: options)
    }

    /// GET /i/:slug/meetings/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await meetingPage(req, access, id: try req.uuidParameter("id"), notice: Notice.from(req))
    }

    private static func meetingPage(_ req: Request, _ access: InitiativeAccess, id: UUID, notice: Notice? = nil, failed: SiteURL.MeetingAction? = nil,
                                    errors: [String: String] = [:], posted: Posted = [:]) async throws -> Response {
        try access.require(.viewInitiative)
        let page = MeetingPage(access: access, rights: try await GovernanceRights.load(req, access), detail: try await detail(req, access, id),
                               userID: req.signedIn?.user.id, now: Date(), notice: notice, failed: failed, errors: errors, posted: posted)
        return page.render(try await req.chrome(.meetings, access: access))
            .response(status: errors.isEmpty ? .ok : errors["revision"] != nil ? .conflict : .unprocessableEntity)
    }

    /// "indicator:UUID" → the link, nil for "" (none); a malformed value is refused.
    static func link(_ value: String?) throws -> (LinkedKind, UUID)? {
        guard let value, !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = LinkedKind(rawValue: parts[0]), let id = UUID(uuidString: parts[1]) else {
            throw FieldErrors("link", Texts.current("error.chooseIndicatorStrategyFrom"))
        }
        return (kind, id)
    }

    /// POST /i/:slug/meetings/:id/:action
    static func handler(_ action: SiteURL.MeetingAction) -> @Sendable (Request) async throws -> Response {
        { req in
            let access = try await req.initiativeAccess()
            let id = try req.uuidParameter("id")
            let repository = MeetingRepository(db: req.db, scope: access.scope)
            guard let meeting = try await repository.meeting(id) else { throw Abort(.notFound) }
            let rights = try await GovernanceRights.load(req, access)
            let manages = rights.canManageMeetings(of: meeting.bodyID)
            let userID = try req.requireSignedIn().user.requireID()
            let form = try req.content.decode(Posted.self)
            @Sendable func requireManager() throws {
                guard manages else { throw Abort(.forbidden, reason: Texts.current("error.onlyBackboneWorkingGroup2")) }
            }
            do {
                // The change and what it causes (feed entries, notifications, mail) commit together.
                try await req.db.transaction { tx in
                    let repository = MeetingRepository(db: tx, scope: access.scope)
                    switch action {
                    case .agenda:
                        try requireManager()
                        try await repository.addAgendaItem(to: id, title: form["itemTitle"] ?? "", presenter: form["presenter"] ?? "",
                                                           minutes: form["minutesAllotted"] ?? "", link: try link(form["link"]))
                    case .invite:
                        try requireManager()
                        guard let invitee = form["invitee"].flatMap(UUID.init(uuidString:)) else { throw FieldErrors("invitee", Texts.current("error.choosePerson")) }
                        try await repository.invite(userID: invitee, to: id)
                        let (title, time) = (meeting.title, meeting.time)
                        try await req.notify([invitee], in: access, .meetingInvitation, path: SiteURL.meeting(slug: access.slug, id: id).path, on: tx) { t in
                            t("mail.invited", ["meeting": title, "time": time.display(t)])
                        }
                    case .attendance:
                        guard let status = form["status"].flatMap(AttendanceStatus.init(rawValue:)) else { throw FieldErrors("status", Texts.current("error.chooseAnswer")) }
                        let person = form["user"].flatMap(UUID.init(uuidString:)) ?? userID
                        // Invitees answer for themselves; who attended is recorded by those keeping the record.
                        if person != userID || status == .attended || status == .invited { try requireManager() }
                        try await repository.setAttendance(of: person, at: id, to: status)
                    case .minutes:
                        try requireManager()
                        try await repository.saveMinutes(id, text: form["minutes"] ?? "", expectedRevision: try Revision.fromForm(form["revision"]), now: Date())
                        if meeting.minutes.isEmpty, !(form["minutes"] ?? "").trimmed.isEmpty {
                            try await req.recordUpdate(.minutesPublished, in: access, title: Texts.current("feed.minutes", ["meeting": meeting.title, "day": Texts.current.day(meeting.startsAt, in: meeting.time.timeZone)]),
                                                       path: SiteURL.meeting(slug: access.slug, id: id).path + "#minutes-title", bodyID: meeting.bodyID, on: tx)
                        }
                    case .decisions:
                        try requireManager()
                        _ = try await MeetingDesk.decide(req, access, in: meeting, text: form["decision"] ?? "", rationale: form["rationale"] ?? "",
                                                         link: try link(form["decisionLink"]), userID: userID, on: tx)
                    case .actions:
                        try requireManager()
                        _ = try await MeetingDesk.raise(req, access, in: meeting, text: form["actionText"] ?? "", ownerID: form["owner"].flatMap(UUID.init(uuidString:)),
                                                        dueOn: form["dueOn"] ?? "", on: tx)
                    case .actionStatus:
                        guard let itemID = form["item"].flatMap(UUID.init(uuidString:)), let item = try await repository.actionItem(itemID) else { throw Abort(.notFound) }
                        guard let status = form["status"].flatMap(ActionItemStatus.init(rawValue:)) else { throw FieldErrors("status", Texts.current("error.chooseStatus")) }
                        // The owner closes their own; those keeping a record close any raised in their body's meetings.
                        let raisedIn = try await repository.meeting(item.meetingID)
                        guard item.ownerID == userID || rights.canManageMeetings(of: raisedIn?.bodyID) else {
                            throw Abort(.forbidden, reason: Texts.current("error.onlyOwnerBackboneGroup"))
                        }
                        try await repository.setStatus(of: item, to: status, now: Date())
                    }
                }
            } catch let errors as FieldErrors {
                return try await meetingPage(req, access, id: id, failed: action, errors: errors.messages, posted: form)
            }
            let back = form["back"] == "home" ? SiteURL.initiative(slug: access.slug).path : SiteURL.meeting(slug: access.slug, id: id).path
            return req.redirect(to: Notice.meetingSaved.appended(to: back))
        }
    }

    /// GET /i/:slug/meetings/:id/calendar.ics
    @Sendable static func calendar(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        guard let meeting = try await MeetingRepository(db: req.db, scope: access.scope).meeting(try req.uuidParameter("id")) else { throw Abort(.notFound) }
        let agenda = try await MeetingRepository(db: req.db, scope: access.scope).agendaItems(of: meeting.requireID())
        let url = req.application.backbone.absoluteURL(SiteURL.meeting(slug: access.slug, id: try meeting.requireID()).path, on: req.application)
        let file = CalendarFile(name: access.initiative.name, events: [CalendarFile.Event(
            uid: "\(try meeting.requireID().uuidString)@backbone", start: meeting.startsAt, end: meeting.endsAt, summary: meeting.title,
            location: [meeting.place, meeting.videoURL].filter { !$0.isEmpty }.joined(separator: " · "),
            description: agenda.map { "\($0.position). \($0.title) (\($0.minutesAllotted) min)" }.joined(separator: "\n"),
            url: url, updated: meeting.updatedAt)])
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"meeting.ics\"")
        return Response(status: .ok, headers: headers, body: .init(string: file.text))
    }

    /// GET /i/:slug/decisions/:id: one decision with its comments.
    @Sendable static func decision(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let repository = MeetingRepository(db: req.db, scope: access.scope)
        guard let decision = try await repository.decision(try req.uuidParameter("id")), let meeting = try await repository.meeting(decision.meetingID) else {
            throw Abort(.notFound)
        }
        let chrome = try await req.chrome(.meetings, access: access)
        let thread = try await CommentThread.load(req, access, .decision, decision.requireID())
        let t = chrome.t
        return Layout.page(t("review.decision"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.decisions(slug: access.slug).path), .text(t("meetings.decisionLog")))),
            .h1(.text(t("review.decision"))),
            .section(.class("panel"),
                .p(.class("decision-text"), .strong(.text(decision.text))),
                .if(!decision.rationale.isEmpty, .p(.text(t("meeting.why", ["reason": decision.rationale])))),
                .p(.class("meta"), .text(t("decision.decidedAt") + " "), .a(.href(SiteURL.meeting(slug: access.slug, id: meeting.id!).path), .text(meeting.title)),
                   .text(" · " + meeting.time.display(t)))),
            thread.render(chrome)).response()
    }

    /// GET /i/:slug/decisions?q=&body=
    @Sendable static func decisionLog(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let query = (try? req.query.get(String.self, at: "q")) ?? ""
        let bodyID = (try? req.query.get(String.self, at: "body")).flatMap(UUID.init(uuidString:))
        let repository = MeetingRepository(db: req.db, scope: access.scope)
        let decisions = try await repository.decisions(matching: String(query.prefix(200)), bodyID: bodyID)
        return DecisionLogPage(access: access, query: query, bodyID: bodyID, decisions: decisions,
                               meetings: Dictionary(uniqueKeysWithValues: try await repository.meetings().map { ($0.id!, $0) }),
                               bodies: try await GovernanceRepository(db: req.db, scope: access.scope).bodies())
            .render(try await req.chrome(.meetings, access: access)).response()
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
