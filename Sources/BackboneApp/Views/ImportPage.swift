import BackboneDomain
import BackbonePersistence
import Plot

/// Uploading a CSV file of figures, and what came of it.
struct ImportPage {
    let access: InitiativeAccess
    let header: [String]
    var problems: [ReportImporter.Problem] = []
    var summary: ReportImporter.Summary?

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Import figures", chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.reporting(slug: access.slug).path), .text("Reporting"))),
            .h1(.text("Import figures from a CSV file")),
            .unwrap(summary) { summary in
                .div(.class("alert alert-success"), .attribute(named: "role", value: "status"),
                     .p(.text("Imported \(summary.rows) \(summary.rows == 1 ? "row" : "rows"): \(summary.reportsChanged) \(summary.reportsChanged == 1 ? "report" : "reports") updated, \(summary.reportsUnchanged) already up to date.")))
            },
            .if(!problems.isEmpty, .section(.class("panel"),
                .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"),
                     .p(.strong(.text("Nothing was imported.")), .text(" Correct the \(problems.count == 1 ? "problem" : "\(problems.count) problems") below and upload the file again."))),
                .div(.class("table-wrap"), .table(.class("table"),
                    .caption(.text("Problems by line")),
                    .thead(.tr(.th(.text("Line")), .th(.text("Column")), .th(.text("Problem")))),
                    .tbody(.forEach(problems.prefix(500)) { problem in
                        .tr(.td(.text(problem.line > 0 ? "\(problem.line)" : "—")), .td(.text(problem.column)), .td(.text(problem.message)))
                    }))))),
            .section(.class("panel narrow"),
                .form(.method(.post), .action(SiteURL.reporting(slug: access.slug).path + "/import"), .enctype(.multipartData),
                    .data(named: "progress", value: "import"),
                    .data(named: "progress-url", value: SiteURL.reporting(slug: access.slug).path + "/import/progress/"),
                    csrfField(chrome.csrfToken),
                    .div(.class("field"),
                        .label(.for("file"), .text("CSV file")),
                        .p(.class("hint"), .id("file-hint"), .text("UTF-8, comma or semicolon separated, at most 5 MB. One figure per row.")),
                        .input(.type(.file), .id("file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"),
                               .attribute(named: "aria-describedby", value: "file-hint"), .required(true))),
                    .div(.class("check"),
                        .input(.type(.checkbox), .id("submit"), .name("submit")),
                        .label(.for("submit"), .text("Submit the imported reports for review (otherwise they are saved as drafts)"))),
                    .button(.type(.submit), .class("button primary"), .text("Check and import")),
                    .div(.class("import-progress"), .attribute(named: "hidden"), .attribute(named: "role", value: "status"),
                        .element(named: "progress", nodes: [.attribute(named: "aria-label", value: "Import progress")]),
                        .p(.class("import-progress-text"))))),
            .element(named: "script", nodes: [.attribute(named: "src", value: SiteURL.importScript.path), .attribute(named: "defer")]),
            .section(.class("panel"),
                .h2(.text("The file's columns")),
                .p(.code(.text(header.joined(separator: ",")))),
                .ul(
                    .li(.text("indicator_code, partner (the organization's name) and period (2026-03, 2026-Q1 or 2026) are required.")),
                    .li(.text("A row with no breakdown column filled is the total; a row with one breakdown column filled (such as gender = female) is that cell.")),
                    .li(.text("Percents and rates take a numerator and a denominator; other figures a value (and a weight for weighted means).")),
                    .li(.text("Importing the same file twice changes nothing. To start from a filled-in file, download a period's template from its report page.")))))
    }
}
