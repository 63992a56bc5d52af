import BackboneDomain
import Plot

/// The form for an indicator the initiative defines itself.
struct NewIndicatorPage {
    let access: InitiativeAccess
    let form: CustomIndicatorController.IndicatorForm
    let dimensions: [DisaggregationDimension]
    let errors: [String: String]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let optional = Field.Options(autocomplete: "off", required: false)
        return Layout.page(t("indicator.new"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicators(slug: access.slug).path), .text(t("nav.indicators")))),
            .h1(.text(t("indicator.new"))),
            .p(.class("lead"), .text(t("newIndicator.lead"))),
            .form(.class("panel"), .method(.post), .action(SiteURL.indicatorNew(slug: access.slug).path),
                csrfField(chrome.csrfToken),
                errorSummary(errors),
                .div(.class("cell-grid"),
                    Field.text("code", t("indicator.code"), value: form.code ?? "", error: errors["code"],
                               .init(autocomplete: "off", hint: t("newIndicator.codeHint"))),
                    Field.text("name", t("dimensions.name"), value: form.name ?? "", error: errors["name"], .init(autocomplete: "off"))),
                Field.select("kind", t("newIndicator.kind"), options: CatalogEntry.Kind.allCases.map { ($0.rawValue, t("indicatorKind.\($0.rawValue)")) },
                             selected: form.kind ?? "", error: errors["kind"]),
                Field.textArea("definition", t("indicator.whatIsMeasured"), value: form.definition ?? "", error: errors["definition"], required: true),
                .div(.class("cell-grid"),
                    Field.text("unit", t("indicator.unit"), value: form.unit ?? "", error: errors["unit"],
                               .init(autocomplete: "off", hint: t("indicator.unitHint"))),
                    Field.select("aggregation", t("indicator.howValuesAddUp"), options: AggregationRule.allCases.map { ($0.rawValue, t.rule($0)) },
                                 selected: form.aggregation ?? "", error: errors["aggregation"],
                                 hint: t("newIndicator.ratioHint"))),
                Field.text("numeratorDefinition", t("indicator.numeratorField"), value: form.numeratorDefinition ?? "",
                           error: errors["numeratorDefinition"], optional),
                Field.text("denominatorDefinition", t("indicator.denominatorField"), value: form.denominatorDefinition ?? "",
                           error: errors["denominatorDefinition"], optional),
                Field.text("weightDefinition", t("indicator.weightField"), value: form.weightDefinition ?? "",
                           error: errors["weightDefinition"], optional),
                .div(.class("cell-grid"),
                    Field.text("minimum", t("newIndicator.minimum"), value: form.minimum ?? "", error: errors["minimum"], optional),
                    Field.text("maximum", t("newIndicator.maximum"), value: form.maximum ?? "", error: errors["maximum"], optional)),
                Field.select("scope", t("indicator.whoReports"), options: ReportingScope.allCases.map { ($0.rawValue, t.scope($0)) },
                             selected: form.scope ?? "", error: errors["scope"]),
                .div(.class("cell-grid"),
                    Field.select("polarity", t("indicator.direction"), options: Polarity.allCases.map { ($0.rawValue, t.polarity($0)) },
                                 selected: form.polarity ?? "", error: errors["polarity"]),
                    Field.select("frequency", t("indicator.howOften"), options: Frequency.allCases.map { ($0.rawValue, t.frequency($0)) },
                                 selected: form.frequency ?? "", error: errors["frequency"])),
                .fieldset(
                    .element(named: "legend", text: t("newIndicator.breakdowns")),
                    .p(.class("hint"), .text(t("newIndicator.breakdownsHint")),
                       .text(" "), .a(.href(SiteURL.dimensions(slug: access.slug).path), .text(t("dimensions.addHeading")))),
                    .unwrap(errors["dimensions"]) { .p(.class("field-error"), .text($0)) },
                    .forEach(dimensions.map { $0.localized(t) }) { dimension in
                        .div(.class("check"),
                             .input(.type(.checkbox), .id(escapedAttribute("dimension-\(dimension.key)")), .name("dimensions[]"), .value(escapedAttribute(dimension.key)),
                                    .checked((form.dimensions ?? []).contains(dimension.key))),
                             .label(.for(escapedAttribute("dimension-\(dimension.key)")), .text(dimension.name)))
                    }),
                Field.textArea("dataSources", t("newIndicator.dataSources"), value: form.dataSources ?? "", error: errors["dataSources"]),
                .button(.type(.submit), .class("button primary"), .text(t("newIndicator.create")))))
    }
}
