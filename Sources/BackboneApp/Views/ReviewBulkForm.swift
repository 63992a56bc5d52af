import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// Which waiting reports the review queue shows: narrowed by period, partner or indicator.
struct ReviewFilter: Equatable {
    var periodKey: String?
    var organizationID: UUID?
    var indicatorID: UUID?

    var isActive: Bool { periodKey != nil || organizationID != nil || indicatorID != nil }

    init(periodKey: String? = nil, organizationID: UUID? = nil, indicatorID: UUID? = nil) {
        self.periodKey = periodKey
        self.organizationID = organizationID
        self.indicatorID = indicatorID
    }

    /// From a query or a form: empty or unknown values mean no filter.
    init(period: String?, partner: String?, indicator: String?) {
        periodKey = period.flatMap(ReportingPeriod.init(key:))?.key
        organizationID = partner.flatMap(UUID.init(uuidString:))
        indicatorID = indicator.flatMap(UUID.init(uuidString:))
    }

    /// The reports that pass: `reporters` holds, per indicator, the partners assigned it and its frequency.
    func apply(_ waiting: [SubmissionModel], reporters: [UUID: (partners: Set<UUID>, frequency: Frequency)]) -> [SubmissionModel] {
        waiting.filter { submission in
            if let periodKey, submission.periodKey != periodKey { return false }
            if let organizationID, submission.organizationID != organizationID { return false }
            if let indicatorID {
                guard let reporting = reporters[indicatorID], reporting.partners.contains(submission.organizationID),
                      submission.period?.frequency == reporting.frequency else { return false }
            }
            return true
        }
    }

    var query: String {
        var items: [String] = []
        if let periodKey { items.append("period=\(periodKey)") }
        if let organizationID { items.append("partner=\(organizationID.uuidString)") }
        if let indicatorID { items.append("indicator=\(indicatorID.uuidString)") }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }
}

/// What a bulk decision did, shown above the queue.
struct ReviewBulkResult {
    let decided: Int
    let decision: SubmissionStatus
    let refused: [(name: String, reason: String)]
}

