import BackboneDomain
import BackboneCharts
import Foundation
import Plot

/// The hidden field every form carries (see `CSRFMiddleware`).
func csrfField(_ token: String) -> Node<HTML.FormContext> {
    .input(.type(.hidden), .name(escapedAttribute(CSRFMiddleware.fieldName)), .value(escapedAttribute(token)))
}

/// Building blocks for accessible form fields: a label, an optional hint, the error beside the
/// field (announced through aria-describedby), and the value the person typed.
enum Field {
    struct Options {
        var type: HTMLInputType = .text
        var autocomplete: String?
        var hint: String?
        var required = true
        /// The name posted, when it differs from the id (`changes[0][amount]`).
        var name: String?
    }

    static func text(_ name: String, _ label: String, value: String, error: String?,
                     _ options: Options = Options()) -> Node<HTML.FormContext> {
        wrapper(name, label, error: error, hint: options.hint,
                .input(
                    .type(options.type), .id(escapedAttribute(name)), .name(escapedAttribute(options.name ?? name)), .value(escapedAttribute(value)),
                    .required(options.required),
                    .attribute(named: "autocomplete", value: escapedAttribute(ifAny: options.autocomplete)),
                    .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
                    .attribute(named: "aria-describedby", value: escapedAttribute(ifAny: describedBy(name, error: error, hint: options.hint)))
                ))
    }

    static func textArea(_ name: String, _ label: String, value: String, error: String?,
                         hint: String? = nil, required: Bool = false) -> Node<HTML.FormContext> {
        wrapper(name, label, error: error, hint: hint,
                .textarea(
                    .id(escapedAttribute(name)), .name(escapedAttribute(name)), .rows(4), .required(required),
                    .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
                    .attribute(named: "aria-describedby", value: escapedAttribute(ifAny: describedBy(name, error: error, hint: hint))),
                    .text(value)
                ))
    }

    static func select(_ name: String, _ label: String, options: [(value: String, label: String)], selected: String,
                       error: String?, hint: String? = nil, required: Bool = true, emptyLabel: String? = nil,
                       posted: String? = nil) -> Node<HTML.FormContext> {
        let attributes: [Node<HTML.SelectContext>] = [
            .attribute(named: "id", value: escapedAttribute(name)),
            .attribute(named: "name", value: escapedAttribute(posted ?? name)),
            .if(required, .attribute(named: "required")),
            .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
            .attribute(named: "aria-describedby", value: escapedAttribute(ifAny: describedBy(name, error: error, hint: hint))),
            .element(named: "option", nodes: [.attribute(named: "value", value: "", ignoreIfValueIsEmpty: false), .text(emptyLabel ?? Texts.current(required ? "form.choose" : "form.none"))]),
        ]
        let choices: [Node<HTML.SelectContext>] = options.map { option in
            .element(named: "option", nodes: [
                .attribute(named: "value", value: escapedAttribute(option.value)),
                .if(option.value == selected, .attribute(named: "selected")),
                .text(option.label),
            ])
        }
        return wrapper(name, label, error: error, hint: hint, .element(named: "select", nodes: attributes + choices))
    }

    /// A fieldset of checkboxes posted as `name[]`, with the error above them.
    /// `languages`: each option is a language code, and its label is written in that language.
    static func checkboxes(_ name: String, legend: String, options: [(value: String, label: String)], chosen: [String], error: String?,
                           languages: Bool = false) -> Node<HTML.FormContext> {
        .fieldset(
            .element(named: "legend", text: legend),
            .unwrap(error) { .p(.class("field-error"), .text($0)) },
            .div(.class("cell-grid"), .forEach(options) { option in
                .div(.class("check"),
                     .input(.type(.checkbox), .id(escapedAttribute("\(name)-\(option.value)")), .name(escapedAttribute("\(name)[]")), .value(escapedAttribute(option.value)),
                            .attribute(named: "checked", value: chosen.contains(option.value) ? "checked" : nil)),
                     .label(.for(escapedAttribute("\(name)-\(option.value)")), .if(languages, .attribute(named: "lang", value: escapedAttribute(option.value))),
                            .text(option.label)))
            }))
    }

