import BackboneDomain
import Plot

/// /i/{slug}/search: what matched, by kind, each a link.
struct SearchPage {
    let access: InitiativeAccess
    let query: String
    let hits: [SearchController.Hit]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let byKind = Dictionary(grouping: hits, by: \.kind)
        return Layout.page(query.isEmpty ? t("search.title") : t("search.titleFor", ["query": query]), chrome,
            .h1(.text(t("search.title"))),
            searchForm(access, chrome, id: "search-page-q", value: query),
            .if(!query.isEmpty && hits.isEmpty, .div(.class("panel empty"), .p(.text(t("search.nothing", ["query": query]))))),
            .if(!hits.isEmpty, .p(.attribute(named: "role", value: "status"), .text(t(hits.count == 1 ? "search.countOne" : "search.count", ["count": t.count(hits.count), "query": query])))),
            .forEach(SearchController.Kind.allCases.filter { byKind[$0] != nil }) { kind in
                .section(.class("panel"),
                    .h2(.text(t("search.kind.\(kind.rawValue)"))),
                    .ul(.class("plain-list"), .forEach(byKind[kind] ?? []) { hit in
                        .li(.a(.href(escapedAttribute(hit.path)), .text(hit.title)))
                    }))
            })
    }
}

/// The search box of an initiative: in every page's header, and at the top of the results.
func searchForm(_ access: InitiativeAccess, _ chrome: Chrome, id: String, value: String = "") -> Node<HTML.BodyContext> {
    .form(.class("search-form"), .method(.get), .action(SiteURL.search(slug: access.slug).path), .attribute(named: "role", value: "search"),
          .label(.for(escapedAttribute(id)), .class("visually-hidden"), .text(chrome.t("search.label", ["initiative": access.initiative.name]))),
          .input(.type(.search), .id(escapedAttribute(id)), .name("q"), .value(escapedAttribute(value)),
                 .attribute(named: "maxlength", value: escapedAttribute(String(SearchController.longestQuery))),
                 .attribute(named: "placeholder", value: escapedAttribute(chrome.t("search.placeholder")))),
          .button(.type(.submit), .class("button small"), .text(chrome.t("search.submit"))))
}