extension ReviewQueuePage {
    /// The waiting reports, a filter, and one decision for the ticked ones or every one shown.
    func waitingSection(_ chrome: Chrome, names: [UUID: String]) -> Node<HTML.BodyContext> {
        let t = chrome.t
        let now = Date()
        return .section(.class("panel"), .id("waiting"),
            .h2(.id("waiting-title"), .text(t("review.waiting", ["count": t.count(allWaiting)]))),
            .unwrap(bulkResult) { result in
                .div(.class(result.refused.isEmpty ? "alert alert-success" : "alert alert-error"), .attribute(named: "role", value: "status"),
                     .p(.text(t(result.decision == .approved ? "review.bulk.approved" : "review.bulk.returned", ["count": t.count(result.decided)]))),
                     .if(!result.refused.isEmpty, .group(
                        .p(.text(t("review.bulk.refused", ["count": t.count(result.refused.count)]))),
                        .ul(.forEach(result.refused) { .li(.strong(.text($0.name)), .text(": " + $0.reason)) }))))
            },
            .unwrap(bulkError) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .if(allWaiting == 0, .p(.text(t("review.nothingWaiting")))),
            .if(allWaiting > 0, .group(
                .form(.class("filter-form"), .method(.get), .action(SiteURL.review(slug: access.slug).path + "#waiting-title"),
                    filterSelect(id: "filter-period", name: "period", label: t("review.filter.period"), all: t("review.filter.allPeriods"),
                                 options: filterOptions.periods.map { ($0.key, t.period($0)) }, selected: filter.periodKey ?? ""),
                    filterSelect(id: "filter-partner", name: "partner", label: t("review.filter.partner"), all: t("review.filter.allPartners"),
                                 options: filterOptions.partners.map { ($0.uuidString, names[$0] ?? "") }, selected: filter.organizationID?.uuidString ?? ""),
                    filterSelect(id: "filter-indicator", name: "indicator", label: t("review.filter.indicator"), all: t("review.filter.allIndicators"),
                                 options: filterOptions.indicators, selected: filter.indicatorID?.uuidString ?? ""),
                    .div(.class("filter-actions"),
                        .button(.type(.submit), .class("button small"), .text(t("filter.apply"))),
                        .if(filter.isActive, .a(.href(SiteURL.review(slug: access.slug).path + "#waiting-title"), .text(t("filter.clear")))))),
                .if(waiting.isEmpty, .p(.text(t("review.filter.none")))),
                .if(!waiting.isEmpty, .form(.method(.post), .action(escapedAttribute(SiteURL.review(slug: access.slug).path + "/bulk" + filter.query)),
                    csrfField(chrome.csrfToken),
                    tableFrame(.table(.class("table"),
                        .caption(.text(t("review.bulk.caption", ["count": t.count(waiting.count)]))),
                        .thead(.tr(.th(.span(.class("visually-hidden"), .text(t("review.bulk.choose")))), .th(.text(t("reporting.partner"))),
                                   .th(.text(t("review.bulk.period"))))),
                        .tbody(.forEach(waiting.prefix(Self.shownLimit)) { submission in
                            let id = submission.id!.uuidString
                            let name = names[submission.organizationID] ?? t("review.unknownPartner")
                            let period = submission.period.map(t.period) ?? submission.periodKey
                            let days = submission.submittedAt.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) } ?? 0
                            return .tr(
                                .td(.input(.type(.checkbox), .id(escapedAttribute("report-\(id)")), .name("reports[]"), .value(escapedAttribute(id)),
                                           .attribute(named: "aria-label", value: escapedAttribute(t("review.bulk.tick", ["partner": name, "period": period]))))),
                                .td(.a(.href(SiteURL.reviewSubmission(slug: access.slug, id: submission.id!).path), .text(name))),
                                // Submitted and waiting under the period, so that the table fits a phone.
                                .td(.text(period),
                                    .unwrap(submission.submittedAt) { submitted in
                                        .div(.class("meta"), .text(t("review.submittedOn", ["day": t.day(submitted, in: chrome.zone)]) + " · "),
                                             .strong(.text(t(days == 1 ? "review.waitingOneDay" : "review.waitingDays", ["count": t.count(days)]))))
                                    }))
                        }))),
                    .if(waiting.count > Self.shownLimit, .p(.class("hint"), .text(t("review.bulk.moreThanShown", ["count": t.count(Self.shownLimit)])))),
                    .fieldset(
                        .element(named: "legend", text: t("review.bulk.which")),
                        radio("which", "ticked", t("review.bulk.ticked"), checked: true),
                        radio("which", "shown", t("review.bulk.everyShown", ["count": t.count(min(waiting.count, ReviewDesk.bulkLimit))]), checked: false)),
                    .fieldset(
                        .element(named: "legend", text: t("review.bulk.decision")),
                        radio("decision", "approve", t("review.bulk.approve"), checked: true),
                        radio("decision", "return", t("review.bulk.return"), checked: false)),
                    Field.textArea("comment", t("review.bulk.comment"), value: "", error: nil, hint: t("review.bulk.commentHint")),
                    .button(.type(.submit), .class("button primary"), .text(t("review.bulk.apply"))))))))
    }

    /// Rows the queue shows at once; "every report shown" goes up to `ReviewDesk.bulkLimit`.
    static let shownLimit = ReviewDesk.bulkLimit

    private func radio(_ name: String, _ value: String, _ label: String, checked: Bool) -> Node<HTML.FormContext> {
        .div(.class("check"),
             .input(.type(.radio), .id(escapedAttribute("\(name)-\(value)")), .name(escapedAttribute(name)), .value(escapedAttribute(value)),
                    .attribute(named: "checked", value: checked ? "checked" : nil)),
             .label(.for(escapedAttribute("\(name)-\(value)")), .text(label)))
    }
}

extension ReviewQueuePage {
    /// Reopens locked periods for many partners at once: the usual step before a late batch.
    func exceptionsSection(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        let who = PartnerChoice.options(organizations, t)
        return .section(.class("panel"), .id("exceptions"),
            .h2(.text(t("review.exceptions.heading"))),
            .p(.text(t("review.exceptions.intro"))),
            .unwrap(exceptionsNotice) { .div(.class("alert alert-success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            errorSummary(exceptionErrors),
            .form(.method(.post), .action(SiteURL.review(slug: access.slug).path + "/exceptions#exceptions"),
                csrfField(chrome.csrfToken),
                Field.text("periods", t("review.exceptions.periods"), value: typedExceptions["periods"] ?? "", error: exceptionErrors["periods"],
                           .init(autocomplete: "off", hint: t("review.exceptions.periodsHint"))),
                Field.select("organizationID", t("review.exceptions.who"), options: who, selected: typedExceptions["organizationID"] ?? "",
                             error: exceptionErrors["organizationID"], required: false, emptyLabel: t("form.choose")),
                PartnerChoice.several(organizations, t),
                Field.text("until", t("review.exceptions.until"), value: typedExceptions["until"] ?? "", error: exceptionErrors["until"], .init(type: .date)),
                .button(.type(.submit), .class("button"), .text(t("review.exceptions.grant")))))
    }
}
