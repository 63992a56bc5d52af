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
        let t = chrome.t
        let standard = Set(DisaggregationDimension.standard.map(\.key))
        return Layout.page(t("dimensions.title"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicators(slug: access.slug).path), .text(t("nav.indicators")))),
            .h1(.text(t("dimensions.title"))),
            noticeBanner(notice, chrome.t),
            .p(.class("lead"), .text(t("dimensions.lead"))),
            tableFrame(.table(.class("table"),
                .caption(.text(t("dimensions.count", ["count": t.count(dimensions.count)]))),
                .thead(.tr(.th(.text(t("dimensions.breakdown"))), .th(.text(t("dimensions.column"))), .th(.text(t("dimensions.categoriesInOrder"))))),
                .tbody(.forEach(dimensions.map { $0.localized(t) }) { dimension in
                    .tr(.td(.text(dimension.name), .if(!standard.contains(dimension.key), .span(.class("meta"), .text(t("dimensions.added"))))),
                        .td(.code(.text(dimension.key))),
                        .td(.text(dimension.categories.map { "\($0.label) (\($0.key))" }.joined(separator: ", "))))
                }))),
            .if(access.can(.manageIndicators), addForm(chrome)))
    }

    private func addForm(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let t = chrome.t
        return .section(.class("panel"),
            .h2(.text(t("dimensions.addHeading"))),
            .p(.text(t("dimensions.addLead"))),
            .form(.method(.post), .action(SiteURL.dimensions(slug: access.slug).path),
                csrfField(chrome.csrfToken),
                errorSummary(errors),
                Field.text("name", t("dimensions.name"), value: typedName, error: errors["name"], .init(autocomplete: "off")),
                Field.textArea("categories", t("dimensions.categories"), value: typedCategories, error: errors["categories"],
                               hint: t("dimensions.categoriesHint", ["count": t.count(DisaggregationDimension.maximumCategories)]), required: true),
                .button(.type(.submit), .class("button primary"), .text(t("dimensions.add")))))
    }
}