    private static func wrapper(_ name: String, _ label: String, error: String?, hint: String?,
                                _ control: Node<HTML.FormContext>) -> Node<HTML.FormContext> {
        .div(
            .class(error == nil ? "field" : "field has-error"),
            .label(.for(escapedAttribute(name)), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id(escapedAttribute("\(name)-hint")), .text($0)) },
            .unwrap(error) { .p(.class("field-error"), .id(escapedAttribute("\(name)-error")), .span(.class("visually-hidden"), .text(Texts.current("form.errorPrefix"))), .text($0)) },
            control
        )
    }

    private static func describedBy(_ name: String, error: String?, hint: String?) -> String? {
        let ids = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

/// One choice of a filter form (a GET form that narrows a list): its first option, empty,
/// means no filter.
func filterSelect(id: String, name: String, label: String, all: String, options: [(value: String, label: String)],
                  selected: String) -> Node<HTML.FormContext> {
    func option(_ value: String, _ text: String) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [.attribute(named: "value", value: escapedAttribute(value), ignoreIfValueIsEmpty: false),
                                          .if(value == selected, .attribute(named: "selected")), .text(text)])
    }
    return .div(.class("field"),
        .label(.for(escapedAttribute(id)), .text(label)),
        .element(named: "select", nodes: [Node<HTML.SelectContext>.attribute(named: "id", value: escapedAttribute(id)),
                                          .attribute(named: "name", value: escapedAttribute(name)), option("", all)]
                 + options.map { option($0.value, $0.label) }))
}

/// The frame of a table that may be wider than the screen: it scrolls sideways inside the frame,
/// and the frame takes keyboard focus so that someone without a mouse can scroll it too.
func tableFrame<C: HTML.BodyContext>(_ content: Node<C>...) -> Node<C> {
    .div(.class("table-wrap"), .attribute(named: "tabindex", value: "0"), .group(content))
}

/// A summary of errors at the top of a form, so a screen-reader user hears that it failed.
/// `listing` the messages suits pages with several forms, where a message may belong to a form
/// that is folded away or to no single field.
func errorSummary<C: HTML.BodyContext>(_ errors: [String: String], listing: Bool = false) -> Node<C> {
    guard !errors.isEmpty else { return .empty }
    return .div(
        .class("alert alert-error"), .attribute(named: "role", value: "alert"),
        .if(!listing, .p(.strong(.text(errors.count == 1 ? Texts.current("form.correctOne")
                                                         : Texts.current("form.correctMany", ["count": Texts.current.count(errors.count)]))))),
        .if(listing, .ul(.forEach(errors.keys.sorted()) { .li(.text(errors[$0] ?? "")) }))
    )
}

/// Plot escapes text nodes but writes attribute values as given, so every attribute value that
/// is not a plain literal or a `SiteURL` path goes through here (`AttributeEscapingTests` reads
/// the views and fails on any that does not).
func escapedAttribute(_ value: String) -> String {
    markupEscaped(value)
}

/// For attributes left out when nil (`aria-invalid`, `open`).
func escapedAttribute(ifAny value: String?) -> String? {
    value.map(markupEscaped)
}

/// A choice among the zones this system knows, by their full names (`America/Chicago`).
/// `emptyLabel`: a choice of none (the person's "the initiative's"); without it one is required.
func timeZoneField(selected: String, error: String?, hint: String, emptyLabel: String? = nil) -> Node<HTML.FormContext> {
    let zones = (["UTC"] + TimeZone.knownTimeZoneIdentifiers.filter { $0 != "UTC" }.sorted()).map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }
    return Field.select("timeZone", Texts.current("meetings.timeZone"), options: zones, selected: selected, error: error, hint: hint,
                        required: emptyLabel == nil, emptyLabel: emptyLabel)
}

/// `lang` on text people wrote in a language other than the page's (a feed entry written in
/// Spanish on an English page), so that screen readers read it with the right voice.
func writtenIn<C>(_ language: String?, on page: Chrome) -> Node<C> {
    guard let language, language != page.language.rawValue, SiteLanguage(rawValue: language) != nil else { return .empty }
    return .attribute(named: "lang", value: escapedAttribute(language))
}

/// The words charts write themselves, in the page's language.
func chartWords(_ t: Texts) -> ChartWords {
    ChartWords(baseline: t("chart.baseline"), target: t("chart.target"), noFigures: t("indicatorResults.noFigures"), noFigure: t("indicatorResults.noFigure"),
               definitionChanged: t("indicatorResults.definitionChanged"), provisional: t("results.provisionalMark"), today: t("chart.today"))
}
