import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// Every commitment one may see, as a table (also the timeline's text equivalent).
struct CommitmentListPage {
    let access: InitiativeAccess
    let desk: FundingDesk

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("funding.commitments"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.funding(slug: access.slug).path), .text(t("funding.title")))),
            .div(.class("page-head"), .h1(.text(t("funding.commitments"))),
                 .if(access.can(.manageFunding), .a(.class("button primary"), .href(SiteURL.fundingCommitmentNew(slug: access.slug).path), .text(t("funding.record"))))),
            desk.commitments.isEmpty ? .div(.class("panel empty"), .p(.text(t("funding.noCommitments"))))
                : tableFrame(.table(.class("table"),
                    .thead(.tr(.th(.text(t("funding.commitment"))), .th(.text(t("funding.funder"))), .th(.text(t("funding.kind"))),
                               .th(.text(t("results.status"))), .th(.class("num"), .text(t("funding.amount"))), .th(.text(t("meetings.starts"))),
                               .th(.text(t("meetings.ends"))), .th(.text(t("funding.restriction"))))),
                    .tbody(.forEach(desk.commitments) { commitment in
                        .tr(.td(.a(.href(SiteURL.fundingCommitment(slug: access.slug, id: commitment.id!).path), .text(commitment.title))),
                            .td(.text(desk.names[commitment.funderID] ?? "—")),
                            .td(.text(commitment.parsedKind.title(t))),
                            .td(.text(commitment.parsedStatus.title(t))),
                            .td(.class("num"), .text(t.money(commitment.amount))),
                            .td(.text(t.day(commitment.firstDay.start, in: .gmt))),
                            .td(.text(t.day(commitment.lastDay.start, in: .gmt))),
                            .td(.text(commitment.parsedRestriction.title(t))))
                    }))))
    }
}

/// One commitment: its form for the backbone, its facts for the others.
struct CommitmentPage {
    struct Choices {
        let organizations: [OrganizationModel]
        let strategies: [ChangeNodeModel]
        let workingGroups: [GovernanceBodyModel]
        let activities: [ActivityModel]
        let indicators: [IndicatorModel]

        /// What a commitment can be restricted to, as the form's one select posts it.
        func restrictions(_ t: Texts) -> [(value: String, label: String)] {
            [(RestrictionKind.unrestricted.rawValue, RestrictionKind.unrestricted.title(t)), (RestrictionKind.backbone.rawValue, RestrictionKind.backbone.title(t))]
                + strategies.map { ("strategy:\($0.id!.uuidString)", t("funding.toStrategy", ["name": $0.title])) }
                + workingGroups.map { ("working_group:\($0.id!.uuidString)", t("funding.toGroup", ["name": $0.name])) }
                + activities.map { ("activity:\($0.id!.uuidString)", t("funding.toActivity", ["name": $0.kind])) }
                + organizations.map { ("partner:\($0.id!.uuidString)", t("funding.toPartner", ["name": $0.name])) }
        }
    }

    let access: InitiativeAccess
    let commitment: FundingCommitmentModel?
    let form: FundingController.CommitmentForm
    let errors: [String: String]
    let notice: Notice?
    let choices: Choices

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let title = commitment?.title ?? t("funding.record")
        return Layout.page(title, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.fundingCommitments(slug: access.slug).path), .text(t("funding.commitments")))),
            .h1(.text(title)),
            noticeBanner(notice, t),
            errorSummary(errors, listing: true),
            access.can(.manageFunding) ? editor(t, chrome.csrfToken) : facts(t))
    }

    private func facts(_ t: Texts) -> Node<HTML.BodyContext> {
        guard let commitment else { return .empty }
        let target = form.restriction.flatMap { value in choices.restrictions(t).first { $0.value == value }?.label } ?? commitment.parsedRestriction.title(t)
        return .div(.class("panel"), .dl(.class("facts"),
            .dt(.text(t("funding.funder"))), .dd(.text(choices.organizations.first { $0.id == commitment.funderID }?.name ?? "—")),
            .dt(.text(t("funding.kind"))), .dd(.text(commitment.parsedKind.title(t))),
            .dt(.text(t("results.status"))), .dd(.text(commitment.parsedStatus.title(t))),
            .dt(.text(t("funding.amount"))), .dd(.text(t.money(commitment.amount))),
            .dt(.text(t("funding.span"))), .dd(.text("\(t.day(commitment.firstDay.start, in: .gmt)) – \(t.day(commitment.lastDay.start, in: .gmt))")),
            .dt(.text(t("funding.restriction"))), .dd(.text(target)),
            .dt(.text(t("funding.moves"))),
            .dd(.text(choices.indicators.filter { (form.indicators ?? []).contains($0.id!.uuidString) }.map(\.shownName).joined(separator: ", ").nonEmpty ?? "—")),
            .if(!commitment.note.isEmpty, .group(.dt(.text(t("funding.note"))), .dd(.text(commitment.note))))))
    }

    private func editor(_ t: Texts, _ csrf: String) -> Node<HTML.BodyContext> {
        let action = commitment.map { SiteURL.fundingCommitment(slug: access.slug, id: $0.id!).path } ?? SiteURL.fundingCommitments(slug: access.slug).path
        return .form(.method(.post), .action(escapedAttribute(action)), .class("panel stack"),
            csrfField(csrf),
            .input(.type(.hidden), .name("revision"), .value(escapedAttribute(form.revision ?? ""))),
            Field.text("title", t("funding.commitment"), value: form.title ?? "", error: errors["title"], Field.Options(hint: t("funding.titleHint"))),
            Field.select("funder", t("funding.funder"), options: choices.organizations.map { ($0.id!.uuidString, $0.name) }, selected: form.funder ?? "",
                         error: errors["funder"], hint: t("funding.funderHint")),
            .div(.class("field-row"),
                Field.select("kind", t("funding.kind"), options: CommitmentKind.allCases.map { ($0.rawValue, $0.title(t)) }, selected: form.kind ?? "", error: errors["kind"]),
                Field.select("status", t("results.status"), options: CommitmentStatus.allCases.map { ($0.rawValue, $0.title(t)) }, selected: form.status ?? "",
                             error: errors["status"], hint: t("funding.statusHint"))),
            .div(.class("field-row"),
                Field.select("currency", t("funding.currency"), options: Currency.codes.map { ($0, $0) }, selected: form.currency ?? "", error: errors["currency"]),
                Field.text("amount", t("funding.amount"), value: form.amount ?? "", error: errors["amount"],
                           Field.Options(hint: t("funding.amountHint")))),
            .div(.class("field-row"),
                Field.text("startsOn", t("meetings.starts"), value: form.startsOn ?? "", error: errors["startsOn"], Field.Options(type: .date)),
                Field.text("endsOn", t("meetings.ends"), value: form.endsOn ?? "", error: errors["endsOn"], Field.Options(type: .date))),
            Field.select("restriction", t("funding.restriction"), options: choices.restrictions(t), selected: form.restriction ?? "",
                         error: errors["restriction"], hint: t("funding.restrictionHint")),
            .if(!choices.indicators.isEmpty, Field.checkboxes("indicators", legend: t("funding.moves"),
                                                              options: choices.indicators.map { ($0.id!.uuidString, $0.shownName) },
                                                              chosen: form.indicators ?? [], error: errors["indicators"])),
            Field.textArea("note", t("funding.note"), value: form.note ?? "", error: errors["note"], hint: t("toc.optional")),
            .button(.type(.submit), .class("button primary"), .text(t("funding.save"))))
    }
}

