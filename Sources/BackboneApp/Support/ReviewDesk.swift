import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// The backbone's decisions on submitted reports, one at a time (the report's page) or many at
/// once (the review queue's bulk form and `POST /api/v1/.../review-decisions`), with the same
/// rules and side effects.
enum ReviewDesk {
    /// Reports one bulk decision may name: each is its own transaction with its aggregates'
    /// upkeep (tens of milliseconds each), and the answer must come well within a client's patience.
    static let bulkLimit = 500

    struct BulkOutcome: Sendable {
        var decided: [(submission: SubmissionModel, status: SubmissionStatus)] = []
        var refused: [(submission: SubmissionModel, reason: String)] = []
    }

    /// One decision with its feed entry (when asked) and the notices to the partner's data
    /// stewards of a returned report, committed together.
    static func decide(_ req: Request, _ access: InitiativeAccess, _ submission: SubmissionModel, to target: SubmissionStatus,
                       comment: String, reviewerID: UUID, feedEntry: Bool) async throws {
        try await req.db.transaction { tx in
            try await ReportingRepository(db: tx, scope: access.scope).review(submission, to: target, comment: comment, userID: reviewerID, now: Date())
            guard let period = submission.period else { return }
            if target == .approved, feedEntry, let organization = try await OrganizationRepository(db: tx, scope: access.scope).find(id: submission.organizationID) {
                try await req.recordUpdate(.dataApproved, in: access, title: Texts.current("feed.approved", ["organization": organization.name, "period": Texts.current.period(period)]),
                                           path: SiteURL.results(slug: access.slug).path, organizationID: submission.organizationID, on: tx)
            }
            if target == .returned {
                // The partner's data stewards hear of it: they are the ones to correct and resubmit.
                let stewards = try await MembershipRepository(db: tx, scope: access.scope).dataStewards(of: submission.organizationID)
                let comment = comment.trimmed
                try await req.notify(stewards, in: access, .returnedReport,
                                     path: SiteURL.report(slug: access.slug, organization: submission.organizationID, period: period.key).path, on: tx) { t in
                    comment.isEmpty ? t("mail.returned", ["period": t.period(period)]) : t("mail.returnedWhy", ["period": t.period(period), "comment": comment])
                }
            }
        }
    }

    /// Checks a bulk decision before anything is done: every id must be a report of this
    /// initiative, at most `bulkLimit`, a return needs a comment. Throws FieldErrors; answers the
    /// reports, each once, in the order given.
    static func prepare(_ req: Request, _ access: InitiativeAccess, ids: [UUID], to target: SubmissionStatus, comment: String) async throws -> [SubmissionModel] {
        var errors = FieldErrors()
        var seen = Set<UUID>()
        let unique = ids.filter { seen.insert($0).inserted }
        if unique.isEmpty { errors.add("reports", Texts.current("error.bulkChooseReports")) }
        if unique.count > bulkLimit { errors.add("reports", Texts.current("error.bulkTooMany", ["limit": "\(bulkLimit)"])) }
        if target == .returned, comment.trimmed.isEmpty { errors.add("comment", Texts.current("error.tellPartnerWhatChange")) }
        if comment.count > 2_000 { errors.add("comment", Texts.current("error.keepCommentUnderCharacters")) }
        try errors.throwIfAny()
        let found = try await SubmissionModel.query(on: req.db).filter(\.$initiativeID == access.scope.initiativeID).filter(\.$id ~~ unique).all()
        let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.id!, $0) })
        let missing = unique.filter { byID[$0] == nil }
        guard missing.isEmpty else {
            throw FieldErrors("reports", Texts.current("error.bulkUnknownReports", ["count": "\(missing.count)", "ids": missing.prefix(5).map(\.uuidString).joined(separator: ", ")]))
        }
        return unique.map { byID[$0]! }
    }

    /// Decides prepared reports one by one: a report someone else decided meanwhile is listed as
    /// refused with the reason, the others go through.
    static func decideAll(_ req: Request, _ access: InitiativeAccess, _ submissions: [SubmissionModel], to target: SubmissionStatus,
                          comment: String, reviewerID: UUID) async throws -> BulkOutcome {
        var outcome = BulkOutcome()
        for submission in submissions {
            do {
                try await decide(req, access, submission, to: target, comment: comment, reviewerID: reviewerID, feedEntry: false)
                outcome.decided.append((submission, target))
            } catch let problem as FieldErrors {
                outcome.refused.append((submission, problem.messages.sorted { $0.key < $1.key }.map(\.value).joined(separator: " ")))
            }
        }
        if !outcome.decided.isEmpty {
            await req.announceChange(in: access, indicatorIDs: [])
            if target == .approved {
                // One entry for the whole decision: hundreds of approvals would bury the feed.
                try await req.recordUpdate(.dataApproved, in: access, title: Texts.current("feed.approvedMany", ["count": Texts.current.count(outcome.decided.count)]),
                                           path: SiteURL.results(slug: access.slug).path, on: req.db)
                try await recordTargetsReached(req, access, organizationIDs: Set(outcome.decided.map(\.submission.organizationID)))
            }
        }
        return outcome
    }

    /// After approvals, records in the feed each target the initiative's latest figure now
    /// reaches, among the indicators the partners report: once per target, whatever the number
    /// of approvals that keep it reached. Targets are judged on the committed figures, so after
    /// the approvals' own transactions; a target missed here (a crash in between) is recorded at
    /// the next approval that keeps it reached.
    static func recordTargetsReached(_ req: Request, _ access: InitiativeAccess, organizationIDs: Set<UUID>) async throws {
        let indicators = IndicatorRepository(db: req.db, scope: access.scope)
        var assigned = Set<UUID>()
        for organizationID in organizationIDs {
            assigned.formUnion(try await indicators.assignments(organizationID: organizationID).map(\.indicatorID))
        }
        let (_, items) = try await ResultsController.standings(req, access)
        for item in items where assigned.contains(item.listing.indicator.id!) {
            guard let target = item.target, target.organizationID == nil, let value = item.latest?.value,
                  reaches(value, target: target.targetValue, polarity: item.listing.indicator.parsedPolarity) else { continue }
            let key = "target-reached:\(item.listing.indicator.id!.uuidString):\(target.targetValue):\(CalendarDay(containing: target.targetDate).key)"
            let unit = item.listing.current.definition.unit == .percent ? "%" : ""
            let indicator = item.listing.indicator
            // The once-only claim and the entry commit together: a failed entry leaves the claim free.
            try await req.db.transaction { tx in
                guard try await JobRuns(db: tx).claim(key, now: Date()) else { return }
                try await req.recordUpdate(.targetReached, in: access,
                                           title: Texts.current("feed.targetReached", ["indicator": indicator.shownName, "value": Texts.current.number(value) + unit,
                                                                                      "target": Texts.current.number(target.targetValue) + unit]),
                                           path: SiteURL.indicator(slug: access.slug, id: indicator.id!).path, on: tx)
                try await WebhookRepository(db: tx, scope: access.scope).enqueue(.targetReached, TargetReachedData(
                    indicator: indicator.code, value: value, target: target.targetValue, targetDate: CalendarDay(containing: target.targetDate).key), now: Date())
            }
        }
    }
}

/// What a delivery says of a target the initiative's figure now reaches.
struct TargetReachedData: Encodable, Sendable {
    let indicator: String
    let value: Double
    let target: Double
    let targetDate: String
}
