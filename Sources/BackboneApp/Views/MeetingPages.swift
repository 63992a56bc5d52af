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
        let upcoming = meetings.filter { $0.endsAt >= now }, past = meetings.filter { $0.endsAt < now }.reversed()
        let schedulable = [(value: "all", label: "All partners")].filter { _ in rights.canManageMeetings(of: nil) }
            + bodies.filter { $0.parsedStatus != .closed && rights.canManageMeetings(of: $0.id) }.map { (value: $0.id!.uuidString, label: $0.name) }
        return Layout.page("Meetings", chrome,
            .div(.class("page-head"), .h1(.text("Meetings")),
                 .a(.class("button"), .href(SiteURL.decisions(slug: access.slug).path), .text("Decision log"))),
            .p(.class("lead"), .text("Meetings of the steering committee, the working groups and all partners: agendas, who comes, minutes, decisions and who does what next.")),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "upcoming-title"),
                .h2(.id("upcoming-title"), .text("Upcoming")),
                .if(upcoming.isEmpty, .p(.text("Nothing scheduled."))),
                .if(!upcoming.isEmpty, table(Array(upcoming)))),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "past-title"),
                .h2(.id("past-title"), .text("Past")),
                .if(past.isEmpty, .p(.text("No meetings yet."))),
                .if(!past.isEmpty, table(Array(past)))),
            .if(!schedulable.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "schedule-title"),
                .h2(.id("schedule-title"), .text("Schedule a meeting")),
                .form(.method(.post), .action(SiteURL.meetings(slug: access.slug).path),
                    csrfField(chrome.csrfToken),
                    Field.select("body", "Meeting of", options: schedulable, selected: posted["body"] ?? "", error: errors["body"]),
                    Field.text("title", "Title", value: posted["title"] ?? "", error: errors["title"]),
                    .div(.class("field-row"),
                        Field.text("day", "Day", value: posted["day"] ?? "", error: errors["day"], Field.Options(type: .date)),
                        Field.text("startTime", "Starts", value: posted["startTime"] ?? "", error: errors["startTime"], Field.Options(type: .time)),
                        Field.text("endTime", "Ends", value: posted["endTime"] ?? "", error: errors["endTime"], Field.Options(type: .time))),
                    Field.select("timeZone", "Time zone", options: TimeZone.knownTimeZoneIdentifiers.sorted().map { ($0, $0) },
                                 selected: posted["timeZone"] ?? meetings.last?.timeZone ?? "UTC", error: errors["timeZone"]),
                    Field.text("place", "Place", value: posted["place"] ?? "", error: errors["place"], Field.Options(hint: "An address or room; optional with a video link.", required: false)),
                    Field.text("videoURL", "Video link", value: posted["videoURL"] ?? "", error: errors["videoURL"], Field.Options(type: .url, hint: "Optional.", required: false)),
                    .button(.type(.submit), .class("button primary"), .text("Schedule"))))))
    }

    private func table(_ rows: [MeetingModel]) -> Node<HTML.BodyContext> {
        let names = Dictionary(uniqueKeysWithValues: bodies.map { ($0.id!, $0.name) })
        return tableFrame(.table(.class("table"),
            .thead(.tr(.th(.text("When")), .th(.text("Meeting")), .th(.text("Of")), .th(.text("Where")))),
            .tbody(.forEach(rows) { meeting in
                .tr(.td(.text(meeting.time.display)),
                    .td(.a(.href(SiteURL.meeting(slug: access.slug, id: meeting.id!).path), .text(meeting.title))),
                    .td(.text(meeting.bodyID.flatMap { names[$0] } ?? "All partners")),
                    .td(.text(meeting.place.isEmpty ? "Video call" : meeting.place)))
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

    func render(_ chrome: Chrome) -> HTML {
        let csrf = chrome.csrfToken
        return Layout.page(meeting.title, chrome,
            .div(.class("page-head"),
                 .div(.p(.class("eyebrow"), .text(detail.body?.name ?? "All partners")), .h1(.text(meeting.title))),
                 .div(.class("actions"),
                      .a(.class("button"), .href(SiteURL.meetingPacket(slug: access.slug, id: id).path), .text("Data walk packet")),
                      .a(.class("button"), .href(SiteURL.meetingCalendar(slug: access.slug, id: id).path), .text("Add to calendar (.ics)")))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors, listing: true),
            .section(.class("panel"),
                .dl(.class("charter"),
                    .dt(.text("When")), .dd(.text(meeting.time.display)),
                    .dt(.text("Where")), .dd(.text(meeting.place.isEmpty ? "Video call" : meeting.place)),
                    .if(!meeting.videoURL.isEmpty, .group(.dt(.text("Video link")), .dd(.a(.href(escapedAttribute(meeting.videoURL)), .attribute(named: "rel", value: "noopener noreferrer"), .text(meeting.videoURL))))))),
            agenda(csrf), invitees(csrf), minutes(csrf), decisions(csrf), actionItems(csrf))
    }

    private func linkNode(_ kind: String?, _ linked: UUID?) -> Node<HTML.BodyContext> {
        guard let linked, let target = detail.links[linked] else { return .empty }
        return .group(.text(" · "), .a(.href(escapedAttribute(target.path)), .text(target.title)))
    }

    private func agenda(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "agenda-title"),
            .h2(.id("agenda-title"), .text("Agenda")),
            .if(detail.agenda.isEmpty, .p(.text("No agenda items yet."))),
            .ol(.forEach(detail.agenda) { item in
                .li(.strong(.text(item.title)), .span(.class("meta"), .text(" · \(item.minutesAllotted) min" + (item.presenter.isEmpty ? "" : " · \(item.presenter)"))),
                    linkNode(item.linkedKind, item.linkedID))
            }),
            .if(manages, .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .agenda || detail.agenda.isEmpty ? "open" : nil),
                .element(named: "summary", nodes: [.text("Add an agenda item")]),
                .form(.method(.post), .action(escapedAttribute(path(.agenda))),
                    csrfField(csrf),
                    Field.text("itemTitle", "Title", value: value(.agenda, "itemTitle"), error: error(.agenda, "itemTitle")),
                    .div(.class("field-row"),
                        Field.text("presenter", "Presenter", value: value(.agenda, "presenter"), error: error(.agenda, "presenter"), Field.Options(hint: "Optional.", required: false)),
                        Field.text("minutesAllotted", "Minutes", value: value(.agenda, "minutesAllotted", "15"), error: error(.agenda, "minutesAllotted"), Field.Options(type: .number))),
                    Field.select("link", "About", options: detail.linkOptions, selected: value(.agenda, "link"), error: error(.agenda, "link"), hint: "Optional: an indicator or strategy it discusses.", required: false),
                    .button(.type(.submit), .class("button primary"), .text("Add item"))),
            ])))
    }

    private func invitees(_ csrf: String) -> Node<HTML.BodyContext> {
        let mine = detail.invitees.first { $0.userID == userID }
        let invited = Set(detail.invitees.map(\.userID))
        let counts = Dictionary(grouping: detail.invitees, by: \.parsedStatus).mapValues(\.count)
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "invitees-title"),
            .h2(.id("invitees-title"), .text("Who is invited")),
            .p(.class("meta"), .text(AttendanceStatus.allCases.map { "\(counts[$0] ?? 0) \($0.title.lowercased())" }.joined(separator: " · "))),
            .unwrap(mine) { mine in
                .form(.class("inline respond"), .method(.post), .action(escapedAttribute(path(.attendance))),
                    csrfField(csrf),
                    .span(.text("Your answer: \(mine.parsedStatus.title). ")),
                    .button(.type(.submit), .class("button small"), .name("status"), .value("accepted"), .text("I will come")),
                    .text(" "),
                    .button(.type(.submit), .class("button small"), .name("status"), .value("declined"), .text("I cannot come")))
            },
            .if(!detail.invitees.isEmpty, tableFrame(.table(.class("table"),
                .thead(.tr(.th(.text("Person")), .th(.text("Answer")), .if(manages, .th(.span(.class("visually-hidden"), .text("Attendance")))))),
                .tbody(.forEach(detail.invitees.sorted { (detail.people[$0.userID] ?? "") < (detail.people[$1.userID] ?? "") }) { invitee in
                    let name = detail.people[invitee.userID] ?? "Former member"
                    return .tr(.td(.text(name)), .td(.text(invitee.parsedStatus.title)),
                        .if(manages, .td(.if(invitee.parsedStatus != .attended && meeting.startsAt <= now, .form(.class("inline"), .method(.post), .action(escapedAttribute(path(.attendance))),
                            csrfField(csrf),
                            .input(.type(.hidden), .name("user"), .value(escapedAttribute(invitee.userID.uuidString))),
                            .button(.type(.submit), .class("button small"), .name("status"), .value("attended"),
                                    .attribute(named: "aria-label", value: escapedAttribute("Mark \(name) as attended")), .text("Attended")))))))
                })))),
            .if(manages, .form(.method(.post), .action(escapedAttribute(path(.invite))),
                csrfField(csrf),
                Field.select("invitee", "Invite someone else", options: detail.members.filter { !invited.contains($0.user.id!) }
                    .map { ($0.user.id!.uuidString, "\($0.user.displayName) (\($0.organization.name))") }, selected: "", error: error(.invite, "invitee")),
                .button(.type(.submit), .class("button"), .text("Invite")))))
    }

    private func minutes(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "minutes-title"),
            .h2(.id("minutes-title"), .text("Minutes")),
            .if(meeting.minutes.isEmpty, .p(.class("meta"), .text(meeting.startsAt > now ? "Written during or after the meeting." : "No minutes yet."))),
            .if(!meeting.minutes.isEmpty, .div(.class("minutes"), .text(meeting.minutes))),
            .if(manages, .form(.method(.post), .action(escapedAttribute(path(.minutes))),
                csrfField(csrf),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(failed == .minutes ? posted["revision"] ?? "" : String(meeting.revision)))),
                Field.textArea("minutes", "Write the minutes", value: value(.minutes, "minutes", meeting.minutes), error: error(.minutes, "minutes") ?? error(.minutes, "revision")),
                .button(.type(.submit), .class("button primary"), .text("Save the minutes")))))
    }

    private func decisions(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "decisions-title"),
            .h2(.id("decisions-title"), .text("Decisions")),
            .if(detail.decisions.isEmpty, .p(.text("No decisions recorded."))),
            .ul(.class("plain-list"), .forEach(detail.decisions) { decision in
                .li(.a(.href(SiteURL.decision(slug: access.slug, id: decision.id!).path), .strong(.text(decision.text))),
                    .if(!decision.rationale.isEmpty, .p(.class("meta"), .text("Why: " + decision.rationale))),
                    linkNode(decision.linkedKind, decision.linkedID))
            }),
            .if(manages, .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .decisions ? "open" : nil),
                .element(named: "summary", nodes: [.text("Record a decision")]),
                .form(.method(.post), .action(escapedAttribute(path(.decisions))),
                    csrfField(csrf),
                    Field.textArea("decision", "Decision", value: value(.decisions, "decision"), error: error(.decisions, "decision"), required: true),
                    Field.textArea("rationale", "Why", value: value(.decisions, "rationale"), error: error(.decisions, "rationale"), hint: "Optional: the reasons, for those who read the log later."),
                    Field.select("decisionLink", "About", options: detail.linkOptions, selected: value(.decisions, "decisionLink"), error: error(.decisions, "decisionLink"), required: false),
                    .button(.type(.submit), .class("button primary"), .text("Record decision"))),
            ])))
    }

    private func actionItems(_ csrf: String) -> Node<HTML.BodyContext> {
        .section(.class("panel"), .attribute(named: "aria-labelledby", value: "actions-title"),
            .h2(.id("actions-title"), .text("Action items")),
            .if(!detail.carried.isEmpty, .group(
                .h3(.text("Carried over from earlier meetings")),
                actionTable(detail.carried, csrf))),
            .h3(.text("Raised in this meeting")),
            .if(detail.raised.isEmpty, .p(.text("None yet."))),
            .if(!detail.raised.isEmpty, actionTable(detail.raised, csrf)),
            .if(manages, .element(named: "details", nodes: [
                .attribute(named: "open", value: failed == .actions ? "open" : nil),
                .element(named: "summary", nodes: [.text("Add an action item")]),
                .form(.method(.post), .action(escapedAttribute(path(.actions))),
                    csrfField(csrf),
                    Field.text("actionText", "What is to be done", value: value(.actions, "actionText"), error: error(.actions, "actionText")),
                    Field.select("owner", "Who", options: detail.members.map { ($0.user.id!.uuidString, "\($0.user.displayName) (\($0.organization.name))") },
                                 selected: value(.actions, "owner"), error: error(.actions, "owner")),
                    Field.text("dueOn", "Due", value: value(.actions, "dueOn"), error: error(.actions, "dueOn"), Field.Options(type: .date)),
                    .button(.type(.submit), .class("button primary"), .text("Add action item"))),
            ])))
    }

    private func actionTable(_ items: [ActionItemModel], _ csrf: String) -> Node<HTML.BodyContext> {
        tableFrame(.table(.class("table"),
            .thead(.tr(.th(.text("What")), .th(.text("Who")), .th(.text("Due")), .th(.text("Status")), .th(.span(.class("visually-hidden"), .text("Change"))))),
            .tbody(.forEach(items) { item in
                .tr(.td(.text(item.text)), .td(.text(detail.people[item.ownerID] ?? "Former member")), .td(.text(item.dueOn)),
                    .td(.text(item.parsedStatus.title)),
                    .td(.if((item.ownerID == userID || manages) && item.parsedStatus == .open, .form(.class("inline"), .method(.post), .action(escapedAttribute(path(.actionStatus))),
                        csrfField(csrf),
                        .input(.type(.hidden), .name("item"), .value(escapedAttribute(item.id!.uuidString))),
                        .button(.type(.submit), .class("button small"), .name("status"), .value("done"),
                                .attribute(named: "aria-label", value: escapedAttribute("Mark “\(item.text)” done")), .text("Done"))))))
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
        let names = Dictionary(uniqueKeysWithValues: bodies.map { ($0.id!, $0.name) })
        return Layout.page("Decision log", chrome,
            .div(.class("page-head"), .h1(.text("Decision log")), .a(.class("button"), .href(SiteURL.meetings(slug: access.slug).path), .text("Meetings"))),
            .p(.class("lead"), .text("What the partners decided, when, in which meeting and why.")),
            .form(.class("panel search-form"), .method(.get), .action(SiteURL.decisions(slug: access.slug).path), .attribute(named: "role", value: "search"),
                .div(.class("field-row"),
                    Field.text("q", "Search decisions", value: query, error: nil, Field.Options(type: .search, hint: "Every word must appear in the decision or its reasons.", required: false)),
                    Field.select("body", "Meetings of", options: bodies.map { ($0.id!.uuidString, $0.name) }, selected: bodyID?.uuidString ?? "", error: nil, required: false, emptyLabel: "All bodies")),
                .button(.type(.submit), .class("button"), .text("Search"))),
            .p(.attribute(named: "role", value: "status"), .text(query.isEmpty && bodyID == nil ? (decisions.count == 1 ? "1 decision." : "\(decisions.count) decisions.")
                                                                  : (decisions.count == 1 ? "1 decision matches." : "\(decisions.count) decisions match."))),
            .if(!decisions.isEmpty, tableFrame(.table(.class("table stack-on-phone"),
                .thead(.tr(.th(.text("Decided")), .th(.text("Decision")), .th(.text("Meeting")))),
                .tbody(.forEach(decisions) { decision in
                    let meeting = meetings[decision.meetingID]
                    return .tr(.td(.text(meeting?.time.fields.day ?? Format.day(decision.decidedAt))),
                        .td(.a(.href(SiteURL.decision(slug: access.slug, id: decision.id!).path), .strong(.text(decision.text))),
                            .if(!decision.rationale.isEmpty, .p(.class("meta"), .text("Why: " + decision.rationale)))),
                        .td(.unwrap(meeting) { meeting in
                            .group(.a(.href(SiteURL.meeting(slug: access.slug, id: meeting.id!).path), .text(meeting.title)),
                                   .br(), .span(.class("meta"), .text(meeting.bodyID.flatMap { names[$0] } ?? "All partners")))
                        }))
                })))))
    }
}