/// The needs of one year: an amount per strategy and the backbone's own budget, the gap
/// threshold, and whether every member sees the map.
struct NeedsPage {
    static let backboneKey = "backbone"

    let access: InitiativeAccess
    let desk: FundingDesk
    let values: [String: (amount: String, currency: String)]
    let errors: [String: String]
    var gapPercent: String?
    var published: Bool?

    static func values(_ needs: [FundingTarget: Money]) -> [String: (amount: String, currency: String)] {
        var values: [String: (amount: String, currency: String)] = [:]
        for (target, money) in needs {
            switch target {
            case .strategy(let id): values[id.uuidString] = (money.plain, money.currency.code)
            case .backbone: values[backboneKey] = (money.plain, money.currency.code)
            case .elsewhere: break
            }
        }
        return values
    }

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let title = t("funding.needsTitle", ["year": String(desk.year)])
        let usual = desk.commitments.first?.currency ?? "USD"
        let rows = [(key: Self.backboneKey, name: t("restrictionKind.backbone"))] + desk.strategies.map { (key: $0.id.uuidString, name: $0.name) }
        return Layout.page(title, chrome,
            .p(.class("breadcrumb"), .a(.href(escapedAttribute(SiteURL.funding(slug: access.slug).path + "?year=\(desk.year)")), .text(t("funding.title")))),
            .h1(.text(title)),
            .p(.class("lead"), .text(t("funding.needsLead"))),
            errorSummary(errors, listing: true),
            .form(.method(.post), .action(SiteURL.fundingNeeds(slug: access.slug).path), .class("stack"),
                csrfField(chrome.csrfToken),
                .input(.type(.hidden), .name("year"), .value(escapedAttribute(String(desk.year)))),
                .input(.type(.hidden), .name("revision"), .value(escapedAttribute(desk.settings.revision == 0 ? "" : String(desk.settings.revision)))),
                .forEach(rows) { row in
                    .fieldset(.class("panel"),
                        .element(named: "legend", text: row.name),
                        .div(.class("field-row"),
                            Field.text("amount.\(row.key)", t("funding.need"), value: values[row.key]?.amount ?? "", error: errors["amount.\(row.key)"],
                                       Field.Options(hint: t("toc.optional"), required: false, name: "amount[\(row.key)]")),
                            Field.select("currency.\(row.key)", t("funding.currency"), options: Currency.codes.map { ($0, $0) },
                                         selected: values[row.key]?.currency.nonEmpty ?? usual, error: errors["currency.\(row.key)"], posted: "currency[\(row.key)]")))
                },
                .fieldset(.class("panel"),
                    .element(named: "legend", text: t("funding.settings")),
                    Field.text("gapPercent", t("funding.gapPercent"), value: gapPercent ?? String(desk.settings.gapPercent), error: errors["gapPercent"],
                               Field.Options(type: .number, hint: t("funding.gapPercentHint"))),
                    .div(.class("check"),
                         .input(.type(.checkbox), .id("published"), .name("published"),
                                .attribute(named: "checked", value: (published ?? desk.settings.mapPublished) ? "checked" : nil)),
                         .label(.for("published"), .text(t("funding.publish"))))),
                .button(.type(.submit), .class("button primary"), .text(t("funding.saveNeeds")))))
    }
}

private extension String {
    /// Nil for an empty string, so `??` can give a fallback.
    var nonEmpty: String? { isEmpty ? nil : self }
}
