import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// The person's notifications, newest first, unread ones marked.
struct NotificationsPage {
    let items: [NotificationModel]
    let initiatives: [UUID: InitiativeModel]
    var notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let unread = items.filter { $0.readAt == nil }.count
        return Layout.page("Notifications", chrome,
            .div(.class("page-head"), .h1(.text("Notifications")),
                 .a(.class("button"), .href(SiteURL.accountNotifications.path), .text("Settings"))),
            noticeBanner(notice, chrome.t),
            .p(.text(unread == 0 ? "Nothing unread." : "\(unread) unread.")),
            .if(unread > 0, .form(.method(.post), .action(SiteURL.notificationsRead.path),
                csrfField(chrome.csrfToken),
                .button(.type(.submit), .class("button"), .text("Mark all as read")))),
            .if(items.isEmpty, .div(.class("panel empty"), .p(.text("No notifications yet. You will find mentions, action items, invitations and returned reports here.")))),
            .ul(.class("notification-list"), .forEach(items) { item in
                .li(.class(item.readAt == nil ? "unread" : "read"),
                    .if(item.readAt == nil, .span(.class("badge"), .text("New"))),
                    .p(.text(item.text)),
                    .p(.class("meta"), .text((initiatives[item.initiativeID]?.name ?? "") + " · " + Format.day(item.createdAt))),
                    .form(.class("inline"), .method(.post), .action(SiteURL.notificationsRead.path),
                        csrfField(chrome.csrfToken),
                        .input(.type(.hidden), .name("id"), .value(escapedAttribute(item.id!.uuidString))),
                        .input(.type(.hidden), .name("open"), .value(escapedAttribute(item.path))),
                        .button(.type(.submit), .class("button small"), .text("Open"))))
            }))
    }
}

/// How the person wants to hear of each kind of notification.
struct NotificationSettingsPage {
    let choices: [NotificationKind: Delivery]
    let emailConfigured: Bool
    let email: String
    var hasCalendarFeed = false
    /// A new calendar address, shown once.
    var newFeedURL: String?
    var notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Notification settings", chrome,
            .h1(.text("Notification settings")),
            noticeBanner(notice, chrome.t),
            .p(.class("lead"), .text("For each kind: right away (here and by email), in one email a day with everything of the day, or not at all.")),
            .p(.class("meta"), .text(emailConfigured
                ? "Emails go to \(email)."
                : "This installation sends no email: notifications appear here only, whatever you choose.")),
            .form(.class("panel"), .method(.post), .action(SiteURL.accountNotifications.path),
                csrfField(chrome.csrfToken),
                .forEach(NotificationKind.allCases) { kind in
                    Field.select(kind.rawValue, kind.title, options: Delivery.allCases.map { ($0.rawValue, $0.title) },
                                 selected: (choices[kind] ?? .standard).rawValue, error: nil)
                },
                .button(.type(.submit), .class("button primary"), .text("Save settings"))),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "calendar-title"),
                .h2(.id("calendar-title"), .text("Your meetings in your calendar")),
                .p(.text("A private address your calendar program can subscribe to: it lists the meetings you are invited to, in every initiative you belong to. Keep it to yourself; anyone with it sees your meetings.")),
                .unwrap(newFeedURL) { url in
                    .div(.class("alert alert-success"), .attribute(named: "role", value: "status"),
                         .p(.text("Copy your calendar address now: it is shown only this once.")),
                         .p(.code(.class("secret"), .id("calendar-url"), .text(url))))
                },
                .form(.method(.post), .action(SiteURL.accountCalendar.path),
                    csrfField(chrome.csrfToken),
                    .button(.type(.submit), .class("button"), .text(hasCalendarFeed ? "Replace my calendar address (the old one stops working)" : "Create my calendar address")))))
    }
}
