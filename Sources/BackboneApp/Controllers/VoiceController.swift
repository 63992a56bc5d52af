import BackboneDomain
import BackbonePersistence
import Crypto
import Vapor

/// The public voice page of an initiative (`/p/{slug}/voice`), where the backbone opened it:
/// what residents said and what was done with it (no names, no contact details), and a form to
/// say something, without an account. Guarded by a per-address limit, a daily limit per
/// initiative, a field people never see, and a few seconds' wait since the form was shown.
enum VoiceController {
    struct VoiceForm: Content {
        var text: String?
        var neighborhood: String?
        var contactName: String?
        var contactEmail: String?
        var consent: String?
        /// Hidden from people; a machine filling every field fills it.
        var website: String?
        /// When the form was shown (seconds since 1970) and its seal.
        var shown: String?
        var seal: String?
    }

    private static func initiative(_ req: Request) async throws -> (InitiativeModel, OutreachRepository) {
        guard let slug = req.parameters.get("slug"), let initiative = try await InitiativeRepository(db: req.db).find(slug: slug) else { throw Abort(.notFound) }
        let repository = OutreachRepository(db: req.db, scope: InitiativeScope(verifiedInitiativeID: try initiative.requireID()))
        guard try await repository.voiceIsPublic() else { throw Abort(.notFound) }
        return (initiative, repository)
    }

    /// Seals the moment the form was shown with the person's form token, so the moment cannot be
    /// made up without reading the page.
    static func seal(_ shown: String, token: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(shown.utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(code).map { String(format: "%02x", $0) }.joined()
    }

    /// GET /p/:slug/voice
    @Sendable static func page(req: Request) async throws -> Response {
        let (initiative, repository) = try await initiative(req)
        return try await render(req, initiative, repository, form: VoiceForm(), errors: [:], notice: Notice.from(req))
    }

    private static func render(_ req: Request, _ initiative: InitiativeModel, _ repository: OutreachRepository, form: VoiceForm,
                               errors: [String: String], notice: Notice?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let shown = String(Int(Date().timeIntervalSince1970))
        return VoicePage(initiative: initiative, answered: Array(try await repository.feedback(answeredOnly: true).prefix(200)), form: form, errors: errors, notice: notice,
                         shown: shown, seal: seal(shown, token: req.csrfToken))
            .render(try await req.chrome(nil)).response(status: status)
    }

    /// POST /p/:slug/voice (each address's sends are limited by `PublicRateLimitMiddleware(bucket: .voice)`)
    @Sendable static func submit(req: Request) async throws -> Response {
        let (initiative, repository) = try await initiative(req)
        let form = try req.content.decode(VoiceForm.self)
        let shown = form.shown.flatMap { text in
            SecretToken.equal(form.seal ?? "", seal(text, token: req.csrfToken)) ? Double(text).map(Date.init(timeIntervalSince1970:)) : nil
        }
        guard VoiceFormGuard.looksHuman(trap: form.website ?? "", shownAt: shown, now: Date()) else {
            return try await render(req, initiative, repository, form: form, errors: ["text": Texts.current("error.voiceTooQuick")], notice: nil,
                                    status: .unprocessableEntity)
        }
        let terms = FeedbackTerms(text: form.text ?? "", neighborhood: form.neighborhood ?? "", contactName: form.contactName ?? "",
                                  contactEmail: form.contactEmail ?? "", consent: form.consent == "on")
        do {
            try await repository.record(terms, source: .publicForm, eventID: nil, strategyIDs: [], userID: nil,
                                        today: CalendarDay(containing: Date(), in: initiative.zone), now: Date())
        } catch let errors as FieldErrors {
            return try await render(req, initiative, repository, form: form, errors: errors.messages, notice: nil, status: .unprocessableEntity)
        } catch is FeedbackFlood {
            throw Abort(.tooManyRequests, headers: ["Retry-After": "3600"], reason: Texts.current("error.voiceTooMany"))
        }
        return req.redirect(to: Notice.feedbackThanks.appended(to: SiteURL.publicVoice(slug: initiative.slug).path))
    }
}

