import BackboneDomain
import BackbonePersistence
import Foundation
import Plot
import Vapor

/// The comments under an indicator, activity, decision or story: each with its author, date and
/// replies; "edited" when changed; a deleted one stays as a note so its replies keep their place.
struct CommentThread {
    let access: InitiativeAccess
    let target: CommentTarget
    let targetID: UUID
    let comments: [CommentModel]
    let names: [UUID: String]
    let userID: UUID?
    /// Why a comment was refused, and its text, brought back to the page.
    var error: CommentRefusal?
    var draft = ""

    static func load(_ req: Request, _ access: InitiativeAccess, _ target: CommentTarget, _ targetID: UUID) async throws -> CommentThread {
        let members = try await MembershipRepository(db: req.db, scope: access.scope).listing()
        return CommentThread(access: access, target: target, targetID: targetID,
                             comments: try await CommentRepository(db: req.db, scope: access.scope).thread(target, targetID),
                             names: Dictionary(members.map { ($0.user.id!, $0.user.displayName) }, uniquingKeysWith: { a, _ in a }),
                             userID: req.signedIn?.user.id,
                             error: (try? req.query.get(String.self, at: "comment_error")).flatMap(CommentRefusal.init(rawValue:)),
                             draft: (try? req.query.get(String.self, at: "comment_text")) ?? "")
    }

    func render(_ chrome: Chrome) -> Node<HTML.BodyContext> {
        let csrf = chrome.csrfToken
        let t = Texts.current
        let top = comments.filter { $0.parentID == nil }
        return .section(.class("panel comments"), .id("comments"), .attribute(named: "aria-labelledby", value: "comments-title"),
            .h2(.id("comments-title"), .text(comments.isEmpty ? t("comments.title") : t("comments.titleCount", ["count": t.count(comments.filter { $0.deletedAt == nil }.count)]))),
            .if(top.isEmpty, .p(.class("meta"), .text(t("comments.none")))),
            .ol(.class("comment-list"), .forEach(top) { comment in
                .li(entry(comment, csrf, chrome.zone),
                    .ol(.class("comment-list replies"), .forEach(comments.filter { $0.parentID == comment.id }) { .li(entry($0, csrf, chrome.zone)) }),
                    .if(comment.deletedAt == nil, form(parent: comment.id!, csrf)))
            }),
            .unwrap(error) { .div(.class("alert alert-error"), .attribute(named: "role", value: "alert"), .p(.text($0.message))) },
            .h3(.text(t("comments.add"))),
            .form(.method(.post), .action(SiteURL.comments(slug: access.slug).path),
                csrfField(csrf),
                .input(.type(.hidden), .name("target"), .value(escapedAttribute(target.rawValue))),
                .input(.type(.hidden), .name("targetID"), .value(escapedAttribute(targetID.uuidString))),
                .div(.class(error == nil ? "field" : "field has-error"),
                    .label(.for("comment-text"), .text(t("comments.comment"))),
                    .p(.class("hint"), .id("comment-text-hint"), .text(t("comments.mentionHint"))),
                    .textarea(.id("comment-text"), .name("text"), .rows(3), .required(true), .attribute(named: "aria-describedby", value: "comment-text-hint"), .text(draft))),
                .button(.type(.submit), .class("button primary"), .text(t("comments.post")))))
    }

    private func entry(_ comment: CommentModel, _ csrf: String, _ zone: TimeZone) -> Node<HTML.BodyContext> {
        let t = Texts.current
        let id = comment.id!.uuidString
        let author = comment.authorID.flatMap { names[$0] } ?? t("history.formerMember")
        let mine = comment.authorID == userID && comment.deletedAt == nil
        return .article(.class("comment"), .id(escapedAttribute("comment-\(id)")),
            .p(.class("meta"), .strong(.text(author)), .text(" · "), .span(.class("nowrap"), .text(t.day(comment.createdAt, in: zone))), .if(comment.editedAt != nil && comment.deletedAt == nil, .text(" · " + t("comments.edited")))),
            comment.deletedAt == nil ? .p(.class("comment-text"), .text(comment.text)) : .p(.class("meta tombstone"), .text(t("comments.deleted"))),
            .if(mine, .element(named: "details", nodes: [
                .element(named: "summary", nodes: [.text(t("comments.edit"))]),
                .form(.method(.post), .action(SiteURL.commentAction(slug: access.slug, id: comment.id!, action: "edit").path),
                    csrfField(csrf),
                    .label(.for(escapedAttribute("edit-\(id)")), .text(t("comments.yours"))),
                    .textarea(.id(escapedAttribute("edit-\(id)")), .name("text"), .rows(3), .required(true), .text(comment.text)),
                    .button(.type(.submit), .class("button small"), .text(t("comments.save")))),
            ])),
            .if(comment.deletedAt == nil && (mine || access.can(.manageMeetings)), .form(.class("inline"), .method(.post),
                .action(SiteURL.commentAction(slug: access.slug, id: comment.id!, action: "delete").path),
                csrfField(csrf),
                .button(.type(.submit), .class("button small"), .attribute(named: "aria-label", value: escapedAttribute(t("comments.deleteBy", ["name": author]))), .text(t("comments.delete"))))))
    }

    private func form(parent: UUID, _ csrf: String) -> Node<HTML.BodyContext> {
        let t = Texts.current
        return .element(named: "details", nodes: [
            .class("reply"),
            .element(named: "summary", nodes: [.text(t("comments.reply"))]),
            .form(.method(.post), .action(SiteURL.comments(slug: access.slug).path),
                csrfField(csrf),
                .input(.type(.hidden), .name("target"), .value(escapedAttribute(target.rawValue))),
                .input(.type(.hidden), .name("targetID"), .value(escapedAttribute(targetID.uuidString))),
                .input(.type(.hidden), .name("parent"), .value(escapedAttribute(parent.uuidString))),
                .label(.for(escapedAttribute("reply-\(parent.uuidString)")), .text(t("comments.yourReply"))),
                .textarea(.id(escapedAttribute("reply-\(parent.uuidString)")), .name("text"), .rows(2), .required(true)),
                .button(.type(.submit), .class("button small"), .text(t("comments.reply")))),
        ])
    }
}
