import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// /i/{slug}/stories: published stories (and, for the backbone and their authors, submitted
/// ones), and the form to submit one.
struct StoriesPage {
    let access: InitiativeAccess
    let stories: [StoryModel]
    let organizations: [OrganizationModel]
    let strategies: [ChangeNodeModel]
    let indicators: [IndicatorModel]
    var notice: Notice?
    var errors: [String: String] = [:]
    var form: StoryController.StoryForm?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let names = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        let choosable = access.can(.publishStories) ? organizations : organizations.filter { $0.id == access.membership?.organizationID }
        return Layout.page(t("updates.stories"), chrome,
            .div(.class("page-head"), .h1(.text(t("updates.stories"))),
                 .a(.class("button"), .href(SiteURL.publicStories(slug: access.slug).path), .text(t("stories.publicPage")))),
            .p(.class("lead"), .text(t("stories.lead"))),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .if(stories.isEmpty, .div(.class("panel empty"), .p(.text(t("stories.none"))))),
            .ul(.class("story-list"), .forEach(stories) { story in
                .li(.class("panel"),
                    .h2(.a(.href(SiteURL.story(slug: access.slug, id: story.id!).path), .text(story.title))),
                    .p(.class("meta"), .text("\(names[story.organizationID] ?? "") · \(t.day(story.createdAt, in: chrome.zone)) · "),
                       .span(.class(story.parsedStatus == .published ? "status status-ok" : "status status-info"), .text(story.parsedStatus.title)),
                       .if(story.isPublic, .span(.class("badge"), .text(t("stories.public"))))),
                    .p(.text(String(story.text.prefix(240)) + (story.text.count > 240 ? "…" : ""))))
            }),
            .if(access.can(.submitStories) && !choosable.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "submit-title"),
                .h2(.id("submit-title"), .text(t("stories.submit"))),
                .form(.method(.post), .action(SiteURL.stories(slug: access.slug).path), .attribute(named: "enctype", value: "multipart/form-data"),
                    csrfField(chrome.csrfToken),
                    Field.select("organization", t("home.from"), options: choosable.map { ($0.id!.uuidString, $0.name) }, selected: form?.organization ?? "", error: errors["organization"]),
                    Field.text("title", t("updates.titleField"), value: form?.title ?? "", error: errors["title"]),
                    Field.textArea("text", t("stories.story"), value: form?.text ?? "", error: errors["text"], required: true),
                    Field.text("aboutPerson", t("stories.about"), value: form?.aboutPerson ?? "", error: errors["aboutPerson"],
                               Field.Options(hint: t("stories.aboutHint"), required: false)),
                    Field.select("consent", t("stories.consent"), options: Consent.allCases.map { ($0.rawValue, $0.title) }, selected: form?.consent ?? "", error: errors["consent"],
                                 hint: t("stories.consentHint")),
                    Field.text("consentNote", t("stories.consentNote"), value: form?.consentNote ?? "", error: errors["consentNote"],
                               Field.Options(hint: t("stories.consentNoteHint"), required: false)),
                    Field.select("strategy", t("changeKind.strategy"), options: strategies.map { ($0.id!.uuidString, $0.title) }, selected: form?.strategy ?? "", error: errors["strategy"], required: false),
                    Field.select("indicator", t("history.indicator"), options: indicators.map { ($0.id!.uuidString, $0.name) }, selected: form?.indicator ?? "", error: errors["indicator"], required: false),
                    Field.text("tags", t("stories.tags"), value: form?.tags ?? "", error: errors["tags"], Field.Options(hint: t("stories.tagsHint"), required: false)),
                    .div(.class(errors["photo"] == nil ? "field" : "field has-error"),
                        .label(.for("photo"), .text(t("stories.photo"))),
                        .p(.class("hint"), .id("photo-hint"), .text(t("stories.photoHint"))),
                        .unwrap(errors["photo"]) { .p(.class("field-error"), .id("photo-error"), .text($0)) },
                        .input(.type(.file), .id("photo"), .name("photo"), .attribute(named: "accept", value: "image/png,image/jpeg"),
                               .attribute(named: "aria-describedby", value: errors["photo"] == nil ? "photo-hint" : "photo-hint photo-error"))),
                    Field.text("photoAlt", t("stories.photoAlt"), value: form?.photoAlt ?? "", error: errors["photoAlt"],
                               Field.Options(hint: t("stories.photoAltHint"), required: false)),
                    .button(.type(.submit), .class("button primary"), .text(t("stories.submitSubmit")))))))
    }
}

