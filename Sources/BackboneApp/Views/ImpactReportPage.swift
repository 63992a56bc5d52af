import BackboneCharts
import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// One impact report: for members with the backbone's controls (edit, release, share) above it,
/// or for an outsider through its share link (`access` nil: no links into the initiative).
/// Printing gives the report alone, section by section (see the print rules in backbone.css).
struct ImpactReportPage {
    let access: InitiativeAccess?
    let report: ImpactReportModel
    let content: ImpactReportContent
    let supersededBy: ImpactReportModel?
    /// Released reports this draft may supersede.
    let supersedable: [ImpactReportModel]
    /// A share link just made: shown once.
    let newLink: String?
    /// The report's own print rules (its running header; see `ImpactReportController.printStyle`).
    let printStylePath: String
    let errors: [String: String]
    var notice: Notice? = nil

    func render(_ chrome: Chrome) -> HTML {
        var chrome = chrome
        chrome.printStylesheet = printStylePath
        let t = chrome.t
        let draft = report.parsedStatus == .draft
        return Layout.page(content.title, chrome,
            .div(.class("no-print"),
                .unwrap(access) { access in
                    .p(.class("breadcrumb"), .a(.href(SiteURL.impactReports(slug: access.slug).path), .text(t("impact.title"))))
                },
                noticeBanner(notice, t),
                errorSummary(errors),
                .unwrap(supersededBy) { newer in
                    .div(.class("alert alert-warning"), .attribute(named: "role", value: "note"),
                         .p(.text(t("impact.supersededBy") + " "),
                            .unwrap(access) { .a(.href(SiteURL.impactReport(slug: $0.slug, id: newer.id!).path), .text(newer.title)) }))
                },
                .unwrap(access) { access in .if(access.can(.composeImpactReports), controls(access, chrome)) },
                .div(.class("actions"),
                    .button(.type(.button), .class("button secondary"), .data(named: "print", value: ""), .attribute(named: "hidden"),
                            .text(t("impact.print"))),
                    .unwrap(access) { access in
                        .a(.class("button secondary"), .href(SiteURL.impactReportStep(slug: access.slug, id: report.id!, step: .data).path),
                           .attribute(named: "download", value: ""), .text(t("impact.downloadData")))
                    })),
            .element(named: "article", nodes: [.class("impact-report"), .attribute(named: "aria-labelledby", value: "report-title"),
                .header(.class("report-cover"),
                    .p(.class("meta"), .text(content.initiative)),
                    .h1(.id("report-title"), .text(content.title)),
                    .p(.class("lead"), .text(t("impact.coverLine", ["audience": content.audience.title(t), "span": spanText(content.from, content.to, t)]))),
                    .p(.class("meta"), .text(draft ? t("impact.draftNote", ["day": t.day(content.composedAt, in: chrome.zone)])
                                               : t("impact.releasedNote", ["day": t.day(report.releasedAt ?? content.composedAt, in: chrome.zone)])),
                       .text(" "), .text(content.basis == .provisional ? t("impact.basisProvisional") : t("impact.basisApproved")))),
                .group(content.sections.enumerated().map { index, section in
                    ImpactSectionView(section: section, slug: access?.slug, chrome: chrome, index: index).render()
                }),
            ]),
            .script(.src(SiteURL.printScript.path), .attribute(named: "defer")))
    }

    /// The backbone's panel: edit and release a draft; share or stop sharing a released report.
    private func controls(_ access: InitiativeAccess, _ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        if report.parsedStatus == .draft {
            return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "draft-controls"),
                .h2(.id("draft-controls"), .text(t("impact.draftControls"))),
                .p(.text(t("impact.draftExplained"))),
                .div(.class("actions"),
                    .a(.class("button secondary"), .href(SiteURL.impactReportStep(slug: access.slug, id: report.id!, step: .edit).path), .text(t("impact.edit"))),
                    .form(.method(.post), .action(SiteURL.impactReportStep(slug: access.slug, id: report.id!, step: .delete).path), .class("inline"), csrfField(chrome.csrfToken),
                          .button(.type(.submit), .class("button secondary"), .text(t("impact.deleteDraft"))))),
                .form(.method(.post), .action(SiteURL.impactReportStep(slug: access.slug, id: report.id!, step: .release).path), .class("stack"),
                    csrfField(chrome.csrfToken),
                    .input(.type(.hidden), .name("revision"), .value(escapedAttribute(String(report.revision)))),
                    .if(!supersedable.isEmpty, Field.select("supersedes", t("impact.supersedes"),
                        options: supersedable.map { ($0.id!.uuidString, $0.title) }, selected: "", error: errors["supersedes"],
                        hint: t("impact.supersedesHint"), required: false, emptyLabel: t("impact.supersedesNone"))),
                    .button(.type(.submit), .class("button"), .text(t("impact.release")))))
        }
        return .section(.class("panel"), .attribute(named: "aria-labelledby", value: "share-controls"),
            .h2(.id("share-controls"), .text(t("impact.share"))),
            .p(.text(report.shareTokenHash == nil ? t("impact.notShared") : t("impact.shared"))),
            .unwrap(newLink) { link in
                .div(.class("alert alert-success"), .attribute(named: "role", value: "status"),
                     .p(.text(t("impact.linkOnce"))),
                     .p(.code(.id("share-link"), .text(link))))
            },
            .div(.class("actions"),
                .form(.method(.post), .action(SiteURL.impactReportStep(slug: access.slug, id: report.id!, step: .share).path), .class("inline"), csrfField(chrome.csrfToken),
                      .button(.type(.submit), .class("button secondary"), .text(t(report.shareTokenHash == nil ? "impact.makeLink" : "impact.newLink")))),
                .if(report.shareTokenHash != nil,
                    .form(.method(.post), .action(SiteURL.impactReportStep(slug: access.slug, id: report.id!, step: .revokeShare).path), .class("inline"), csrfField(chrome.csrfToken),
                          .button(.type(.submit), .class("button secondary"), .text(t("impact.revokeLink")))))))
    }
}
