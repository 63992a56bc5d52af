import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// /i/{slug}/meetings: upcoming and past meetings, and scheduling one.
struct MeetingsPage {
    let access: InitiativeAccess
    let rights: GovernanceRights
    let meetings: [MeetingModel]
    let bodies: [GovernanceBodyModel]
    let now: Date
    var notice: Notice?
    var errors: [String: String] = [:]
    var posted: [String: String] = [:]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let upcoming = meetings.filter { $0.endsAt >= now }, past = meetings.filter { $0.endsAt < now }.reversed()
        let schedulable = [(value: "all", label: t("meetings.allPartners"))].filter { _ in rights.canManageMeetings(of: nil) }
            + bodies.filter { $0.parsedStatus != .closed && rights.canManageMeetings(of: $0.id) }.map { (value: $0.id!.uuidString, label: $0.name) }
        return Layout.page(t("nav.meetings"), chrome,
            .div(.class("page-head"), .h1(.text(t("nav.meetings"))),
                 .a(.class("button"), .href(SiteURL.decisions(slug: access.slug).path), .text(t("meetings.decisionLog")))),
            .p(.class("lead"), .text(t("meetings.lead"))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "upcoming-title"),
                .h2(.id("upcoming-title"), .text(t("meetings.upcoming"))),
                .if(upcoming.isEmpty, .p(.text(t("meetings.nothing")))),
                .if(!upcoming.isEmpty, table(Array(upcoming)))),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "past-title"),
                .h2(.id("past-title"), .text(t("meetings.past"))),
                .if(past.isEmpty, .p(.text(t("meetings.none")))),
                .if(!past.isEmpty, table(Array(past)))),
            .if(!schedulable.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "schedule-title"),
                .h2(.id("schedule-title"), .text(t("meetings.schedule"))),
                .form(.method(.post), .action(SiteURL.meetings(slug: access.slug).path),
                    csrfField(chrome.csrfToken),
                    Field.select("body", t("meetings.of"), options: schedulable, selected: posted["body"] ?? "", error: errors["body"]),
                    Field.text("title", t("updates.titleField"), value: posted["title"] ?? "", error: errors["title"]),
                    .div(.class("field-row"),
                        Field.text("day", t("meetings.day"), value: posted["day"] ?? "", error: errors["day"], Field.Options(type: .date)),
                        Field.text("startTime", t("meetings.starts"), value: posted["startTime"] ?? "", error: errors["startTime"], Field.Options(type: .time)),
                        Field.text("endTime", t("meetings.ends"), value: posted["endTime"] ?? "", error: errors["endTime"], Field.Options(type: .time))),
                    Field.select("timeZone", t("meetings.timeZone"), options: TimeZone.knownTimeZoneIdentifiers.sorted().map { ($0, $0) },
                                 selected: posted["timeZone"] ?? meetings.last?.timeZone ?? access.initiative.timeZone, error: errors["timeZone"]),
                    Field.text("place", t("initiatives.place"), value: posted["place"] ?? "", error: errors["place"], Field.Options(hint: t("meetings.placeHint"), required: false)),
                    Field.text("videoURL", t("meetings.video"), value: posted["videoURL"] ?? "", error: errors["videoURL"], Field.Options(type: .url, hint: t("toc.optional"), required: false)),
                    .button(.type(.submit), .class("button primary"), .text(t("meetings.scheduleSubmit")))))))
    }

    private func table(_ rows: [MeetingModel]) -> Node<HTML.BodyContext> {
        let t = Texts.current
        let names = Dictionary(uniqueKeysWithValues: bodies.map { ($0.id!, $0.name) })
        return tableFrame(.table(.class("table"),
            .thead(.tr(.th(.text(t("home.when"))), .th(.text(t("meetings.meeting"))), .th(.text(t("meetings.ofShort"))), .th(.text(t("meetings.where"))))),
            .tbody(.forEach(rows) { meeting in
                .tr(.td(.text(meeting.time.display(t))),
                    .td(.a(.href(SiteURL.meeting(slug: access.slug, id: meeting.id!).path), .text(meeting.title))),
                    .td(.text(meeting.bodyID.flatMap { names[$0] } ?? t("meetings.allPartners"))),
                    .td(.text(meeting.place.isEmpty ? t("meetings.videoCall") : meeting.place)))
            })))
    }
}

