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

    /// What the person is told, in the language being worked in.
    public var message: String { Texts.current("commentRefusal.\(rawValue)") }
}
