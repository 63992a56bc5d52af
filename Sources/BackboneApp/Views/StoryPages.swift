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
        let names = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id!, $0.name) })
        let choosable = access.can(.publishStories) ? organizations : organizations.filter { $0.id == access.membership?.organizationID }
        return Layout.page("Stories", chrome,
            .div(.class("page-head"), .h1(.text("Stories")),
                 .a(.class("button"), .href(SiteURL.publicStories(slug: access.slug).path), .text("Public stories page"))),
            .p(.class("lead"), .text("What the numbers do not tell: partners' stories of people and places, shared with their consent.")),
            noticeBanner(notice, chrome.t),
            errorSummary(errors),
            .if(stories.isEmpty, .div(.class("panel empty"), .p(.text("No stories yet.")))),
            .ul(.class("story-list"), .forEach(stories) { story in
                .li(.class("panel"),
                    .h2(.a(.href(SiteURL.story(slug: access.slug, id: story.id!).path), .text(story.title))),
                    .p(.class("meta"), .text("\(names[story.organizationID] ?? "") · \(Format.day(story.createdAt)) · "),
                       .span(.class(story.parsedStatus == .published ? "status status-ok" : "status status-info"), .text(story.parsedStatus.title)),
                       .if(story.isPublic, .span(.class("badge"), .text("Public")))),
                    .p(.text(String(story.text.prefix(240)) + (story.text.count > 240 ? "…" : ""))))
            }),
            .if(access.can(.submitStories) && !choosable.isEmpty, .section(.class("panel"), .attribute(named: "aria-labelledby", value: "submit-title"),
                .h2(.id("submit-title"), .text("Submit a story")),
                .form(.method(.post), .action(SiteURL.stories(slug: access.slug).path), .attribute(named: "enctype", value: "multipart/form-data"),
                    csrfField(chrome.csrfToken),
                    Field.select("organization", "From", options: choosable.map { ($0.id!.uuidString, $0.name) }, selected: form?.organization ?? "", error: errors["organization"]),
                    Field.text("title", "Title", value: form?.title ?? "", error: errors["title"]),
                    Field.textArea("text", "The story", value: form?.text ?? "", error: errors["text"], required: true),
                    Field.text("aboutPerson", "Who it is about", value: form?.aboutPerson ?? "", error: errors["aboutPerson"],
                               Field.Options(hint: "Optional: a first name, or a family; leave empty when no one can be recognized.", required: false)),
                    Field.select("consent", "Consent to share", options: Consent.allCases.map { ($0.rawValue, $0.title) }, selected: form?.consent ?? "", error: errors["consent"],
                                 hint: "Only stories with consent given appear outside the initiative."),
                    Field.text("consentNote", "How consent was given", value: form?.consentNote ?? "", error: errors["consentNote"],
                               Field.Options(hint: "For example: signed release form, kept by the partner.", required: false)),
                    Field.select("strategy", "Strategy", options: strategies.map { ($0.id!.uuidString, $0.title) }, selected: form?.strategy ?? "", error: errors["strategy"], required: false),
                    Field.select("indicator", "Indicator", options: indicators.map { ($0.id!.uuidString, $0.name) }, selected: form?.indicator ?? "", error: errors["indicator"], required: false),
                    Field.text("tags", "Tags", value: form?.tags ?? "", error: errors["tags"], Field.Options(hint: "Optional, separated by commas.", required: false)),
                    .div(.class(errors["photo"] == nil ? "field" : "field has-error"),
                        .label(.for("photo"), .text("Photo")),
                        .p(.class("hint"), .id("photo-hint"), .text("Optional: a PNG or JPEG file up to 5 MB.")),
                        .unwrap(errors["photo"]) { .p(.class("field-error"), .id("photo-error"), .text($0)) },
                        .input(.type(.file), .id("photo"), .name("photo"), .attribute(named: "accept", value: "image/png,image/jpeg"),
                               .attribute(named: "aria-describedby", value: errors["photo"] == nil ? "photo-hint" : "photo-hint photo-error"))),
                    .button(.type(.submit), .class("button primary"), .text("Submit the story"))))))
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
        let id = story.id!
        let photoPath = publicView ? SiteURL.publicStoryPhoto(slug: initiative?.slug ?? "", id: id).path : SiteURL.storyPhoto(slug: access?.slug ?? "", id: id).path
        return Layout.page(story.title, chrome,
            .p(.class("breadcrumb"), .a(.href(escapedAttribute(publicView ? SiteURL.publicStories(slug: initiative?.slug ?? "").path : SiteURL.stories(slug: access?.slug ?? "").path)),
                                         .text(publicView ? "Stories of \(initiative?.name ?? "")" : "Stories"))),
            .h1(.text(story.title)),
            noticeBanner(notice, chrome.t),
            .article(.class("panel story"),
                .p(.class("meta"), .text("\(organizationName) · \(Format.day(story.publishedAt ?? story.createdAt))")),
                .unwrap(photo) { photo in
                    .img(.src(escapedAttribute(photoPath)), .alt(escapedAttribute("Photo for the story “\(story.title)”")), .class("story-photo"),
                         .attribute(named: "width", value: escapedAttribute(String(photo.width))), .attribute(named: "height", value: escapedAttribute(String(photo.height))))
                },
                .p(.class("story-text"), .text(story.text)),
                .if(!story.tagList.isEmpty, .p(.class("meta"), .text("Tags: " + story.tagList.joined(separator: ", "))))),
            .unwrap(access) { access in
                .section(.class("panel"), .attribute(named: "aria-labelledby", value: "consent-title"),
                    .h2(.id("consent-title"), .text("Sharing")),
                    .dl(.class("charter"),
                        .dt(.text("Status")), .dd(.text(story.parsedStatus.title)),
                        .dt(.text("About")), .dd(.text(story.aboutPerson.isEmpty ? "No one who can be recognized" : story.aboutPerson)),
                        .dt(.text("Consent")), .dd(.text(story.parsedConsent.title + (story.consentNote.isEmpty ? "" : ": \(story.consentNote)"))),
                        .dt(.text("Outside the initiative")), .dd(.text(story.isPublic ? "Shown on the public stories page." : "Not shown: it needs to be published, with consent given."))),
                    .if(access.can(.publishStories), .form(.method(.post), .action(SiteURL.storyStatus(slug: access.slug, id: id).path),
                        csrfField(chrome.csrfToken),
                        story.parsedStatus == .published
                            ? .button(.type(.submit), .class("button"), .name("status"), .value("submitted"), .text("Take back"))
                            : .button(.type(.submit), .class("button primary"), .name("status"), .value("published"), .text("Publish")))))
            },
            .unwrap(comments) { $0.render(chrome.csrfToken) })
    }
}

/// /stories/{slug}: published stories with consent, for anyone.
struct PublicStoriesPage {
    let initiative: InitiativeModel
    let stories: [StoryModel]

    func render(_ chrome: Chrome) -> HTML {
        Layout.page("Stories of \(initiative.name)", chrome,
            .h1(.text("Stories of \(initiative.name)")),
            .p(.class("lead"), .text("Stories from the partners of \(initiative.name), shared with the consent of the people in them.")),
            .if(stories.isEmpty, .div(.class("panel empty"), .p(.text("No stories have been shared yet.")))),
            .ul(.class("story-list"), .forEach(stories) { story in
                .li(.class("panel"),
                    .h2(.a(.href(SiteURL.publicStory(slug: initiative.slug, id: story.id!).path), .text(story.title))),
                    .p(.text(String(story.text.prefix(240)) + (story.text.count > 240 ? "…" : ""))))
            }))
    }
}