/// One story, for members (with consent details, publishing and comments) or for anyone.
struct StoryPage {
    let access: InitiativeAccess?
    let story: StoryModel
    let photo: StoryPhotoModel?
    let organizationName: String
    let publicView: Bool
    var initiative: InitiativeModel?
    var notice: Notice?
    var comments: CommentThread?

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        let id = story.id!
        let photoPath = publicView ? SiteURL.publicStoryPhoto(slug: initiative?.slug ?? "", id: id).path : SiteURL.storyPhoto(slug: access?.slug ?? "", id: id).path
        return Layout.page(story.title, chrome,
            .p(.class("breadcrumb"), .a(.href(escapedAttribute(publicView ? SiteURL.publicStories(slug: initiative?.slug ?? "").path : SiteURL.stories(slug: access?.slug ?? "").path)),
                                         .text(publicView ? t("stories.of", ["initiative": initiative?.name ?? ""]) : t("updates.stories")))),
            .h1(.text(story.title)),
            noticeBanner(notice, chrome.t),
            .article(.class("panel story"),
                .p(.class("meta"), .text("\(organizationName) · \(t.day(story.publishedAt ?? story.createdAt, in: chrome.zone))")),
                .unwrap(photo) { photo in
                    .img(.src(escapedAttribute(photoPath)), .alt(escapedAttribute(photo.altText ?? t("stories.photoFor", ["title": story.title]))), .class("story-photo"),
                         .attribute(named: "width", value: escapedAttribute(String(photo.width))), .attribute(named: "height", value: escapedAttribute(String(photo.height))))
                },
                .p(.class("story-text"), .text(story.text)),
                .if(!story.tagList.isEmpty, .p(.class("meta"), .text(t("stories.tagsList", ["tags": story.tagList.joined(separator: ", ")]))))),
            .unwrap(access) { access in
                .section(.class("panel"), .attribute(named: "aria-labelledby", value: "consent-title"),
                    .h2(.id("consent-title"), .text(t("stories.sharing"))),
                    .dl(.class("charter"),
                        .dt(.text(t("results.status"))), .dd(.text(story.parsedStatus.title)),
                        .dt(.text(t("stories.aboutShort"))), .dd(.text(story.aboutPerson.isEmpty ? t("stories.noOne") : story.aboutPerson)),
                        .dt(.text(t("stories.consentShort"))), .dd(.text(story.parsedConsent.title + (story.consentNote.isEmpty ? "" : ": \(story.consentNote)"))),
                        .dt(.text(t("stories.outside"))), .dd(.text(story.isPublic ? t("stories.shown") : t("stories.notShown")))),
                    .if(access.can(.publishStories), .form(.method(.post), .action(SiteURL.storyStatus(slug: access.slug, id: id).path),
                        csrfField(chrome.csrfToken),
                        story.parsedStatus == .published
                            ? .button(.type(.submit), .class("button"), .name("status"), .value("submitted"), .text(t("stories.takeBack")))
                            : .button(.type(.submit), .class("button primary"), .name("status"), .value("published"), .text(t("stories.publish"))))))
            },
            .unwrap(comments) { $0.render(chrome) })
    }
}

/// /stories/{slug}: published stories with consent, for anyone.
struct PublicStoriesPage {
    let initiative: InitiativeModel
    let stories: [StoryModel]

    func render(_ chrome: Chrome) -> HTML {
        let t = chrome.t
        return Layout.page(t("stories.of", ["initiative": initiative.name]), chrome,
            .h1(.text(t("stories.of", ["initiative": initiative.name]))),
            .p(.class("lead"), .text(t("stories.publicLead", ["initiative": initiative.name]))),
            .if(stories.isEmpty, .div(.class("panel empty"), .p(.text(t("stories.noneShared"))))),
            .ul(.class("story-list"), .forEach(stories) { story in
                .li(.class("panel"),
                    .h2(.a(.href(SiteURL.publicStory(slug: initiative.slug, id: story.id!).path), .text(story.title))),
                    .p(.text(String(story.text.prefix(240)) + (story.text.count > 240 ? "…" : ""))))
            }))
    }
}
