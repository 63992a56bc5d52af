import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// Plain-language names for measurement terms shown on pages.
enum MeasurementText {
    static func rule(_ rule: AggregationRule) -> String {
        switch rule {
        case .sum: "Sum"
        case .ratio: "Ratio (numerators and denominators add)"
        case .latest: "Latest (stock)"
        case .weightedMean: "Weighted mean"
        case .min: "Smallest"
        case .max: "Largest"
        }
    }

    static func scope(_ scope: ReportingScope) -> String {
        scope == .partners ? "Reported by partners" : "Population figure (entered by the backbone)"
    }

    static func polarity(_ polarity: Polarity) -> String {
        polarity == .higherIsBetter ? "Higher is better" : "Lower is better"
    }

    static func frequency(_ frequency: Frequency) -> String {
        switch frequency {
        case .monthly: "Monthly"
        case .quarterly: "Quarterly"
        case .annual: "Yearly"
        }
    }

    /// A number to put back into a form field: no grouping separators, which the form refuses.
    static func plain(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value.formatted(.number.precision(.fractionLength(0...2)))
    }
}

/// The initiative's indicators.
struct IndicatorsPage {
    let access: InitiativeAccess
    let listing: [IndicatorListing]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Indicators", chrome,
            .div(.class("page-head"),
                .h1(.text("Indicators")),
                .if(access.can(.manageIndicators), .div(.class("actions"),
                    .a(.class("button"), .href(SiteURL.indicatorNew(slug: access.slug).path), .text("New indicator")),
                    .a(.class("button primary"), .href(SiteURL.indicatorCatalog(slug: access.slug).path), .text("Add from the catalog"))))),
            noticeBanner(notice, chrome.t),
            .p(.class("lead"), .text("The shared measures every partner reports the same way. "),
               .a(.href(SiteURL.dimensions(slug: access.slug).path), .text("See the breakdowns they can be reported by"))),
            .if(listing.isEmpty, .div(.class("panel empty"), .p(.text("No indicators yet. The backbone adds them from the catalog.")))),
            .if(!listing.isEmpty, tableFrame(.table(.class("table"),
                .caption(.text("\(listing.count) indicators")),
                .thead(.tr(.th(.text("Indicator")), .th(.text("Unit")), .th(.text("How it adds up")), .th(.text("Reported")),
                           .th(.class("num"), .text("Partners")), .th(.class("num"), .text("Version")))),
                .tbody(.forEach(listing) { item in
                    .tr(.td(.a(.href(SiteURL.indicator(slug: access.slug, id: item.indicator.id!).path), .text(item.indicator.name)),
                            .br(), .span(.class("meta"), .text(item.indicator.code))),
                        .td(.text(item.current.definition.unit.description)),
                        .td(.text(MeasurementText.rule(item.current.definition.aggregation))),
                        .td(.text(MeasurementText.frequency(item.indicator.parsedFrequency))),
                        .td(.class("num"), .text("\(item.assignmentCount)")),
                        .td(.class("num"), .text("\(item.current.number)")))
                })))))
    }
}

/// The starter catalog, to adopt indicators from.
struct CatalogPage {
    let access: InitiativeAccess
    let catalog: IndicatorCatalog
    var adopted: Set<String>
    var error: String?
    var imported: String? = nil

    static let areas: [(String, String)] = [("education", "Education"), ("health", "Health"), ("housing", "Housing and homelessness"),
                                           ("economy", "Economy"), ("performance", "Program performance")]

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Indicator catalog", chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicators(slug: access.slug).path), .text("Indicators"))),
            .h1(.text("Indicator catalog")),
            .p(.class("lead"), .text("Well-tried measures with clear definitions. Adopt the few that matter for your agenda: every partner should report only what is needed.")),
            .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .unwrap(imported) { .div(.class("alert alert-success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .section(.class("panel"),
                .h2(.text("Share catalogs between initiatives")),
                .p(.a(.href(SiteURL.indicators(slug: access.slug).path + "/export.json"), .text("Download this initiative's indicators")),
                   .text(" as a catalog file, or import one another initiative shared.")),
                .form(.class("inline-form"), .method(.post), .action(SiteURL.indicators(slug: access.slug).path + "/import"), .enctype(.multipartData),
                    csrfField(chrome.csrfToken),
                    .label(.for("catalog-file"), .text("Catalog file (JSON)")),
                    .input(.type(.file), .id("catalog-file"), .name("file"), .attribute(named: "accept", value: ".json,application/json"), .required(true)),
                    .button(.type(.submit), .class("button small"), .text("Import")))),
            .forEach(Self.areas) { area, title in
                .section(.class("panel"),
                    .h2(.text(title)),
                    .ul(.class("catalog-list"), .forEach(catalog.entries.filter { $0.area == area }) { entry in
                        .li(.class("catalog-entry"),
                            .div(.h3(.text(entry.name)),
                                 .p(.text(entry.definition)),
                                 .p(.class("meta"), .text("\(entry.code) · \(entry.unit.description) · \(MeasurementText.rule(entry.aggregation)) · \(MeasurementText.frequency(entry.frequency)) · \(MeasurementText.polarity(entry.polarity))"))),
                            adopted.contains(entry.code)
                                ? .p(.class("badge"), .text("Adopted"))
                                : .form(.method(.post), .action(SiteURL.indicatorAdopt(slug: access.slug).path),
                                        csrfField(chrome.csrfToken),
                                        .input(.type(.hidden), .name("code"), .value(escapedAttribute(entry.code))),
                                        .button(.type(.submit), .class("button small"),
                                                .attribute(named: "aria-label", value: escapedAttribute("Adopt \(entry.name)")), .text("Adopt"))))
                    }))
            })
    }
}

