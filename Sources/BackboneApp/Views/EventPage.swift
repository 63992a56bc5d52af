import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// One outreach event: its form for those who may change it, its facts for the others, and the
/// feedback heard there.
struct EventPage {
    let access: InitiativeAccess
    let desk: OutreachDesk
    let event: OutreachEventModel?
    let form: OutreachController.EventForm
    let errors: [String: String]
    let notice: Notice?
    let editable: Bool

    private var t: Texts { .current }

    func render(_ chrome: Chrome) -> HTML {
        let title = event?.title ?? t("outreach.recordEvent")
        let heard = event.flatMap(\.id).map { id in desk.feedback.filter { $0.eventID == id } } ?? []
        return Layout.page(title, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.outreach(slug: access.slug).path), .text(t("outreach.title")))),
            .h1(.text(title)),
            noticeBanner(notice, t),
            errorSummary(errors, listing: true),
            editable ? editor(chrome.csrfToken) : facts(),
            .unwrap(event?.id) { id in
                .section(.class("panel"), .attribute(named: "aria-labelledby", value: "heard-title"),
                    .h2(.id("heard-title"), .text(t("outreach.heardThere"))),
                    heard.isEmpty ? .p(.text(t("outreach.nothingHeard")))
                        : .ul(.class("plain-list"), .forEach(heard) { item in
                            .li(.a(.href(SiteURL.feedbackItem(slug: access.slug, id: item.id!).path), .text(String(item.text.prefix(140)))))
                        }),
                    .if(access.can(.recordOutreach),
                        .p(.a(.href(escapedAttribute(SiteURL.feedbackNew(slug: access.slug).path + "?event=\(id.uuidString)")), .text(t("outreach.recordFeedback"))))))
            })
    }

    private func facts() -> Node<HTML.BodyContext> {
        guard let event else { return .empty }
        let reach = event.reach
        let strategies = (form.strategies ?? []).compactMap { UUID(uuidString: $0).map(desk.strategyName) }.joined(separator: ", ")
        return .div(.class("panel"), .dl(.class("facts"),
            .dt(.text(t("outreach.kind"))), .dd(.text(event.parsedKind.title(t))),
            .dt(.text(t("outreach.day"))), .dd(.text(t.day(event.day.start, in: .gmt))),
            .dt(.text(t("outreach.place"))), .dd(.text(event.place)),
            .dt(.text(t("outreach.organizers"))), .dd(.text((form.organizers ?? []).compactMap { UUID(uuidString: $0).flatMap { desk.names[$0] } }.joined(separator: ", "))),
            .dt(.text(t("outreach.languages"))), .dd(.text(event.languages.map(OutreachLanguages.name).joined(separator: ", "))),
            .dt(.text(t("outreach.strategies"))), .dd(.text(strategies.isEmpty ? "—" : strategies)),
            .dt(.text(t("outreach.reached"))),
            .dd(.text(t.count(reach.total)), .if(!reach.neighborhoods.isEmpty, .ul(.class("plain-list"), .forEach(reach.neighborhoods) { entry in
                .li(.text("\(entry.name): \(t.count(entry.people))"))
            }))),
            .if(!event.note.isEmpty, .group(.dt(.text(t("funding.note"))), .dd(.text(event.note))))))
    }

    private func editor(_ csrf: String) -> Node<HTML.BodyContext> {
        let action = event.map { SiteURL.outreachEvent(slug: access.slug, id: $0.id!).path } ?? SiteURL.outreachEvents(slug: access.slug).path
        let names = form.reachName ?? [], people = form.reachPeople ?? []
        let rows = max(OutreachController.reachRows, names.count + 1)
        return .form(.method(.post), .action(escapedAttribute(action)), .class("panel stack"),
            csrfField(csrf),
            .input(.type(.hidden), .name("revision"), .value(escapedAttribute(form.revision ?? ""))),
            Field.text("title", t("outreach.event"), value: form.title ?? "", error: errors["title"], Field.Options(hint: t("outreach.titleHint"))),
            .div(.class("field-row"),
                Field.select("kind", t("outreach.kind"), options: OutreachKind.allCases.map { ($0.rawValue, $0.title(t)) }, selected: form.kind ?? "", error: errors["kind"]),
                Field.text("heldOn", t("outreach.day"), value: form.heldOn ?? "", error: errors["heldOn"], Field.Options(type: .date))),
            Field.text("place", t("outreach.place"), value: form.place ?? "", error: errors["place"], Field.Options(hint: t("outreach.placeHint"))),
            Field.checkboxes("languages", legend: t("outreach.languages"), options: OutreachLanguages.codes.map { ($0, OutreachLanguages.name($0)) },
                             chosen: form.languages ?? [], error: errors["languages"], languages: true),
            Field.checkboxes("organizers", legend: t("outreach.organizers"), options: desk.names.sorted { $0.value < $1.value }.map { ($0.key.uuidString, $0.value) },
                             chosen: form.organizers ?? [], error: errors["organizers"]),
            strategyChoices(desk, chosen: form.strategies ?? [], errors: errors, t),
            .fieldset(
                .element(named: "legend", text: t("outreach.reachLegend")),
                .p(.class("hint"), .text(t("outreach.reachHint"))),
                .unwrap(errors["reach"]) { .p(.class("field-error"), .text($0)) },
                .forEach(0..<rows) { index in
                    .div(.class("field-row"),
                        Field.text("reach-\(index)-name", t("outreach.neighborhoodN", ["n": String(index + 1)]), value: index < names.count ? names[index] : "",
                                   error: errors["reach.\(index).name"], Field.Options(required: false, name: "reachName[]")),
                        Field.text("reach-\(index)-people", t("outreach.peopleN", ["n": String(index + 1)]), value: index < people.count ? people[index] : "",
                                   error: errors["reach.\(index).people"], Field.Options(required: false, name: "reachPeople[]")))
                }),
            .forEach(desk.dimensions) { dimension in
                .fieldset(
                    .element(named: "legend", text: t("outreach.byBreakdown", ["breakdown": dimension.name])),
                    .unwrap(errors["category.\(dimension.key)"]) { .p(.class("field-error"), .text($0)) },
                    .div(.class("cell-grid"), .forEach(dimension.categories) { category in
                        Field.text("category-\(dimension.key)-\(category.key)", category.label, value: form.category?["\(dimension.key).\(category.key)"] ?? "",
                                   error: errors["category.\(dimension.key).\(category.key)"],
                                   Field.Options(required: false, name: "category[\(dimension.key).\(category.key)]"))
                    }))
            },
            .unwrap(errors["categories"]) { .p(.class("field-error"), .text($0)) },
            Field.textArea("note", t("funding.note"), value: form.note ?? "", error: errors["note"], hint: t("toc.optional")),
            .button(.type(.submit), .class("button primary"), .text(t("outreach.saveEvent"))))
    }
}
