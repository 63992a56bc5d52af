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
        if let path = form["open"], path.hasPrefix("/"), !path.hasPrefix("//") { return req.redirect(to: path) }
        return req.redirect(to: SiteURL.notifications.path)
    }

    /// GET /account/notifications
    @Sendable static func preferences(req: Request) async throws -> Response {
        let user = try req.requireSignedIn().user
        return NotificationSettingsPage(choices: try await NotificationRepository(db: req.db).preferences(userID: user.requireID()),
                                        emailConfigured: req.application.backbone.mail != nil, email: user.email, notice: Notice.from(req))
            .render(try await req.chrome(.account)).response()
    }

    /// POST /account/notifications
    @Sendable static func savePreferences(req: Request) async throws -> Response {
        let userID = try req.requireSignedIn().user.requireID()
        let form = try req.content.decode([String: String].self)
        let repository = NotificationRepository(db: req.db)
        var choices: [(NotificationKind, Delivery)] = []
        for kind in NotificationKind.allCases {
            guard let raw = form[kind.rawValue] else { continue }
            guard let delivery = Delivery(rawValue: raw) else { throw Abort(.unprocessableEntity, reason: "Choose right away, daily digest or off.") }
            choices.append((kind, delivery))
        }
        for (kind, delivery) in choices { try await repository.setPreference(userID: userID, kind: kind, delivery: delivery) }
        return req.redirect(to: Notice.settingsSaved.appended(to: SiteURL.accountNotifications.path))
    }
}