/// One indicator: definition, versions and who reports it.
struct IndicatorPage {
    /// Where the initiative, or one partner, stands against its target.
    struct Standing {
        let target: TargetModel?
        let latest: (period: ReportingPeriod, aggregate: Aggregate, provisional: Bool)?
        let status: TargetStatus
    }

    struct PartnerStanding {
        let organizationID: UUID
        let name: String
        let standing: Standing
    }

    struct Progress {
        let initiative: Standing
        let partners: [PartnerStanding]
        /// What was typed into the target form when it comes back with problems.
        let typed: [String: String]?
    }

    let access: InitiativeAccess
    let indicator: IndicatorModel
    let progress: Progress
    let results: IndicatorResults
    let versions: [DefinitionVersion]
    let dimensions: [DisaggregationDimension]
    let assignments: [AssignmentModel]
    let organizations: [OrganizationModel]
    let errors: [String: String]
    let notice: Notice?
    /// What was typed into the definition form when it comes back with problems.
    var typedDefinition: [String: String]? = nil
    var comments: CommentThread? = nil

    func render(_ chrome: Chrome) -> HTML {
        let current = versions.last!.definition
        let orgNames = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        return Layout.page(indicator.name, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicators(slug: access.slug).path), .text("Indicators"))),
            .h1(.text(indicator.name)),
            noticeBanner(notice, chrome.t),
            .section(.class("panel"),
                .p(.class("lead"), .text(current.definition)),
                .dl(.class("facts"),
                    .dt(.text("Code")), .dd(.text(indicator.code)),
                    .dt(.text("Unit")), .dd(.text(current.unit.description)),
                    .unwrap(current.numeratorDefinition) { .group(.dt(.text("Numerator")), .dd(.text($0))) },
                    .unwrap(current.denominatorDefinition) { .group(.dt(.text("Denominator")), .dd(.text($0))) },
                    .unwrap(current.weightDefinition) { .group(.dt(.text("Weighted by")), .dd(.text($0))) },
                    .dt(.text("How it adds up")), .dd(.text(MeasurementText.rule(current.aggregation))),
                    .dt(.text("Direction")), .dd(.text(MeasurementText.polarity(indicator.parsedPolarity))),
                    .dt(.text("Who reports")), .dd(.text(MeasurementText.scope(indicator.parsedScope))),
                    .dt(.text("How often")), .dd(.text(MeasurementText.frequency(indicator.parsedFrequency))),
                    .dt(.text("Breakdowns")), .dd(.text(dimensions.isEmpty ? "None" : dimensions.map(\.name).joined(separator: ", "))),
                    .dt(.text("Data sources")), .dd(.text(indicator.dataSources.isEmpty ? "Not stated" : indicator.dataSources)))),
            liveHooks(slug: access.slug, indicatorID: indicator.id),
            progressSection(chrome, unit: current.unit),
            .div(.data(named: "live-region", value: "results"), results.render(showPartners: true)),
            .section(.class("panel"),
                .h2(.text("Definition versions")),
                .p(.text("A change of definition, unit or rule starts a new version; figures keep the version they were reported under.")),
                .ol(.forEach(versions) { version in
                    .li(.text("Version \(version.number), in force from \(version.number == 1 ? "the start" : version.effectiveFrom.formatted(.iso8601.year().month().day()))"))
                }),
                .if(access.can(.manageIndicators), definitionForm(chrome, current))),
            .section(.class("panel"),
                .h2(.text("Partners who report it")),
                .if(assignments.isEmpty, .p(.text("No partner reports this indicator yet."))),
                .if(!assignments.isEmpty, tableFrame(.table(.class("table"),
                    .thead(.tr(.th(.text("Partner")), .th(.text("Breakdowns")), .if(access.can(.manageIndicators), .th(.text("Manage"))))),
                    .tbody(.forEach(assignments.sorted { (orgNames[$0.organizationID] ?? "") < (orgNames[$1.organizationID] ?? "") }) { assignment in
                        .tr(.td(.text(orgNames[assignment.organizationID] ?? "Unknown")),
                            .td(.text(assignment.dimensionKeyList.isEmpty ? "Total only"
                                      : dimensions.filter { assignment.dimensionKeyList.contains($0.key) }.map(\.name).joined(separator: ", "))),
                            .if(access.can(.manageIndicators), .td(
                                .form(.class("inline-form"), .method(.post), .action(SiteURL.indicatorUnassign(slug: access.slug, id: indicator.id!).path),
                                      csrfField(chrome.csrfToken),
                                      .input(.type(.hidden), .name("organizationID"), .value(escapedAttribute(assignment.organizationID.uuidString))),
                                      .button(.type(.submit), .class("button small danger"),
                                              .attribute(named: "aria-label", value: escapedAttribute("Stop assigning to \(orgNames[assignment.organizationID] ?? "")")),
                                              .text("Remove"))))))
                    })))),
                .if(access.can(.manageIndicators), assignForm(chrome))),
            .unwrap(comments) { $0.render(chrome.csrfToken) })
    }

    private func progressSection(_ chrome: Chrome, unit: MeasurementUnit) -> Node<HTML.BodyContext> {
        let suffix = unit == .percent ? "%" : ""
        let initiative = progress.initiative
        return .section(.class("panel"),
            .h2(.text("Progress")),
            .div(.class("progress-line"), .data(named: "live-region", value: "progress"),
                statusBadge(initiative.status),
                .unwrap(initiative.latest) { latest in
                    .p(.class("big-number"), .text(MeasurementText.number(latest.aggregate.value) + suffix),
                       .span(.class("meta"), .text(" across partners, \(latest.period.description)\(latest.provisional ? " (provisional: includes reports not yet approved)" : "")")))
                }),
            .unwrap(initiative.target, { .p(.text(targetSentence($0, suffix: suffix))) }, else: .p(.text("No target for the whole initiative yet."))),
            .if(!progress.partners.isEmpty, tableFrame(.table(.class("table"),
                .caption(.text("Partner targets")),
                .thead(.tr(.th(.text("Partner")), .th(.text("Baseline and target")), .th(.class("num"), .text("Latest")), .th(.text("Status")),
                           .if(access.can(.manageIndicators), .th(.text("Manage"))))),
                .tbody(.forEach(progress.partners) { partner in
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(partner.name)),
                        .td(.text(partner.standing.target.map { targetSentence($0, suffix: suffix) } ?? "")),
                        .td(.class("num"), .text(partner.standing.latest.map { "\(MeasurementText.number($0.aggregate.value))\(suffix) (\($0.period.description))" } ?? "—")),
                        .td(statusBadge(partner.standing.status)),
                        .if(access.can(.manageIndicators), .td(
                            .form(.class("inline-form"), .method(.post), .action(SiteURL.indicatorTarget(slug: access.slug, id: indicator.id!).path + "/remove"),
                                  csrfField(chrome.csrfToken),
                                  .input(.type(.hidden), .name("organizationID"), .value(escapedAttribute(partner.organizationID.uuidString))),
                                  .button(.type(.submit), .class("button small danger"),
                                          .attribute(named: "aria-label", value: escapedAttribute("Remove the target of \(partner.name)")),
                                          .text("Remove"))))))
                })))),
            .if(access.can(.manageIndicators), targetForm(chrome)))
    }

    private func statusBadge(_ status: TargetStatus) -> Node<HTML.BodyContext> {
        let style: String = switch status {
        case .onTrack: "ok"
        case .atRisk: "warn"
        case .offTrack: "bad"
        case .noData: "muted"
        }
        return .span(.class(escapedAttribute("status status-\(style)")), .text(status.title))
    }

    private func targetSentence(_ target: TargetModel, suffix: String) -> String {
        let day: (Date) -> String = { $0.formatted(.iso8601.year().month().day()) }
        return "Baseline \(MeasurementText.number(target.baselineValue))\(suffix) on \(day(target.baselineDate)); target \(MeasurementText.number(target.targetValue))\(suffix) by \(day(target.targetDate))."
    }

    private func definitionForm(_ chrome: Chrome, _ current: IndicatorDefinition) -> Node<HTML.BodyContext> {
        func value(_ field: String, _ stored: String?) -> String { typedDefinition?[field] ?? stored ?? "" }
        return .details(.class("target-form"), .if(typedDefinition != nil, .open(true)),
            .summary(.text("Change the definition")),
            .p(.class("hint"), .text("Changing what is measured, the unit or how values add up starts a new version from the date you choose.")),
            .form(.method(.post), .action(SiteURL.indicator(slug: access.slug, id: indicator.id!).path + "/definition"),
                csrfField(chrome.csrfToken),
                errorSummary(typedDefinition == nil ? [:] : errors),
                Field.textArea("definition", "What is measured", value: value("definition", current.definition), error: errors["definition"], required: true),
                .div(.class("cell-grid"),
                    Field.text("unit", "Unit", value: value("unit", current.unit.code), error: errors["unit"],
                               .init(autocomplete: "off", hint: "count, percent, rate_per:1000, currency:USD, days or score")),
                    Field.select("aggregation", "How values add up", options: AggregationRule.allCases.map { ($0.rawValue, MeasurementText.rule($0)) },
                                 selected: value("aggregation", current.aggregation.rawValue), error: errors["aggregation"]),
                    Field.text("effectiveFrom", "In force from", value: value("effectiveFrom", nil), error: errors["effectiveFrom"], .init(type: .date))),
                Field.text("numeratorDefinition", "Numerator (percents and rates)", value: value("numeratorDefinition", current.numeratorDefinition),
                           error: errors["numeratorDefinition"], .init(autocomplete: "off", required: false)),
                Field.text("denominatorDefinition", "Denominator (percents and rates)", value: value("denominatorDefinition", current.denominatorDefinition),
                           error: errors["denominatorDefinition"], .init(autocomplete: "off", required: false)),
                Field.text("weightDefinition", "Weight (weighted means)", value: value("weightDefinition", current.weightDefinition),
                           error: errors["weightDefinition"], .init(autocomplete: "off", required: false)),
                .button(.type(.submit), .class("button primary"), .text("Save definition"))))
    }

    private func targetForm(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let day: (Date?) -> String = { $0?.formatted(.iso8601.year().month().day()) ?? "" }
        func value(_ field: String, _ stored: String) -> String { progress.typed?[field] ?? stored }
        // The form starts with the initiative's own figures; a partner's are typed in fresh.
        let target = progress.typed?["whose"].flatMap { $0 == "initiative" ? nil : $0 } == nil ? progress.initiative.target : nil
        let assigned = Set(assignments.map(\.organizationID))
        let whose = [("initiative", "The whole initiative")] + organizations.filter { assigned.contains($0.id!) }.map { ($0.id!.uuidString, $0.name) }
        return .details(.class("target-form"), .if(!errors.isEmpty && progress.typed != nil, .open(true)),
            .summary(.text("Set a baseline and target")),
            .p(.class("hint"), .text("Set the initiative's target, or one for a partner that reports this indicator. Saving replaces the earlier one.")),
            .form(.method(.post), .action(SiteURL.indicatorTarget(slug: access.slug, id: indicator.id!).path),
                csrfField(chrome.csrfToken),
                errorSummary(progress.typed == nil ? [:] : errors),
                Field.select("whose", "Whose target", options: whose, selected: value("whose", "initiative"),
                             error: errors["whose"]),
                .div(.class("cell-grid"),
                    Field.text("baselineValue", "Baseline value", value: value("baselineValue", target.map { MeasurementText.plain($0.baselineValue) } ?? ""),
                               error: errors["baselineValue"], .init(autocomplete: "off")),
                    Field.text("baselineDate", "Baseline date", value: value("baselineDate", day(target?.baselineDate)),
                               error: errors["baselineDate"], .init(type: .date)),
                    Field.text("targetValue", "Target value", value: value("targetValue", target.map { MeasurementText.plain($0.targetValue) } ?? ""),
                               error: errors["targetValue"], .init(autocomplete: "off")),
                    Field.text("targetDate", "Target date", value: value("targetDate", day(target?.targetDate)),
                               error: errors["targetDate"], .init(type: .date))),
                .button(.type(.submit), .class("button primary"), .text("Save target"))))
    }

    private func assignForm(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .form(.class("assign-form"), .method(.post), .action(SiteURL.indicatorAssign(slug: access.slug, id: indicator.id!).path),
            csrfField(chrome.csrfToken),
            .h3(.text("Assign to a partner")),
            errorSummary(errors.filter { ["organizationID", "dimensions"].contains($0.key) }),
            Field.select("organizationID", "Partner", options: organizations.map { ($0.id!.uuidString, $0.name) }, selected: "",
                         error: errors["organizationID"]),
            .if(!dimensions.isEmpty, .fieldset(
                .element(named: "legend", text: "Breakdowns this partner reports"),
                .unwrap(errors["dimensions"]) { .p(.class("field-error"), .text($0)) },
                .forEach(dimensions) { dimension in
                    .div(.class("check"),
                         .input(.type(.checkbox), .id(escapedAttribute("dimension-\(dimension.key)")), .name("dimensions[]"), .value(escapedAttribute(dimension.key))),
                         .label(.for(escapedAttribute("dimension-\(dimension.key)")), .text(dimension.name)))
                })),
            .button(.type(.submit), .class("button primary"), .text("Assign")))
    }
}
