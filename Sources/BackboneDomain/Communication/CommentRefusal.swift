import Foundation

/// Why a comment was not saved. The page that shows the refusal gets only the case's name (in
/// its address, after the redirect back), and the message comes from here: a link can never make
/// a page show words of someone else's choosing.
public enum CommentRefusal: String, Error, CaseIterable, Sendable {
    case empty
    case tooLong = "too-long"
    case unshowable
    case unknownMention = "unknown-mention"
    case unreadableMention = "unreadable-mention"
    case replyElsewhere = "reply-elsewhere"
    case notAuthor = "not-author"

    public var message: String {
        switch self {
        case .empty: "Write something first."
        case .tooLong: "The comment is too long: at most 4,000 characters."
        case .unshowable: "The comment contains characters that cannot be shown."
        case .unknownMention: "Someone you mentioned is not a member of this initiative. Mention people by the part of their email address before the @."
        case .unreadableMention: "Someone you mentioned cannot open this page, so they cannot be mentioned here. Remove the mention, or tell them another way."
        case .replyElsewhere: "Reply to a comment of this page."
        case .notAuthor: "Only the author can edit this comment."
        }
    }
}