/// One meeting: when and where, the agenda, who is invited and came, the minutes, decisions,
/// action items raised and carried over; with the forms of those who keep its record.
struct MeetingPage {
    let access: InitiativeAccess
    let rights: GovernanceRights
    let detail: MeetingController.Detail
    let userID: UUID?
    let now: Date
    var notice: Notice?
    var failed: SiteURL.MeetingAction?
    var errors: [String: String] = [:]
    var posted: [String: String] = [:]

    private var meeting: MeetingModel { detail.meeting }
    private var id: UUID { meeting.id! }
    private var manages: Bool { rights.canManageMeetings(of: meeting.bodyID) }
    private func error(_ action: SiteURL.MeetingAction, _ field: String) -> String? { failed == action ? errors[field] : nil }
    private func value(_ action: SiteURL.MeetingAction, _ field: String, _ fallback: String = "") -> String { failed == action ? posted[field] ?? fallback : fallback }
    private func path(_ action: SiteURL.MeetingAction) -> String { SiteURL.meetingAction(slug: access.slug, id: id, action: action).path }
    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        let csrf = chrome.csrfToken
        return Layout.page(meeting.title, chrome,
            .div(.class("page-head"),
                 .div(.p(.class("eyebrow"), .text(detail.body?.name ?? t("meetings.allPartners"))), .h1(.text(meeting.title))),
                 .div(.class("actions"),
                      .a(.class("button"), .href(SiteURL.meetingPacket(slug: access.slug, id: id).path), .text(t("dataWalk.heading"))),
                      .a(.class("button"), .href(SiteURL.meetingCalendar(slug: access.slug, id: id).path), .text(t("meeting.calendar"))))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors, listing: true),
            .section(.class("panel"),
                .dl(.class("charter"),
                    .dt(.text(t("home.when"))), .dd(.text(meeting.time.display(t))),
                    .dt(.text(t("meetings.where"))), .dd(.text(meeting.place.isEmpty ? t("meetings.videoCall") : meeting.place)),
                    .if(!meeting.videoURL.isEmpty, .group(.dt(.text(t("meetings.video"))), .dd(.a(.href(escapedAttribute(meeting.videoURL)), .attribute(named: "rel", value: "noopener noreferrer"), .text(meeting.videoURL))))))),
            agenda(csrf), invitees(csrf), minutes(csrf), decisions(csrf), actionItems(csrf))
    }

    private func linkNode(_ kind: String?, _ linked: UUID?) -> Node<HTML.BodyContext> {
        guard let linked, let target = detail.links[linked] else { return .empty }
        return .group(.text(" · "), .a(.href(escapedAttribute(target.path)), .text(target.title)))
    }

    private func agenda(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "agenda-title"),
            .h2(.id("agenda-title"), .text(t("nav.agenda"))),
            .if(detail.agenda.isEmpty, .p(.text(t("meeting.noItems")))),
            .ol(.forEach(detail.agenda) { item in
                .li(.strong(.text(item.title)), .span(.class("meta"), .text(" · " + t("meeting.minutesShort", ["count": t.count(item.minutesAllotted)]) + (item.presenter.isEmpty ? "" : " · \(item.presenter)"))),
                    linkNode(item.linkedKind, item.linkedID))
            }),
            .if(manages, .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .agenda || detail.agenda.isEmpty ? "open" : nil),
                .element(named: "summary", nodes: [.text(t("meeting.addItem"))]),
                .form(.method(.post), .action(escapedAttribute(path(.agenda))),
                    csrfField(csrf),
                    Field.text("itemTitle", t("updates.titleField"), value: value(.agenda, "itemTitle"), error: error(.agenda, "itemTitle")),
                    .div(.class("field-row"),
                        Field.text("presenter", t("meeting.presenter"), value: value(.agenda, "presenter"), error: error(.agenda, "presenter"), Field.Options(hint: t("toc.optional"), required: false)),
                        Field.text("minutesAllotted", t("meeting.minutesAllotted"), value: value(.agenda, "minutesAllotted", "15"), error: error(.agenda, "minutesAllotted"), Field.Options(type: .number))),
                    Field.select("link", t("meeting.about"), options: detail.linkOptions, selected: value(.agenda, "link"), error: error(.agenda, "link"), hint: t("meeting.aboutHint"), required: false),
                    .button(.type(.submit), .class("button primary"), .text(t("meeting.addItemSubmit")))),
            ])))
    }

    private func invitees(_ csrf: String) -> Node<HTML.BodyContext> {
        let mine = detail.invitees.first { $0.userID == userID }
        let invited = Set(detail.invitees.map(\.userID))
        let counts = Dictionary(grouping: detail.invitees, by: \.parsedStatus).mapValues(\.count)
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "invitees-title"),
            .h2(.id("invitees-title"), .text(t("meeting.invited"))),
            .p(.class("meta"), .text(AttendanceStatus.allCases.map { "\($0.title(t)): \(t.count(counts[$0] ?? 0))" }.joined(separator: " · "))),
            .unwrap(mine) { mine in
                .form(.class("inline respond"), .method(.post), .action(escapedAttribute(path(.attendance))),
                    csrfField(csrf),
                    .span(.text(t("meeting.yourAnswer", ["answer": mine.parsedStatus.title(t)]) + " ")),
                    .button(.type(.submit), .class("button small"), .name("status"), .value("accepted"), .text(t("meeting.willCome"))),
                    .text(" "),
                    .button(.type(.submit), .class("button small"), .name("status"), .value("declined"), .text(t("meeting.cannotCome"))))
            },
            .if(!detail.invitees.isEmpty, tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text(t("meeting.person"))), .th(.text(t("meeting.answer"))), .if(manages, .th(.span(.class("visually-hidden"), .text(t("meeting.attendanceColumn"))))))),
                .tbody(.forEach(detail.invitees.sorted { (detail.people[$0.userID] ?? "") < (detail.people[$1.userID] ?? "") }) { invitee in
                    let name = detail.people[invitee.userID] ?? t("history.formerMember")
                    return .tr(.td(.text(name)), .td(.text(invitee.parsedStatus.title)),
                        .if(manages, .td(.if(invitee.parsedStatus != .attended && meeting.startsAt <= now, .form(.class("inline"), .method(.post), .action(escapedAttribute(path(.attendance))),
                            csrfField(csrf),
                            .input(.type(.hidden), .name("user"), .value(escapedAttribute(invitee.userID.uuidString))),
                            .button(.type(.submit), .class("button small"), .name("status"), .value("attended"),
                                    .attribute(named: "aria-label", value: escapedAttribute(t("meeting.markAttended", ["name": name]))), .text(t("attendance.attended"))))))))
                })))),
            .if(manages, .form(.method(.post), .action(escapedAttribute(path(.invite))),
                csrfField(csrf),
                Field.select("invitee", t("meeting.inviteMore"), options: detail.members.filter { !invited.contains($0.user.id!) }
                    .map { ($0.user.id!.uuidString, "\($0.user.displayName) (\($0.organization.name))") }, selected: "", error: error(.invite, "invitee")),
                .button(.type(.submit), .class("button"), .text(t("people.inviteSubmit"))))))
    }

    private func minutes(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "minutes-title"),
            .h2(.id("minutes-title"), .text(t("meeting.minutesAllotted"))),
            .if(meeting.minutes.isEmpty, .p(.class("meta"), .text(meeting.startsAt > now ? t("meeting.minutesLater") : t("meeting.noMinutes")))),
            .if(!meeting.minutes.isEmpty, .div(.class("minutes"), .text(meeting.minutes))),
            .if(manages, .form(.method(.post), .action(escapedAttribute(path(.minutes))),
                csrfField(csrf),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(failed == .minutes ? posted["revision"] ?? "" : String(meeting.revision)))),
                Field.textArea("minutes", t("meeting.writeMinutes"), value: value(.minutes, "minutes", meeting.minutes), error: error(.minutes, "minutes") ?? error(.minutes, "revision")),
                .button(.type(.submit), .class("button primary"), .text(t("meeting.saveMinutes"))))))
    }

    private func decisions(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "decisions-title"),
            .h2(.id("decisions-title"), .text(t("meeting.decisions"))),
            .if(detail.decisions.isEmpty, .p(.text(t("meeting.noDecisions")))),
            .ul(.class("plain-list"), .forEach(detail.decisions) { decision in
                .li(.a(.href(SiteURL.decision(slug: access.slug, id: decision.id!).path), .strong(.text(decision.text))),
                    .if(!decision.rationale.isEmpty, .p(.class("meta"), .text(t("meeting.why", ["reason": decision.rationale])))),
                    linkNode(decision.linkedKind, decision.linkedID))
            }),
            .if(manages, .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .decisions ? "open" : nil),
                .element(named: "summary", nodes: [.text(t("meeting.recordDecision"))]),
                .form(.method(.post), .action(escapedAttribute(path(.decisions))),
                    csrfField(csrf),
                    Field.textArea("decision", t("review.decision"), value: value(.decisions, "decision"), error: error(.decisions, "decision"), required: true),
                    Field.textArea("rationale", t("meeting.whyField"), value: value(.decisions, "rationale"), error: error(.decisions, "rationale"), hint: t("meeting.whyHint")),
                    Field.select("decisionLink", t("meeting.about"), options: detail.linkOptions, selected: value(.decisions, "decisionLink"), error: error(.decisions, "decisionLink"), required: false),
                    .button(.type(.submit), .class("button primary"), .text(t("meeting.recordDecisionSubmit")))),
            ])))
    }

    private func actionItems(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "actions-title"),
            .h2(.id("actions-title"), .text(t("meeting.actionItems"))),
            .if(!detail.carried.isEmpty, .group(
                .h3(.text(t("meeting.carried"))),
                actionTable(detail.carried, csrf))),
            .h3(.text(t("meeting.raised"))),
            .if(detail.raised.isEmpty, .p(.text(t("partners.noneYet")))),
            .if(!detail.raised.isEmpty, actionTable(detail.raised, csrf)),
            .if(manages, .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .actions ? "open" : nil),
                .element(named: "summary", nodes: [.text(t("meeting.addAction"))]),
                .form(.method(.post), .action(escapedAttribute(path(.actions))),
                    csrfField(csrf),
                    Field.text("actionText", t("meeting.actionText"), value: value(.actions, "actionText"), error: error(.actions, "actionText")),
                    Field.select("owner", t("history.who"), options: detail.members.map { ($0.user.id!.uuidString, "\($0.user.displayName) (\($0.organization.name))") },
                                 selected: value(.actions, "owner"), error: error(.actions, "owner")),
                    Field.text("dueOn", t("reporting.due"), value: value(.actions, "dueOn"), error: error(.actions, "dueOn"), Field.Options(type: .date)),
                    .button(.type(.submit), .class("button primary"), .text(t("meeting.addActionSubmit")))),
            ])))
    }

    private func actionTable(_ items: [ActionItemModel], _ csrf: String) -> Node<HTML.BodyContext> {
        tableFrame(.table(.class("table"),
            .thead(.tr(.th(.text(t("home.what"))), .th(.text(t("history.who"))), .th(.text(t("reporting.due"))), .th(.text(t("results.status"))), .th(.span(.class("visually-hidden"), .text(t("home.change")))))),
            .tbody(.forEach(items) { item in
                .tr(.td(.text(item.text)), .td(.text(detail.people[item.ownerID] ?? t("history.formerMember"))), .td(.class("nowrap"), .text(t.day(key: item.dueOn))),
                    .td(.text(item.parsedStatus.title)),
                    .td(.if((item.ownerID == userID || manages) && item.parsedStatus == .open, .form(.class("inline"), .method(.post), .action(escapedAttribute(path(.actionStatus))),
                        csrfField(csrf),
                        .input(.type(.hidden), .name("item"), .value(escapedAttribute(item.id!.uuidString))),
                        .button(.type(.submit), .class("button small"), .name("status"), .value("done"),
                                .attribute(named: "aria-label", value: escapedAttribute(t("home.markDone", ["item": item.text]))), .text(t("home.done")))))))
            })))
    }
}

