import BackboneDomain
import Plot

/// The parts of Backbone that have a help page; each page's header links to its part's.
enum HelpArea: String, CaseIterable {
    case home, results, impactReports = "impact-reports", publicResults = "public-results", indicators, reporting, review, agenda, governance, actionPlan = "action-plan", meetings, funding, outreach, updates, partners

    /// The help for the page a person is on (the index when no part fits).
    init?(_ section: Chrome.Section?) {
        switch section {
        case .home: self = .home
        case .results: self = .results
        case .impactReports: self = .impactReports
        case .indicators: self = .indicators
        case .reporting: self = .reporting
        case .review: self = .review
        case .agenda: self = .agenda
        case .governance, .assessments: self = .governance
        case .actionPlan: self = .actionPlan
        case .meetings: self = .meetings
        case .funding: self = .funding
        case .outreach: self = .outreach
        case .updates: self = .updates
        case .partners, .people: self = .partners
        case .initiatives, .notifications, .account, .admin, nil: return nil
        }
    }

    /// The catalog key's middle part (`help.area.<key>.title`).
    var key: String {
        switch self {
        case .actionPlan: "actionPlan"
        case .impactReports: "impactReports"
        case .publicResults: "publicResults"
        default: rawValue
        }
    }

    /// The statuses a person meets in this part: (name key, meaning key).
    var statuses: [(String, String)] {
        let report = ["notStarted", "draft", "submitted", "returned", "approved", "overdue", "locked", "notYetOpen"]
            .map { ("reportStatus.\($0)", "help.status.report.\($0)") }
        switch self {
        case .reporting, .review: return report
        case .results, .indicators: return TargetStatus.allCases.map { ("targetStatus.\($0.rawValue)", "help.status.target.\($0.rawValue)") }
        case .actionPlan: return ActivityStatus.allCases.map { ("activityStatus.\($0.rawValue)", "help.status.activity.\($0.rawValue)") }
        case .governance: return BodyStatus.allCases.map { ("bodyStatus.\($0.rawValue)", "help.status.body.\($0.rawValue)") }
        case .impactReports: return LearningStatement.Kind.allCases.map { ("learningKind.\($0.rawValue)", "help.status.learning.\($0.rawValue)") }
        case .funding: return CommitmentStatus.allCases.map { ("commitmentStatus.\($0.rawValue)", "help.status.commitment.\($0.rawValue)") }
        case .home, .agenda, .meetings, .outreach, .updates, .partners, .publicResults: return []
        }
    }
}

/// /help: every part of Backbone in a sentence or two, and the glossary.
struct HelpIndexPage {
    /// The words of DOMAIN.md's glossary, in the order a newcomer meets them.
    static let glossary = ["initiative", "partner", "backbone", "steering", "workingGroup", "agenda", "theory", "result", "indicator",
                           "measure", "breakdown", "period", "report", "target", "story", "activity", "learning"]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("help.title"), chrome,
            .h1(.text(t("help.title"))),
            .p(.class("lead"), .text(t("help.lead"))),
            .section(.class("panel"), .attribute(named: "aria-labelledby", value: "help-areas"),
                .h2(.id("help-areas"), .text(t("help.areas"))),
                .ul(.class("plain-list help-areas"), .forEach(HelpArea.allCases) { area in
                    .li(.a(.href(SiteURL.helpArea(area).path), .text(t("help.area.\(area.key).title"))))
                })),
            .section(.class("panel"), .id("glossary"), .attribute(named: "aria-labelledby", value: "glossary-title"),
                .h2(.id("glossary-title"), .text(t("help.glossary"))),
                .dl(.class("glossary"), .forEach(Self.glossary) { word in
                    .group(.dt(.text(t("glossary.\(word).term"))), .dd(.text(t("glossary.\(word).meaning"))))
                })),
            .p(.class("meta"), .text(t("help.askBackbone"))))
    }
}

/// /help/{area}: what one part is for and what its statuses mean.
struct HelpAreaPage {
    let area: HelpArea

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let title = t("help.area.\(area.key).title")
        return Layout.page(title + " · " + t("help.title"), chrome,
            .p(.class("eyebrow"), .a(.href(SiteURL.help.path), .text(t("help.all")))),
            .h1(.text(title)),
            .p(.class("lead"), .text(t("help.area.\(area.key).purpose"))),
            .if(!area.statuses.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "help-statuses"),
                .h2(.id("help-statuses"), .text(t("help.statuses"))),
                .dl(.class("glossary"), .forEach(area.statuses) { name, meaning in
                    .group(.dt(.text(t(name))), .dd(.text(t(meaning))))
                }))),
            .p(.a(.href(SiteURL.help.path + "#glossary"), .text(t("help.glossary")))),
            .p(.class("meta"), .text(t("help.askBackbone"))))
    }
}
