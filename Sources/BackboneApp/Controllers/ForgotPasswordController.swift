import BackboneDomain
import BackbonePersistence
import Vapor

/// "Forgot your password?": a one-time link by email, valid for an hour. The answer is the same
/// whether or not an account uses the address, so the form cannot tell who has one. Without mail
/// the page says to ask the backbone, whose staff can send a new invitation.
enum ForgotPasswordController {
    /// How long a link works.
    static let linkValidity: TimeInterval = 3_600
    /// At most one email per account in this window, so that the form cannot flood a mailbox.
    static let resendAfter: TimeInterval = 600

    struct Form: Content { var email: String? }

    /// GET /forgot-password
    @Sendable static func show(req: Request) async throws -> Response {
        ForgotPasswordPage(mailConfigured: req.application.letterhead != nil).render(try await req.chrome(nil)).response()
    }

    /// POST /forgot-password
    @Sendable static func submit(req: Request) async throws -> Response {
        var page = ForgotPasswordPage(mailConfigured: req.application.letterhead != nil)
        guard let letterhead = req.application.letterhead else { return page.render(try await req.chrome(nil)).response() }
        let typed = String((try req.content.decode(Form.self).email ?? "").trimmed.prefix(320))
        page.email = typed
        guard let address = EmailAddress(typed) else {
            page.error = Texts.current("error.enterEmailAddressSuch")
            return page.render(try await req.chrome(nil)).response(status: .unprocessableEntity)
        }
        let now = Date()
        if let user = try await UserRepository(db: req.db).find(email: address.value), !user.isDisabled {
            let userID = try user.requireID()
            let window = Int(now.timeIntervalSince1970 / resendAfter)
            // The claim, the link and the email commit together.
            try await req.db.transaction { tx in
                guard try await JobRuns(db: tx).claim("password-reset:\(userID.uuidString):\(window)", now: now) else { return }
                let token = try await SetPasswordController.issueLink(userID: userID, on: tx, validFor: linkValidity)
                let t = Texts(user.siteLanguage)
                let url = req.application.backbone.absoluteURL(SiteURL.setPassword(token: token).path, on: req.application)
                try await Outbox(db: tx).enqueue(to: user.email, subject: t("mail.resetSubject"),
                                                 body: t("mail.resetBody", ["email": user.email, "url": url]) + "\n\n" + letterhead.footer(t), now: now)
            }
        }
        page.sentTo = address.value
        return page.render(try await req.chrome(nil)).response()
    }
}