/// /i/{slug}/decisions: every decision recorded in a meeting, newest first, searchable.
struct DecisionLogPage {
    let access: InitiativeAccess
    let query: String
    let bodyID: UUID?
    let decisions: [DecisionModel]
    let meetings: [UUID: MeetingModel]
    let bodies: [GovernanceBodyModel]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let names = Dictionary(uniqueKeysWithValues: bodies.map { ($0.id!, $0.name) })
        return Layout.page(t("meetings.decisionLog"), chrome,
            .div(.class("page-head"), .h1(.text(t("meetings.decisionLog"))), .a(.class("button"), .href(SiteURL.meetings(slug: access.slug).path), .text(t("nav.meetings")))),
            .p(.class("lead"), .text(t("decisions.lead"))),
            .form(.class("panel search-form"), .method(.get), .action(SiteURL.decisions(slug: access.slug).path), .attribute(named: "role", value: "search"),
                .div(.class("field-row"),
                    Field.text("q", t("decisions.search"), value: query, error: nil, Field.Options(type: .search, hint: t("decisions.searchHint"), required: false)),
                    Field.select("body", t("decisions.meetingsOf"), options: bodies.map { ($0.id!.uuidString, $0.name) }, selected: bodyID?.uuidString ?? "", error: nil, required: false, emptyLabel: t("updates.allBodies"))),
                .button(.type(.submit), .class("button"), .text(t("decisions.searchSubmit")))),
            .p(.attribute(named: "role", value: "status"), .text(t(query.isEmpty && bodyID == nil ? (decisions.count == 1 ? "decisions.countOne" : "decisions.count")
                                                                  : (decisions.count == 1 ? "decisions.matchOne" : "decisions.match"), ["count": t.count(decisions.count)]))),
            .if(!decisions.isEmpty, tableFrame(.table(.class("table stack-on-phone"),
                .thead(.tr(.th(.text(t("decisions.decided"))), .th(.text(t("review.decision"))), .th(.text(t("meetings.meeting"))))),
                .tbody(.forEach(decisions) { decision in
                    let meeting = meetings[decision.meetingID]
                    return .tr(.td(.class("nowrap"), .text(meeting.map { t.day($0.startsAt, in: $0.time.timeZone) } ?? t.day(decision.decidedAt, in: chrome.zone))),
                        .td(.a(.href(SiteURL.decision(slug: access.slug, id: decision.id!).path), .strong(.text(decision.text))),
                            .if(!decision.rationale.isEmpty, .p(.class("meta"), .text(t("meeting.why", ["reason": decision.rationale]))))),
                        .td(.unwrap(meeting) { meeting in
                            .group(.a(.href(SiteURL.meeting(slug: access.slug, id: meeting.id!).path), .text(meeting.title)),
                                   .br(), .span(.class("meta"), .text(meeting.bodyID.flatMap { names[$0] } ?? t("meetings.allPartners"))))
                        }))
                })))))
    }
}
