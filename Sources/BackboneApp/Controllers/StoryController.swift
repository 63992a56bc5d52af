import BackboneDomain
import BackbonePersistence
import Vapor

/// Stories: partners submit, the backbone publishes; published stories with consent are also
/// shown to anyone, without signing in.
enum StoryController {
    /// A story's form: the photo at its largest, and room for the text fields around it.
    static let maxUploadBytes = ImageKind.maxBytes + 256 * 1_024

    struct StoryForm: Content {
        var organization: String?
        var title: String?
        var text: String?
        var aboutPerson: String?
        var consent: String?
        var consentNote: String?
        var strategy: String?
        var indicator: String?
        var tags: String?
        var photo: File?
        var photoAlt: String?
    }

    /// Published ones to every member; a submitted one to the backbone and its own organization.
    static func canSee(_ story: StoryModel, _ access: InitiativeAccess) -> Bool {
        story.parsedStatus == .published || access.can(.publishStories) || access.membership?.organizationID == story.organizationID
    }

    /// GET /i/:slug/stories
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        return try await listPage(req, access, notice: Notice.from(req))
    }

    private static func listPage(_ req: Request, _ access: InitiativeAccess, notice: Notice? = nil, errors: [String: String] = [:],
                                 form: StoryForm? = nil) async throws -> Response {
        try access.require(.viewInitiative)
        let stories = try await StoryRepository(db: req.db, scope: access.scope).all().filter { canSee($0, access) }
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let parts = try await TheoryOfChangeRepository(db: req.db, scope: access.scope).snapshot().nodes.filter { $0.parsedKind == .strategy }
        let indicators = try await IndicatorRepository(db: req.db, scope: access.scope).listing().map(\.indicator)
        return StoriesPage(access: access, stories: stories, organizations: organizations, strategies: parts, indicators: indicators,
                           notice: notice, errors: errors, form: form)
            .render(try await req.chrome(.updates, access: access)).response(status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// POST /i/:slug/stories (multipart, with an optional photo)
    @Sendable static func submit(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.submitStories)
        let form = try req.content.decode(StoryForm.self)
        let organization = form.organization.flatMap(UUID.init(uuidString:))
        if let organization, !access.can(.publishStories), organization != access.membership?.organizationID {
            throw Abort(.forbidden, reason: Texts.current("error.youCanSubmitStories"))
        }
        var photo: [UInt8]?
        if let file = form.photo, file.data.readableBytes > 0 { photo = Array(file.data.readableBytesView) }
        do {
            let story = try await StoryRepository(db: req.db, scope: access.scope).submit(.init(
                organizationID: organization, title: form.title ?? "", text: form.text ?? "", aboutPerson: form.aboutPerson ?? "",
                consent: form.consent ?? "", consentNote: form.consentNote ?? "", strategyID: form.strategy.flatMap(UUID.init(uuidString:)),
                indicatorID: form.indicator.flatMap(UUID.init(uuidString:)), tags: form.tags ?? "", photo: photo,
                photoType: form.photo?.contentType?.serialize(), photoAlt: form.photoAlt ?? ""), userID: req.signedIn?.user.id, now: Date())
            return req.redirect(to: Notice.storySubmitted.appended(to: SiteURL.story(slug: access.slug, id: try story.requireID()).path))
        } catch let errors as FieldErrors {
            var kept = form
            kept.photo = nil
            return try await listPage(req, access, errors: errors.messages, form: kept)
        }
    }

    /// GET /i/:slug/stories/:id
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let repository = StoryRepository(db: req.db, scope: access.scope)
        guard let story = try await repository.find(try req.uuidParameter("id")), canSee(story, access) else { throw Abort(.notFound) }
        let chrome = try await req.chrome(.updates, access: access)
        let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: story.organizationID)
        return StoryPage(access: access, story: story, photo: try await repository.photo(of: story.requireID()), organizationName: organization?.name ?? "",
                         publicView: false, notice: Notice.from(req),
                         comments: try await CommentThread.load(req, access, .story, story.requireID()))
            .render(chrome).response()
    }

    /// GET /i/:slug/stories/:id/photo
    @Sendable static func photo(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let repository = StoryRepository(db: req.db, scope: access.scope)
        guard let story = try await repository.find(try req.uuidParameter("id")), canSee(story, access),
              let photo = try await repository.photo(of: story.requireID()) else { throw Abort(.notFound) }
        return image(photo, cache: "private, max-age=300")
    }

    /// The photo with the type its bytes were checked to be, never the one the uploader claimed
    /// (`SecurityHeadersMiddleware` adds `nosniff` to every answer, so a browser does not second-guess it).
    static func image(_ photo: StoryPhotoModel, cache: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: photo.contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: "inline")
        headers.replaceOrAdd(name: .cacheControl, value: cache)
        return Response(status: .ok, headers: headers, body: .init(data: photo.bytes))
    }

    /// POST /i/:slug/stories/:id/status
    @Sendable static func setStatus(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.publishStories)
        let repository = StoryRepository(db: req.db, scope: access.scope)
        guard let story = try await repository.find(try req.uuidParameter("id")) else { throw Abort(.notFound) }
        guard let status = try req.content.decode([String: String].self)["status"].flatMap(StoryStatus.init(rawValue:)) else {
            throw Abort(.unprocessableEntity, reason: Texts.current("error.choosePublishTakeBack"))
        }
        try await repository.setStatus(story, to: status, now: Date())
        let notice: Notice = status == .published ? .storyPublished : .storyUnpublished
        return req.redirect(to: notice.appended(to: SiteURL.story(slug: access.slug, id: try story.requireID()).path))
    }

    // MARK: Outside the initiative

    private static func publicScope(_ req: Request) async throws -> (InitiativeModel, StoryRepository) {
        guard let slug = req.parameters.get("slug"), let initiative = try await InitiativeRepository(db: req.db).find(slug: slug) else { throw Abort(.notFound) }
        return (initiative, StoryRepository(db: req.db, scope: InitiativeScope(verifiedInitiativeID: try initiative.requireID())))
    }

    /// GET /stories/:slug
    @Sendable static func publicList(req: Request) async throws -> Response {
        let (initiative, repository) = try await publicScope(req)
        return PublicStoriesPage(initiative: initiative, stories: try await repository.all().filter(\.isPublic))
            .render(try await req.chrome(nil)).response()
    }

    /// GET /stories/:slug/:id
    @Sendable static func publicShow(req: Request) async throws -> Response {
        let (initiative, repository) = try await publicScope(req)
        guard let story = try await repository.find(try req.uuidParameter("id")), story.isPublic else { throw Abort(.notFound) }
        let organization = try await OrganizationModel.find(story.organizationID, on: req.db)
        return StoryPage(access: nil, story: story, photo: try await repository.photo(of: story.requireID()), organizationName: organization?.name ?? "",
                         publicView: true, initiative: initiative)
            .render(try await req.chrome(nil)).response()
    }

    /// GET /stories/:slug/:id/photo
    @Sendable static func publicPhoto(req: Request) async throws -> Response {
        let (_, repository) = try await publicScope(req)
        guard let story = try await repository.find(try req.uuidParameter("id")), story.isPublic,
              let photo = try await repository.photo(of: story.requireID()) else { throw Abort(.notFound) }
        return image(photo, cache: "public, max-age=300")
    }
}
