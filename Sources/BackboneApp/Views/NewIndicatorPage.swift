import BackboneDomain
import Plot

/// The form for an indicator the initiative defines itself.
struct NewIndicatorPage {
    let access: InitiativeAccess
    let form: CustomIndicatorController.IndicatorForm
    let dimensions: [DisaggregationDimension]
    let errors: [String: String]

    static func kind(_ kind: CatalogEntry.Kind) -> String {
        switch kind {
        case .population: "Population result: a condition of the whole place or group"
        case .performanceHowMuch: "Program measure: how much did we do"
        case .performanceHowWell: "Program measure: how well did we do it"
        case .performanceBetterOff: "Program measure: is anyone better off"
        }
    }

    func render(_ chrome: Chrome) -> HTML {
        let optional = Field.Options(autocomplete: "off", required: false)
        return Layout.page("New indicator", chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicators(slug: access.slug).path), .text("Indicators"))),
            .h1(.text("New indicator")),
            .p(.class("lead"), .text("Define a measure the catalog does not have. Say exactly what is counted, so every partner reports it the same way.")),
            .form(.class("panel"), .method(.post), .action(SiteURL.indicatorNew(slug: access.slug).path),
                csrfField(chrome.csrfToken),
                errorSummary(errors),
                .div(.class("cell-grid"),
                    Field.text("code", "Code", value: form.code ?? "", error: errors["code"],
                               .init(autocomplete: "off", hint: "Capital letters, digits and hyphens, such as EDU-TUTOR. Used in CSV files.")),
                    Field.text("name", "Name", value: form.name ?? "", error: errors["name"], .init(autocomplete: "off"))),
                Field.select("kind", "Kind of measure", options: CatalogEntry.Kind.allCases.map { ($0.rawValue, Self.kind($0)) },
                             selected: form.kind ?? "", error: errors["kind"]),
                Field.textArea("definition", "What is measured", value: form.definition ?? "", error: errors["definition"], required: true),
                .div(.class("cell-grid"),
                    Field.text("unit", "Unit", value: form.unit ?? "", error: errors["unit"],
                               .init(autocomplete: "off", hint: "count, percent, rate_per:1000, currency:USD, days or score")),
                    Field.select("aggregation", "How values add up", options: AggregationRule.allCases.map { ($0.rawValue, MeasurementText.rule($0)) },
                                 selected: form.aggregation ?? "", error: errors["aggregation"],
                                 hint: "Percents and rates always use the ratio rule.")),
                Field.text("numeratorDefinition", "Numerator (percents and rates)", value: form.numeratorDefinition ?? "",
                           error: errors["numeratorDefinition"], optional),
                Field.text("denominatorDefinition", "Denominator (percents and rates)", value: form.denominatorDefinition ?? "",
                           error: errors["denominatorDefinition"], optional),
                Field.text("weightDefinition", "Weight (weighted means)", value: form.weightDefinition ?? "",
                           error: errors["weightDefinition"], optional),
                .div(.class("cell-grid"),
                    Field.text("minimum", "Smallest allowed value", value: form.minimum ?? "", error: errors["minimum"], optional),
                    Field.text("maximum", "Largest allowed value", value: form.maximum ?? "", error: errors["maximum"], optional)),
                Field.select("scope", "Who reports", options: ReportingScope.allCases.map { ($0.rawValue, MeasurementText.scope($0)) },
                             selected: form.scope ?? "", error: errors["scope"]),
                .div(.class("cell-grid"),
                    Field.select("polarity", "Direction", options: Polarity.allCases.map { ($0.rawValue, MeasurementText.polarity($0)) },
                                 selected: form.polarity ?? "", error: errors["polarity"]),
                    Field.select("frequency", "How often", options: Frequency.allCases.map { ($0.rawValue, MeasurementText.frequency($0)) },
                                 selected: form.frequency ?? "", error: errors["frequency"])),
                .fieldset(
                    .element(named: "legend", text: "Breakdowns it can be reported by"),
                    .p(.class("hint"), .text("Each partner's assignment then picks which of these it reports."),
                       .text(" "), .a(.href(SiteURL.dimensions(slug: access.slug).path), .text("Add a breakdown"))),
                    .unwrap(errors["dimensions"]) { .p(.class("field-error"), .text($0)) },
                    .forEach(dimensions) { dimension in
                        .div(.class("check"),
                             .input(.type(.checkbox), .id(escapedAttribute("dimension-\(dimension.key)")), .name("dimensions[]"), .value(escapedAttribute(dimension.key)),
                                    .checked((form.dimensions ?? []).contains(dimension.key))),
                             .label(.for(escapedAttribute("dimension-\(dimension.key)")), .text(dimension.name)))
                    }),
                Field.textArea("dataSources", "Where the numbers come from", value: form.dataSources ?? "", error: errors["dataSources"]),
                .button(.type(.submit), .class("button primary"), .text("Create indicator"))))
    }
}
