import BackboneDomain
import BackbonePersistence
import Vapor

/// A person's notifications across their initiatives, and how they want to hear of each kind.
enum NotificationController {
    /// GET /notifications
    @Sendable static func list(req: Request) async throws -> Response {
        let userID = try req.requireSignedIn().user.requireID()
        let repository = NotificationRepository(db: req.db)
        let initiatives = Dictionary(uniqueKeysWithValues: try await InitiativeRepository(db: req.db).visible(to: req.requireSignedIn().user).map { ($0.id!, $0) })
        // Only what the person can still reach: a notification of an initiative they left stays hidden.
        let items = try await repository.recent(userID: userID).filter { initiatives[$0.initiativeID] != nil }
        return NotificationsPage(items: items, initiatives: initiatives, notice: Notice.from(req))
            .render(try await req.chrome(.notifications)).response()
    }

    /// POST /notifications/read: one (`id`) or all.
    @Sendable static func markRead(req: Request) async throws -> Response {
        let userID = try req.requireSignedIn().user.requireID()
        let form = try req.content.decode([String: String].self)
        try await NotificationRepository(db: req.db).markRead(userID: userID, id: form["id"].flatMap(UUID.init(uuidString:)), now: Date())
        if let path = LocalPath.checked(form["open"]) { return req.redirect(to: path) }
        return req.redirect(to: SiteURL.notifications.path)
    }

    /// GET /account/notifications
    @Sendable static func preferences(req: Request) async throws -> Response {
        try await settingsPage(req, newFeedURL: nil)
    }

    private static func settingsPage(_ req: Request, newFeedURL: String?) async throws -> Response {
        let user = try req.requireSignedIn().user
        return NotificationSettingsPage(choices: try await NotificationRepository(db: req.db).preferences(userID: user.requireID()),
                                        emailConfigured: req.application.backbone.mail != nil, email: user.email,
                                        hasCalendarFeed: try await CalendarFeedRepository(db: req.db).exists(userID: user.requireID()),
                                        newFeedURL: newFeedURL, notice: Notice.from(req))
            .render(try await req.chrome(.account)).response()
    }

    /// POST /account/calendar: makes (or replaces) the person's private calendar address and
    /// shows it once; only its hash is kept.
    @Sendable static func createCalendarFeed(req: Request) async throws -> Response {
        let userID = try req.requireSignedIn().user.requireID()
        let token = SecretToken.generate(prefix: "cal_")
        try await CalendarFeedRepository(db: req.db).replace(userID: userID, tokenHash: SecretToken.digest(token), now: Date())
        return try await settingsPage(req, newFeedURL: req.application.backbone.absoluteURL(SiteURL.calendarFeed(token: token).path, on: req.application))
    }

    /// GET /calendar/:file (`<token>.ics`): the meetings the address's owner is invited to, for
    /// calendar programs. An unknown or replaced address is simply not found.
    @Sendable static func calendarFeed(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".ics") else { throw Abort(.notFound) }
        let feeds = CalendarFeedRepository(db: req.db)
        guard let user = try await feeds.user(tokenHash: SecretToken.digest(String(file.dropLast(4)))) else { throw Abort(.notFound) }
        let events = try await feeds.meetings(of: user.requireID(), since: Date().addingTimeInterval(-90 * 86_400)).map { meeting, initiative in
            CalendarFile.Event(uid: "\(meeting.id!.uuidString)@backbone", start: meeting.startsAt, end: meeting.endsAt, summary: "\(meeting.title) (\(initiative.name))",
                               location: [meeting.place, meeting.videoURL].filter { !$0.isEmpty }.joined(separator: " · "), description: "",
                               url: req.application.backbone.absoluteURL(SiteURL.meeting(slug: initiative.slug, id: meeting.id!).path, on: req.application),
                               updated: meeting.updatedAt)
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(string: CalendarFile(name: "Backbone: \(user.displayName)", events: events).text))
    }

    /// POST /account/notifications
    @Sendable static func savePreferences(req: Request) async throws -> Response {
        let userID = try req.requireSignedIn().user.requireID()
        let form = try req.content.decode([String: String].self)
        let repository = NotificationRepository(db: req.db)
        var choices: [(NotificationKind, Delivery)] = []
        for kind in NotificationKind.allCases {
            guard let raw = form[kind.rawValue] else { continue }
            guard let delivery = Delivery(rawValue: raw) else { throw Abort(.unprocessableEntity, reason: Texts.current("error.chooseRightAwayDaily")) }
            choices.append((kind, delivery))
        }
        for (kind, delivery) in choices { try await repository.setPreference(userID: userID, kind: kind, delivery: delivery) }
        return req.redirect(to: Notice.settingsSaved.appended(to: SiteURL.accountNotifications.path))
    }
}
