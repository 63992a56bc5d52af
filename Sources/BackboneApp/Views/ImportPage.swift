import BackboneDomain
import BackbonePersistence
import Plot

/// Uploading a CSV file of figures, and what came of it.
struct ImportPage {
    let access: InitiativeAccess
    let header: [String]
    var problems: [ReportImporter.Problem] = []
    var summary: ReportImporter.Summary?
    /// What the form held when posted, shown again beside its errors.
    var typed = Typed()
    var errors = FieldErrors()

    struct Typed {
        var submit = false
        var historical = false
        var reason = ""
        var approve = false
    }

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("import.title"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.reporting(slug: access.slug).path), .text(t("nav.reporting")))),
            .h1(.text(t("import.heading"))),
            .unwrap(summary) { summary in
                .div(.class("alert alert-success"), .attribute(named: "role", value: "status"),
                     .p(.text(t("import.done", [
                        "rows": t(summary.rows == 1 ? "import.rowsOne" : "import.rowsMany", ["count": t.count(summary.rows)]),
                        "changed": t(summary.reportsChanged == 1 ? "import.changedOne" : "import.changedMany", ["count": t.count(summary.reportsChanged)]),
                        "unchanged": t.count(summary.reportsUnchanged)]))))
            },
            .unwrap(summary.flatMap { $0.warnings.isEmpty ? nil : $0.warnings }) { warnings in
                .section(.class("panel"),
                    .h2(.text(t("import.warnings"))),
                    .p(.text(t("import.warningsHint"))),
                    problemTable(warnings, caption: t("import.warningsByLine"), t))
            },
            .if(!problems.isEmpty, .section(.class("panel"),
                .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"),
                     .p(.strong(.text(t("import.nothing"))), .text(" "),
                        .text(problems.count == 1 ? t("import.correctOne") : t("import.correctMany", ["count": t.count(problems.count)])))),
                problemTable(problems, caption: t("import.problemsByLine"), t))),
            .section(.class("panel narrow"),
                .form(.method(.post), .action(SiteURL.reporting(slug: access.slug).path + "/import"), .enctype(.multipartData),
                    .data(named: "progress", value: "import"),
                    .data(named: "progress-url", value: SiteURL.reporting(slug: access.slug).path + "/import/progress/"),
                    // What the progress script says, in the page's language.
                    .forEach(["uploading", "uploadingPercent", "checking", "checkingRow", "checkingReport", "savingReport", "unexpected", "notSent"]) { key in
                        .data(named: "text-\(key.lowercased())", value: escapedAttribute(t("import.js.\(key)")))
                    },
                    csrfField(chrome.csrfToken),
                    .div(.class("field"),
                        .label(.for("file"), .text(t("import.file"))),
                        .p(.class("hint"), .id("file-hint"), .text(t("import.fileHint"))),
                        .input(.type(.file), .id("file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"),
                               .attribute(named: "aria-describedby", value: "file-hint"), .required(true))),
                    .div(.class("check"),
                        .input(.type(.checkbox), .id("submit"), .name("submit"), .attribute(named: "checked", value: typed.submit ? "checked" : nil)),
                        .label(.for("submit"), .text(t("import.submitToo")))),
                    .if(access.can(.importHistory), historicalFields(t)),
                    .button(.type(.submit), .class("button primary"), .text(t("import.go"))),
                    .div(.class("import-progress"), .attribute(named: "hidden"), .attribute(named: "role", value: "status"),
                        .element(named: "progress", nodes: [.attribute(named: "aria-label", value: escapedAttribute(t("import.progress")))]),
                        .p(.class("import-progress-text"))))),
            .element(named: "script", nodes: [.attribute(named: "src", value: SiteURL.importScript.path), .attribute(named: "defer")]),
            .section(.class("panel"),
                .h2(.text(t("import.columns"))),
                .p(.code(.text(header.joined(separator: ",")))),
                .ul(
                    .li(.text(t("import.help.required"))),
                    .li(.text(t("import.help.rows"))),
                    .li(.text(t("import.help.figures"))),
                    .li(.text(t("import.help.twice"))))))
    }

    /// The backbone administrator's choice to bring in past periods (docs/historical-import.md).
    private func historicalFields(_ t: Texts) -> Node<HTML.FormContext> {
        .fieldset(
            .element(named: "legend", text: t("import.historical.legend")),
            .p(.class("hint"), .text(t("import.historical.hint"))),
            .unwrap(errors["approve"]) { .p(.class("field-error"), .text($0)) },
            .div(.class("check"),
                .input(.type(.checkbox), .id("historical"), .name("historical"), .attribute(named: "checked", value: typed.historical ? "checked" : nil)),
                .label(.for("historical"), .text(t("import.historical.on")))),
            Field.text("reason", t("import.historical.reason"), value: typed.reason, error: errors["reason"],
                       Field.Options(hint: t("import.historical.reasonHint"), required: false)),
            .div(.class("check"),
                .input(.type(.checkbox), .id("approve"), .name("approve"), .attribute(named: "checked", value: typed.approve ? "checked" : nil)),
                .label(.for("approve"), .text(t("import.historical.approve")))))
    }

    private func problemTable(_ lines: [ReportImporter.Problem], caption: String, _ t: Texts) -> Node<HTML.BodyContext> {
        tableFrame(.table(.class("table"),
            .caption(.text(caption)),
            .thead(.tr(.th(.text(t("import.line"))), .th(.text(t("import.column"))), .th(.text(t("import.problem"))))),
            .tbody(.forEach(lines.prefix(ImportRecordModel.keptLines)) { problem in
                .tr(.td(.text(problem.line > 0 ? t.count(problem.line) : "—")), .td(.text(problem.column)), .td(.text(problem.message)))
            })))
    }
}
