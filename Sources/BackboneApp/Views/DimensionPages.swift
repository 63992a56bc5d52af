import BackboneDomain
import Plot

/// The breakdowns values can be reported by, with a form for the backbone to add its own.
struct DimensionsPage {
    let access: InitiativeAccess
    let dimensions: [DisaggregationDimension]
    let typedName: String
    let typedCategories: String
    let errors: [String: String]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let standard = Set(DisaggregationDimension.standard.map(\.key))
        return Layout.page("Breakdowns", chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicators(slug: access.slug).path), .text("Indicators"))),
            .h1(.text("Breakdowns")),
            noticeBanner(notice, chrome.t),
            .p(.class("lead"), .text("The ways a figure can be broken down. An indicator declares its breakdowns; each partner reports the ones assigned to it, one value per category.")),
            tableFrame(.table(.class("table"),
                .caption(.text("\(dimensions.count) breakdowns")),
                .thead(.tr(.th(.text("Breakdown")), .th(.text("Column in CSV files")), .th(.text("Categories, in order")))),
                .tbody(.forEach(dimensions) { dimension in
                    .tr(.td(.text(dimension.name), .if(!standard.contains(dimension.key), .span(.class("meta"), .text(" (added by this initiative)")))),
                        .td(.code(.text(dimension.key))),
                        .td(.text(dimension.categories.map { "\($0.label) (\($0.key))" }.joined(separator: ", "))))
                }))),
            .if(access.can(.manageIndicators), addForm(chrome)))
    }

    private func addForm(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .section(.class("panel"),
            .h2(.text("Add a breakdown")),
            .p(.text("For example schools, program sites or languages spoken. Categories cannot be removed once figures use them, so list them carefully.")),
            .form(.method(.post), .action(SiteURL.dimensions(slug: access.slug).path),
                csrfField(chrome.csrfToken),
                errorSummary(errors),
                Field.text("name", "Name", value: typedName, error: errors["name"], .init(autocomplete: "off")),
                Field.textArea("categories", "Categories", value: typedCategories, error: errors["categories"],
                               hint: "One per line, in the order they should appear. At most \(DisaggregationDimension.maximumCategories).", required: true),
                .button(.type(.submit), .class("button primary"), .text("Add breakdown"))))
    }
}
