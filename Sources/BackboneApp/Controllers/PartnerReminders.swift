import BackboneDomain
import BackbonePersistence
import Vapor

/// The backbone's "remind" beside an overdue partner: one notice per overdue period to the
/// partner's data stewards, through their usual notifications (and email, as they chose). At
/// most once a day per partner, whatever the number of clicks, staff or instances.
enum PartnerReminders {
    struct Outcome: Content {
        let notified: Int
        let periods: [String]
    }

    /// Sends the reminders, or throws a `FieldErrors` saying why nothing was sent: a conflict
    /// with the partner's state (nothing overdue, no data steward, reminded today), never bad input.
    static func send(_ req: Request, _ access: InitiativeAccess, organizationID: UUID) async throws -> Outcome {
        try access.require(.reviewReports)
        guard let organization = try await OrganizationRepository(db: req.db, scope: access.scope).find(id: organizationID), !organization.isBackbone else {
            throw Abort(.notFound)
        }
        let now = Date()
        let matrix = try await ReviewController.completeness(req, access, organizations: [organization], now: now)
        let overdue = ReviewQueuePage.overduePeriods(in: matrix)[organizationID] ?? []
        guard !overdue.isEmpty else { throw FieldErrors.conflict("organization", Texts.current("error.nothingOverdue", ["organization": organization.name])) }
        let stewards = try await MembershipRepository(db: req.db, scope: access.scope).dataStewards(of: organizationID)
        guard !stewards.isEmpty else { throw FieldErrors.conflict("organization", Texts.current("error.noStewardToRemind", ["organization": organization.name])) }
        let sender = req.signedIn?.user.displayName ?? ""
        let calendar = access.initiative.reportingCalendar
        let claim = claimName(access, organizationID: organizationID, on: CalendarDay(containing: now, in: access.initiative.zone))
        // The claim and the notices commit together: a failure leaves nothing claimed.
        let sent = try await req.db.transaction { tx -> Bool in
            guard try await JobRuns(db: tx).claim(claim, now: now) else { return false }
            for period in overdue {
                try await req.notify(stewards, in: access, .reportingDue,
                                     path: SiteURL.report(slug: access.slug, organization: organizationID, period: period.key).path, on: tx) { t in
                    t("mail.remindedBy", ["name": sender, "period": t.period(period), "day": t.day(calendar.dueDate(period), in: .gmt)])
                }
            }
            return true
        }
        guard sent else { throw FieldErrors.conflict("organization", Texts.current("error.remindedToday", ["organization": organization.name])) }
        return Outcome(notified: stewards.count, periods: overdue.map(\.key))
    }

    /// Which partners were reminded today, for the review page.
    static func remindedToday(_ req: Request, _ access: InitiativeAccess) async throws -> Set<UUID> {
        let today = CalendarDay(containing: Date(), in: access.initiative.zone)
        let prefix = "remind:\(access.scope.initiativeID.uuidString):"
        return Set(try await JobRuns(db: req.db).claimed(prefix: prefix).compactMap { name in
            let parts = name.dropFirst(prefix.count).split(separator: ":")
            return parts.count == 2 && parts[1] == today.key ? UUID(uuidString: String(parts[0])) : nil
        })
    }

    private static func claimName(_ access: InitiativeAccess, organizationID: UUID, on day: CalendarDay) -> String {
        "remind:\(access.scope.initiativeID.uuidString):\(organizationID.uuidString):\(day.key)"
    }

    struct Form: Content { var organization: String? }

    /// POST /i/:slug/review/remind
    @Sendable static func remind(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.reviewReports)
        guard let id = (try req.content.decode(Form.self).organization).flatMap(UUID.init(uuidString:)) else { throw Abort(.badRequest) }
        let back = SiteURL.review(slug: access.slug).path
        do {
            _ = try await send(req, access, organizationID: id)
            return req.redirect(to: Notice.reminderSent.appended(to: back) + "#overdue")
        } catch let errors as FieldErrors {
            throw Abort(errors.isConflict ? .conflict : .unprocessableEntity, reason: errors.messages.values.first)
        }
    }

    /// POST /api/v1/initiatives/:slug/organizations/:id/reminders
    @Sendable static func remindByAPI(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let outcome = try await send(req, access, organizationID: try req.uuidParameter("id"))
        return try await outcome.encodeResponse(status: .created, for: req)
    }
}
