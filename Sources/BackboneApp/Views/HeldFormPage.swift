import BackboneDomain
import BackbonePersistence
import Plot

/// A form whose session ran out, given back after sign-in: what was typed, and one button to
/// send it again (through the form's own checks).
struct HeldFormPage {
    let form: HeldForm

    /// The fields a person typed, leaving out the form's own bookkeeping.
    private var typed: [[String]] {
        form.fields.filter { !["revision", "csrf_token", "action", "next"].contains($0[0]) && !$0[1].isEmpty }
    }

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("held.title"), chrome,
            .section(.class("panel narrow"),
                .h1(.text(t("held.title"))),
                .p(.text(t("held.intro"))),
                .p(.class("hint"), .text(t("held.conflict"))),
                .form(.method(.post), .action(escapedAttribute(form.path)),
                    csrfField(chrome.csrfToken),
                    .forEach(form.fields.filter { $0[0] != "csrf_token" }) { field in
                        .input(.type(.hidden), .name(escapedAttribute(field[0])), .value(escapedAttribute(field[1])))
                    },
                    .element(named: "details", nodes: [
                        .element(named: "summary", nodes: [.text(t(typed.count == 1 ? "held.typedOne" : "held.typedMany", ["count": t.count(typed.count)]))]),
                        .dl(.class("held-fields"), .forEach(typed) { field in
                            .group(.dt(.text(field[0])), .dd(.text(String(field[1].prefix(500)))))
                        }),
                    ]),
                    .div(.class("actions"),
                        .button(.type(.submit), .class("button primary"), .text(t("held.save"))),
                        .a(.class("button"), .href(escapedAttribute(form.path)), .text(t("held.discard"))))
                )
            ))
    }
}
