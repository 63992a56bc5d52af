import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

extension Application {
    /// How notification emails are signed and linked; nil when no mail server is configured.
    var letterhead: Outbox.Letterhead? {
        guard backbone.mail != nil else { return nil }
        return Outbox.Letterhead(product: "Backbone", siteURL: backbone.absoluteURL("", on: self),
                                 settingsURL: backbone.absoluteURL(SiteURL.accountNotifications.path, on: self))
    }
}

extension Request {
    /// Notifies people of something in an initiative, as each of them chose and in the language
    /// each of them reads (`text` is written once per recipient); never the person who caused
    /// it. `db` is the transaction of the change that causes it, so that the notifications and
    /// their mail commit with the change or not at all.
    func notify(_ userIDs: [UUID], in access: InitiativeAccess, _ kind: NotificationKind, path: String, on db: any Database,
                _ text: @escaping @Sendable (Texts) -> String) async throws {
        let others = userIDs.filter { $0 != signedIn?.user.id }
        guard !others.isEmpty else { return }
        try await NotificationRepository(db: db).notify(others, initiativeID: access.scope.initiativeID, kind: kind, path: path,
                                                         now: Date(), mail: application.letterhead, text: text)
    }
}
