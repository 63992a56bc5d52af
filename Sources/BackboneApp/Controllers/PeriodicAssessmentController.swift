import BackboneDomain
import BackbonePersistence
import Vapor

/// The backbone's quarterly assessment of the working groups for the steering committee.
enum PeriodicAssessmentController {
    /// Judgements as posted, keyed by the working group's id.
    struct JudgementForm: Content {
        var judgement: [String: String]?
        var note: [String: String]?
        var revision: String?
        var intent: String?

        /// The judgements of the groups shown; anything posted for another id is no one's and ignored.
        func judgements(groups: [UUID]) -> [UUID: PeriodicAssessmentModel.StoredJudgement] {
            Dictionary(uniqueKeysWithValues: groups.map { id in
                (id, PeriodicAssessmentModel.StoredJudgement(judgement: judgement?[id.uuidString].flatMap(GroupJudgement.init(rawValue:)),
                                                             note: (note?[id.uuidString] ?? "").trimmed))
            })
        }
    }

    /// GET /i/:slug/periodic-assessments
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewPeriodicAssessments)
        let assessments = try await PeriodicAssessmentRepository(db: req.db, scope: access.scope).all(sharedOnly: !access.can(.manageAssessments))
        let today = CalendarDay(containing: Date(), in: access.initiative.zone)
        return PeriodicListPage(access: access, assessments: assessments, current: PeriodicAssessmentDesk.defaultQuarter(today: today))
            .render(try await req.chrome(.assessments, access: access)).response()
    }

    private static func quarter(_ req: Request) throws -> ReportingPeriod {
        guard let key = req.parameters.get("quarter"), let period = ReportingPeriod(key: key), period.frequency == .quarterly else { throw Abort(.notFound) }
        return period
    }

    /// GET /i/:slug/periodic-assessments/:quarter: the shared assessment as frozen, or (for the
    /// backbone) the draft assembled from today's figures with the judgements saved so far.
    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.viewPeriodicAssessments)
        let quarter = try quarter(req)
        let stored = try await PeriodicAssessmentRepository(db: req.db, scope: access.scope).find(quarter: quarter.key)
        if let stored, stored.parsedStatus == .shared, let content = stored.content {
            return PeriodicAssessmentPage(access: access, content: content, stored: stored, editable: false, errors: [:], notice: Notice.from(req))
                .render(try await req.chrome(.assessments, access: access)).response()
        }
        guard access.can(.manageAssessments) else { throw Abort(.notFound) }
        let content = try await PeriodicAssessmentDesk.compose(req, access, quarter: quarter, judgements: stored?.judgements ?? [:])
        return PeriodicAssessmentPage(access: access, content: content, stored: stored, editable: true, errors: [:], notice: Notice.from(req))
            .render(try await req.chrome(.assessments, access: access)).response()
    }

    /// POST /i/:slug/periodic-assessments/:quarter: saves the judgements, or saves and shares.
    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageAssessments)
        let quarter = try quarter(req)
        let form = try req.content.decode(JudgementForm.self)
        let repository = PeriodicAssessmentRepository(db: req.db, scope: access.scope)
        let sharing = form.intent == "share"
        var content = try await PeriodicAssessmentDesk.compose(req, access, quarter: quarter, judgements: [:])
        let judgements = form.judgements(groups: content.groups.map(\.bodyID))
        for index in content.groups.indices {
            content.groups[index].judgement = judgements[content.groups[index].bodyID]?.judgement
            content.groups[index].note = judgements[content.groups[index].bodyID]?.note ?? ""
        }
        var errors = PeriodicAssessmentContent.errors(judgements: judgements.mapValues { ($0.judgement, $0.note) }, sharing: sharing)
        if sharing, content.groups.isEmpty { errors.add("groups", Texts.current("error.periodicNoGroups")) }
        var status = HTTPResponseStatus.unprocessableEntity
        if errors.isEmpty {
            do {
                let saved = try await repository.saveJudgements(quarter: quarter.key, judgements, expectedRevision: try Revision.fromForm(form.revision), now: Date())
                guard sharing else { return req.redirect(to: Notice.periodicSaved.appended(to: SiteURL.periodicAssessment(slug: access.slug, quarter: quarter.key).path)) }
                let frozen = content
                try await repository.share(saved, expectedRevision: try Revision.fromForm(String(saved.revision)), userID: req.signedIn?.user.id,
                                           path: SiteURL.periodicAssessment(slug: access.slug, quarter: quarter.key).path,
                                           title: Texts.current("periodic.feedTitle", ["quarter": Texts.current.period(quarter)]), now: Date()) { _ in frozen }
                return req.redirect(to: Notice.periodicShared.appended(to: SiteURL.periodicAssessment(slug: access.slug, quarter: quarter.key).path))
            } catch let problems as FieldErrors {
                errors = problems
                if problems.isConflict { status = .conflict }
            }
        }
        let stored = try await repository.find(quarter: quarter.key)
        return PeriodicAssessmentPage(access: access, content: content, stored: stored, editable: stored?.parsedStatus != .shared, errors: errors.messages, notice: nil)
            .render(try await req.chrome(.assessments, access: access)).response(status: status)
    }
}
