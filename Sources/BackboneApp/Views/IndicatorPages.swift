import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// Figures as forms take them back (the words for measurement terms are in the catalog).
enum MeasurementText {
    /// A number to put back into a form field: no grouping separators, which the form refuses.
    static func plain(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// The initiative's indicators.
struct IndicatorsPage {
    let access: InitiativeAccess
    let listing: [IndicatorListing]
    let notice: Notice?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("nav.indicators"), chrome,
            .div(.class("page-head"),
                .h1(.text(t("nav.indicators"))),
                .if(access.can(.manageIndicators), .div(.class("actions"),
                    .a(.class("button"), .href(SiteURL.indicatorNew(slug: access.slug).path), .text(t("indicator.new"))),
                    .a(.class("button primary"), .href(SiteURL.indicatorCatalog(slug: access.slug).path), .text(t("indicator.addFromCatalog")))))),
            noticeBanner(notice, chrome.t),
            .p(.class("lead"), .text(t("indicator.lead")),
               .a(.href(SiteURL.dimensions(slug: access.slug).path), .text(t("indicator.seeBreakdowns")))),
            .if(listing.isEmpty, .div(.class("panel empty"), .p(.text(t("indicator.noneYet"))))),
            .if(!listing.isEmpty, tableFrame(.table(.class("table"),
                .caption(.text(t("results.count", ["count": t.count(listing.count)]))),
                .thead(.tr(.th(.text(t("history.indicator"))), .th(.text(t("indicator.unit"))), .th(.text(t("indicator.howItAddsUp"))), .th(.text(t("indicator.reported"))),
                           .th(.class("num"), .text(t("nav.partners"))), .th(.class("num"), .text(t("indicator.version"))))),
                .tbody(.forEach(listing) { item in
                    .tr(.td(.a(.href(SiteURL.indicator(slug: access.slug, id: item.indicator.id!).path), .text(item.indicator.shownName)),
                            .br(), .span(.class("meta"), .text(item.indicator.code))),
                        .td(.text(t.unit(item.current.definition.unit))),
                        .td(.text(t.rule(item.current.definition.aggregation))),
                        .td(.text(t.frequency(item.indicator.parsedFrequency))),
                        .td(.class("num"), .text(t.count(item.assignmentCount))),
                        .td(.class("num"), .text(t.count(item.current.number))))
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

    /// The catalog's areas, in the order shown; each is named in the catalog under "area.<key>".
    static let areas = ["education", "health", "housing", "economy", "performance"]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("catalog.title"), chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicators(slug: access.slug).path), .text(t("nav.indicators")))),
            .h1(.text(t("catalog.title"))),
            .p(.class("lead"), .text(t("catalog.lead"))),
            .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0))) },
            .unwrap(imported) { .div(.class("alert alert-success"), .attribute(named: "role", value: "status"), .p(.text($0))) },
            .section(.class("panel"),
                .h2(.text(t("catalog.share"))),
                .p(.a(.href(SiteURL.indicators(slug: access.slug).path + "/export.json"), .text(t("catalog.download"))),
                   .text(t("catalog.downloadAfter"))),
                .form(.class("inline-form"), .method(.post), .action(SiteURL.indicators(slug: access.slug).path + "/import"), .enctype(.multipartData),
                    csrfField(chrome.csrfToken),
                    .label(.for("catalog-file"), .text(t("catalog.file"))),
                    .input(.type(.file), .id("catalog-file"), .name("file"), .attribute(named: "accept", value: ".json,application/json"), .required(true)),
                    .button(.type(.submit), .class("button small"), .text(t("catalog.import"))))),
            .forEach(Self.areas) { area in
                .section(.class("panel"),
                    .h2(.text(t("area.\(area)"))),
                    .ul(.class("catalog-list"), .forEach(catalog.entries.filter { $0.area == area }) { entry in
                        let words = entry.translations?[t.language.rawValue]
                        return .li(.class("catalog-entry"),
                            .div(.h3(.text(words?.name ?? entry.name)),
                                 .p(.text(words?.definition ?? entry.definition)),
                                 .p(.class("meta"), .text("\(entry.code) · \(t.unit(entry.unit)) · \(t.rule(entry.aggregation)) · \(t.frequency(entry.frequency)) · \(t.polarity(entry.polarity))"))),
                            adopted.contains(entry.code)
                                ? .p(.class("badge"), .text(t("catalog.adopted")))
                                : .form(.method(.post), .action(SiteURL.indicatorAdopt(slug: access.slug).path),
                                        csrfField(chrome.csrfToken),
                                        .input(.type(.hidden), .name("code"), .value(escapedAttribute(entry.code))),
                                        .button(.type(.submit), .class("button small"),
                                                .attribute(named: "aria-label", value: escapedAttribute(t("catalog.adoptNamed", ["name": words?.name ?? entry.name]))), .text(t("catalog.adopt")))))
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
    /// What was typed in the words-in-another-language form, when it comes back with problems.
    var typedTranslation: [String: String]? = nil
    var comments: CommentThread? = nil

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let current = indicator.shown(versions.last!.definition)
        let orgNames = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        return Layout.page(indicator.shownName, chrome,
            .p(.class("breadcrumb"), .a(.href(SiteURL.indicators(slug: access.slug).path), .text(t("nav.indicators")))),
            .h1(.text(indicator.shownName)),
            noticeBanner(notice, chrome.t),
            .section(.class("panel"),
                .p(.class("lead"), .text(current.definition)),
                .dl(.class("facts"),
                    .dt(.text(t("indicator.code"))), .dd(.text(indicator.code)),
                    .dt(.text(t("indicator.unit"))), .dd(.text(t.unit(current.unit))),
                    .unwrap(current.numeratorDefinition) { .group(.dt(.text(t("report.numerator"))), .dd(.text($0))) },
                    .unwrap(current.denominatorDefinition) { .group(.dt(.text(t("report.denominator"))), .dd(.text($0))) },
                    .unwrap(current.weightDefinition) { .group(.dt(.text(t("indicator.weightedBy"))), .dd(.text($0))) },
                    .dt(.text(t("indicator.howItAddsUp"))), .dd(.text(t.rule(current.aggregation))),
                    .dt(.text(t("indicator.direction"))), .dd(.text(t.polarity(indicator.parsedPolarity))),
                    .dt(.text(t("indicator.whoReports"))), .dd(.text(t.scope(indicator.parsedScope))),
                    .dt(.text(t("indicator.howOften"))), .dd(.text(t.frequency(indicator.parsedFrequency))),
                    .dt(.text(t("dimensions.title"))), .dd(.text(dimensions.isEmpty ? t("indicator.none") : dimensions.map { $0.localized(t).name }.joined(separator: ", "))),
                    .dt(.text(t("indicator.dataSources"))), .dd(.text(indicator.dataSources.isEmpty ? t("indicator.notStated") : indicator.shownDataSources)))),
            liveHooks(slug: access.slug, indicatorID: indicator.id),
            progressSection(chrome, unit: current.unit),
            .div(.data(named: "live-region", value: "results"), results.render(showPartners: true)),
            .unwrap(results.outlook) { .group(.div(.data(named: "live-region", value: "outlook"), $0.forecastSection()), $0.scenarioSection()) },
            .section(.class("panel"),
                .h2(.text(t("indicator.versions"))),
                .p(.text(t("indicator.versionsLead"))),
                .ol(.forEach(versions) { version in
                    .li(.text(version.number == 1 ? t("indicator.versionFromStart", ["number": t.count(version.number)])
                              : t("indicator.versionFrom", ["number": t.count(version.number), "day": t.day(version.effectiveFrom, in: .gmt)])))
                }),
                .if(access.can(.manageIndicators), definitionForm(chrome, versions.last!.definition)),
                .if(access.can(.manageIndicators), .forEach(SiteLanguage.allCases.filter { $0 != .en }) { translationForm(chrome, $0) })),
            .section(.class("panel"),
                .h2(.text(t("indicator.reporters"))),
                .if(assignments.isEmpty, .p(.text(t("indicator.noReporters")))),
                .if(!assignments.isEmpty, tableFrame(.table(.class("table"),
                    .thead(.tr(.th(.text(t("reporting.partner"))), .th(.text(t("dimensions.title"))), .if(access.can(.manageIndicators), .th(.text(t("people.manage")))))),
                    .tbody(.forEach(assignments.sorted { (orgNames[$0.organizationID] ?? "") < (orgNames[$1.organizationID] ?? "") }) { assignment in
                        .tr(.td(.text(orgNames[assignment.organizationID] ?? t("review.unknownPartner"))),
                            .td(.text(assignment.dimensionKeyList.isEmpty ? t("indicator.totalOnly")
                                      : dimensions.filter { assignment.dimensionKeyList.contains($0.key) }.map { $0.localized(t).name }.joined(separator: ", "))),
                            .if(access.can(.manageIndicators), .td(
                                .form(.class("inline-form"), .method(.post), .action(SiteURL.indicatorUnassign(slug: access.slug, id: indicator.id!).path),
                                      csrfField(chrome.csrfToken),
                                      .input(.type(.hidden), .name("organizationID"), .value(escapedAttribute(assignment.organizationID.uuidString))),
                                      .button(.type(.submit), .class("button small danger"),
                                              .attribute(named: "aria-label", value: escapedAttribute(t("indicator.unassignNamed", ["name": orgNames[assignment.organizationID] ?? ""]))),
                                              .text(t("people.remove")))))))
                    })))),
                .if(access.can(.manageIndicators), assignForm(chrome))),
            .unwrap(comments) { $0.render(chrome) })
    }

    private func progressSection(_ chrome: Chrome, unit: MeasurementUnit) -> Node<HTML.BodyContext> {
        let t = chrome.t
        let suffix = unit == .percent ? "%" : ""
        let initiative = progress.initiative
        return .section(.class("panel"),
            .h2(.text(t("indicator.progress"))),
            .div(.class("progress-line"), .data(named: "live-region", value: "progress"),
                targetStatusBadge(initiative.status),
                .unwrap(initiative.latest) { latest in
                    .p(.class("big-number"), .text(t.number(latest.aggregate.value) + suffix),
                       .span(.class("meta"), .text(" " + t(latest.provisional ? "indicator.acrossPartnersProvisional" : "indicator.acrossPartners", ["period": t.period(latest.period)]))))
                }),
            .unwrap(initiative.target, { .p(.text(targetSentence($0, suffix: suffix))) }, else: .p(.text(t("indicator.noTarget")))),
            .if(!progress.partners.isEmpty, tableFrame(.table(.class("table"),
                .caption(.text(t("indicator.partnerTargets"))),
                .thead(.tr(.th(.text(t("reporting.partner"))), .th(.text(t("indicator.baselineAndTarget"))), .th(.class("num"), .text(t("results.latest"))), .th(.text(t("results.status"))),
                           .if(access.can(.manageIndicators), .th(.text(t("people.manage")))))),
                .tbody(.forEach(progress.partners) { partner in
                    .tr(.th(.attribute(named: "scope", value: "row"), .text(partner.name)),
                        .td(.text(partner.standing.target.map { targetSentence($0, suffix: suffix) } ?? "")),
                        .td(.class("num"), .text(partner.standing.latest.map { "\(t.number($0.aggregate.value))\(suffix) (\(t.period($0.period)))" } ?? "—")),
                        .td(targetStatusBadge(partner.standing.status)),
                        .if(access.can(.manageIndicators), .td(
                            .form(.class("inline-form"), .method(.post), .action(SiteURL.indicatorTarget(slug: access.slug, id: indicator.id!).path + "/remove"),
                                  csrfField(chrome.csrfToken),
                                  .input(.type(.hidden), .name("organizationID"), .value(escapedAttribute(partner.organizationID.uuidString))),
                                  .button(.type(.submit), .class("button small danger"),
                                          .attribute(named: "aria-label", value: escapedAttribute(t("indicator.removeTargetOf", ["name": partner.name]))),
                                          .text(t("people.remove")))))))
                })))),
            .if(access.can(.manageIndicators), targetForm(chrome)))
    }


    private var t: Texts { .current }

    private func targetSentence(_ target: TargetModel, suffix: String) -> String {
        t("indicator.targetSentence", ["baseline": t.number(target.baselineValue) + suffix, "baselineDay": t.day(target.baselineDate, in: .gmt),
                                       "target": t.number(target.targetValue) + suffix, "targetDay": t.day(target.targetDate, in: .gmt)])
    }

    /// The indicator's words in another language, for its readers; empty texts show the stored ones.
    private func translationForm(_ chrome: Chrome, _ language: SiteLanguage) -> Node<HTML.BodyContext> {
        let definition = versions.last!.definition
        let start = indicator.translation(language, definition: definition)
        func value(_ field: String, _ stored: String?) -> String { typedTranslation?[field] ?? stored ?? "" }
        let field = { (name: String) in "translation-\(name)" }
        let languageName = language.nativeName
        return .details(.class("target-form"), .if(typedTranslation != nil, .open(true)),
            .summary(.text(t("indicator.translations", ["language": languageName]))),
            .p(.class("hint"), .text(t("indicator.translationsHint"))),
            .form(.method(.post), .action(SiteURL.indicator(slug: access.slug, id: indicator.id!).path + "/translations"),
                .attribute(named: "lang", value: escapedAttribute(language.rawValue)),
                csrfField(chrome.csrfToken),
                .input(.type(.hidden), .name("language"), .value(escapedAttribute(language.rawValue))),
                errorSummary(typedTranslation == nil ? [:] : errors),
                Field.text(field("name"), t("indicator.translatedName"), value: value(field("name"), start.name), error: typedTranslation == nil ? nil : errors["name"],
                           .init(autocomplete: "off", required: false)),
                Field.textArea(field("definition"), t("indicator.translatedDefinition"), value: value(field("definition"), start.definition),
                               error: typedTranslation == nil ? nil : errors["definition"], required: false),
                .if(definition.isRatio, .group(
                    Field.text(field("numeratorDefinition"), t("indicator.numeratorField"), value: value(field("numeratorDefinition"), start.numeratorDefinition),
                               error: typedTranslation == nil ? nil : errors["numeratorDefinition"], .init(autocomplete: "off", required: false)),
                    Field.text(field("denominatorDefinition"), t("indicator.denominatorField"), value: value(field("denominatorDefinition"), start.denominatorDefinition),
                               error: typedTranslation == nil ? nil : errors["denominatorDefinition"], .init(autocomplete: "off", required: false)))),
                .button(.type(.submit), .class("button"), .text(t("indicator.saveTranslation", ["language": languageName])))))
    }

    private func definitionForm(_ chrome: Chrome, _ current: IndicatorDefinition) -> Node<HTML.BodyContext> {
        func value(_ field: String, _ stored: String?) -> String { typedDefinition?[field] ?? stored ?? "" }
        return .details(.class("target-form"), .if(typedDefinition != nil, .open(true)),
            .summary(.text(t("indicator.changeDefinition"))),
            .p(.class("hint"), .text(t("indicator.changeDefinitionHint"))),
            .form(.method(.post), .action(SiteURL.indicator(slug: access.slug, id: indicator.id!).path + "/definition"),
                csrfField(chrome.csrfToken),
                errorSummary(typedDefinition == nil ? [:] : errors),
                Field.textArea("definition", t("indicator.whatIsMeasured"), value: value("definition", current.definition), error: errors["definition"], required: true),
                .div(.class("cell-grid"),
                    Field.text("unit", t("indicator.unit"), value: value("unit", current.unit.code), error: errors["unit"],
                               .init(autocomplete: "off", hint: t("indicator.unitHint"))),
                    Field.select("aggregation", t("indicator.howValuesAddUp"), options: AggregationRule.allCases.map { ($0.rawValue, t.rule($0)) },
                                 selected: value("aggregation", current.aggregation.rawValue), error: errors["aggregation"]),
                    Field.text("effectiveFrom", t("indicator.inForceFrom"), value: value("effectiveFrom", nil), error: errors["effectiveFrom"], .init(type: .date))),
                Field.text("numeratorDefinition", t("indicator.numeratorField"), value: value("numeratorDefinition", current.numeratorDefinition),
                           error: errors["numeratorDefinition"], .init(autocomplete: "off", required: false)),
                Field.text("denominatorDefinition", t("indicator.denominatorField"), value: value("denominatorDefinition", current.denominatorDefinition),
                           error: errors["denominatorDefinition"], .init(autocomplete: "off", required: false)),
                Field.text("weightDefinition", t("indicator.weightField"), value: value("weightDefinition", current.weightDefinition),
                           error: errors["weightDefinition"], .init(autocomplete: "off", required: false)),
                .button(.type(.submit), .class("button primary"), .text(t("indicator.saveDefinition")))))
    }

    private func targetForm(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let day: (Date?) -> String = { $0?.formatted(.iso8601.year().month().day()) ?? "" }
        func value(_ field: String, _ stored: String) -> String { progress.typed?[field] ?? stored }
        // The form starts with the initiative's own figures; a partner's are typed in fresh.
        let target = progress.typed?["whose"].flatMap { $0 == "initiative" ? nil : $0 } == nil ? progress.initiative.target : nil
        let assigned = Set(assignments.map(\.organizationID))
        let current = versions.last!.definition
        let wholeHint = current.unit == .count && current.aggregation != .weightedMean ? t("indicator.wholeNumbers") : nil
        let whose = [("initiative", t("indicator.wholeInitiative"))] + organizations.filter { assigned.contains($0.id!) }.map { ($0.id!.uuidString, $0.name) }
        return .details(.class("target-form"), .if(!errors.isEmpty && progress.typed != nil, .open(true)),
            .summary(.text(t("indicator.setTarget"))),
            .p(.class("hint"), .text(t("indicator.setTargetHint"))),
            .form(.method(.post), .action(SiteURL.indicatorTarget(slug: access.slug, id: indicator.id!).path),
                csrfField(chrome.csrfToken),
                errorSummary(progress.typed == nil ? [:] : errors),
                Field.select("whose", t("indicator.whose"), options: whose, selected: value("whose", "initiative"),
                             error: errors["whose"]),
                .div(.class("cell-grid"),
                    Field.text("baselineValue", t("indicator.baselineValue"), value: value("baselineValue", target.map { MeasurementText.plain($0.baselineValue) } ?? ""),
                               error: errors["baselineValue"], .init(autocomplete: "off", hint: wholeHint)),
                    Field.text("baselineDate", t("indicator.baselineDate"), value: value("baselineDate", day(target?.baselineDate)),
                               error: errors["baselineDate"], .init(type: .date)),
                    Field.text("targetValue", t("indicator.targetValue"), value: value("targetValue", target.map { MeasurementText.plain($0.targetValue) } ?? ""),
                               error: errors["targetValue"], .init(autocomplete: "off", hint: wholeHint)),
                    Field.text("targetDate", t("indicator.targetDate"), value: value("targetDate", day(target?.targetDate)),
                               error: errors["targetDate"], .init(type: .date))),
                .button(.type(.submit), .class("button primary"), .text(t("indicator.saveTarget")))))
    }

    private func assignForm(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        .form(.class("assign-form"), .method(.post), .action(SiteURL.indicatorAssign(slug: access.slug, id: indicator.id!).path),
            csrfField(chrome.csrfToken),
            .h3(.text(t("indicator.assign"))),
            errorSummary(errors.filter { ["organizationID", "dimensions"].contains($0.key) }),
            Field.select("organizationID", t("reporting.partner"), options: PartnerChoice.options(organizations, t), selected: "",
                         error: errors["organizationID"], hint: t("indicator.assignWhoHint"), required: false, emptyLabel: t("form.choose")),
            PartnerChoice.several(organizations, t),
            .if(!dimensions.isEmpty, .fieldset(
                .element(named: "legend", text: t("indicator.assignBreakdowns")),
                .unwrap(errors["dimensions"]) { .p(.class("field-error"), .text($0)) },
                .forEach(dimensions) { dimension in
                    .div(.class("check"),
                         .input(.type(.checkbox), .id(escapedAttribute("dimension-\(dimension.key)")), .name("dimensions[]"), .value(escapedAttribute(dimension.key))),
                         .label(.for(escapedAttribute("dimension-\(dimension.key)")), .text(dimension.localized(t).name)))
                })),
            .button(.type(.submit), .class("button primary"), .text(t("indicator.assignSubmit"))))
    }
}

/// A target status in words and colour (never colour alone).
func targetStatusBadge<C: HTML.BodyContext>(_ status: TargetStatus, _ t: Texts = .current) -> Node<C> {
    let tone = switch status {
    case .onTrack: "ok"
    case .atRisk: "warn"
    case .offTrack: "bad"
    case .noData: "muted"
    }
    return .span(.class(escapedAttribute("status status-\(tone)")), .text(status.title(t)))
}
