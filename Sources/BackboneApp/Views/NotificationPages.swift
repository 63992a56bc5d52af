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
        let t = chrome.t
        return Layout.page(t("layout.notifications"), chrome,
            .div(.class("page-head"), .h1(.text(t("layout.notifications"))),
                 .a(.class("button"), .href(SiteURL.accountNotifications.path), .text(t("notifications.settings")))),
            noticeBanner(notice, chrome.t),
            .p(.text(unread == 0 ? t("notifications.noneUnread") : t("notifications.unread", ["count": t.count(unread)]))),
            .if(unread > 0, .form(.method(.post), .action(SiteURL.notificationsRead.path),
                csrfField(chrome.csrfToken),
                .button(.type(.submit), .class("button"), .text(t("notifications.markAll"))))),
            .if(items.isEmpty, .div(.class("panel empty"), .p(.text(t("notifications.empty"))))),
            .ul(.class("notification-list"), .forEach(items) { item in
                .li(.class(item.readAt == nil ? "unread" : "read"),
                    .if(item.readAt == nil, .span(.class("badge"), .text(t("notifications.new")))),
                    .p(.text(item.text)),
                    .p(.class("meta"), .text((initiatives[item.initiativeID]?.name ?? "") + " · " + t.day(item.createdAt, in: chrome.zone))),
                    .form(.class("inline"), .method(.post), .action(SiteURL.notificationsRead.path),
                        csrfField(chrome.csrfToken),
                        .input(.type(.hidden), .name("id"), .value(escapedAttribute(item.id!.uuidString))),
                        .input(.type(.hidden), .name("open"), .value(escapedAttribute(item.path))),
                        .button(.type(.submit), .class("button small"), .text(t("notifications.open")))))
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
        let t = chrome.t
        return Layout.page(t("notifications.settingsTitle"), chrome,
            .h1(.text(t("notifications.settingsTitle"))),
            noticeBanner(notice, chrome.t),
            .p(.class("lead"), .text(t("notifications.settingsLead"))),
            .p(.class("meta"), .text(emailConfigured ? t("notifications.emailsTo", ["email": email]) : t("notifications.noEmail"))),
            .form(.class("panel"), .method(.post), .action(SiteURL.accountNotifications.path),
                csrfField(chrome.csrfToken),
                .forEach(NotificationKind.allCases) { kind in
                    Field.select(kind.rawValue, t("notificationKind.\(kind.rawValue)"), options: Delivery.allCases.map { ($0.rawValue, t("delivery.\($0.rawValue)")) },
                                 selected: (choices[kind] ?? .standard).rawValue, error: nil)
                },
                .button(.type(.submit), .class("button primary"), .text(t("notifications.save")))),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "calendar-title"),
                .h2(.id("calendar-title"), .text(t("calendar.title"))),
                .p(.text(t("calendar.intro"))),
                .unwrap(newFeedURL) { url in
                    .div(.class("alert alert-success"), .attribute(named: "role", value: "status"),
                         .p(.text(t("calendar.copyNow"))),
                         .p(.code(.class("secret"), .id("calendar-url"), .text(url))))
                },
                .form(.method(.post), .action(SiteURL.accountCalendar.path),
                    csrfField(chrome.csrfToken),
                    .button(.type(.submit), .class("button"), .text(t(hasCalendarFeed ? "calendar.replace" : "calendar.create"))))))
    }
}
