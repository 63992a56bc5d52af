import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// An indicator a partner reports for a period, with the definition in force then.
public struct AssignedIndicator: Sendable {
    public let indicator: IndicatorModel
    public let version: DefinitionVersion
    public let dimensions: [DisaggregationDimension]

    public var id: UUID { indicator.id! }
}

/// Partners' reports: saving drafts, submitting, and the values and audit trail behind them.
public struct ReportingRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope
    /// Bulk writers (imports, the demo) bring the aggregates up to date once at the end, in the
    /// same transaction, instead of after every report.
    let deferRollups: Bool

    public init(db: any Database, scope: InitiativeScope, deferRollups: Bool = false) {
        self.db = db
        self.scope = scope
        self.deferRollups = deferRollups
    }

    public enum Intent: Sendable { case saveDraft, submit }

    /// Past periods brought in by the backbone in one go (see docs/historical-import.md): locks
    /// are passed under one recorded reason, unusual values are warnings, and the reports may
    /// arrive approved. Every audit entry names the import.
    public struct Historical: Sendable, Equatable {
        public let importID: UUID
        public let reason: String
        public let approve: Bool

        public init(importID: UUID, reason: String, approve: Bool) {
            self.importID = importID
            self.reason = reason
            self.approve = approve
        }

        /// What each audit entry and the approval's step say.
        var auditReason: String { "historical import \(importID.uuidString.prefix(8).lowercased()): \(reason)" }
    }

    public struct SaveOutcome: Sendable {
        public let submission: SubmissionModel
        public let warnings: [String: String]
    }

    // MARK: Reading

    /// The indicators `organizationID` reports for `period`: assigned, of the period's frequency.
    public func assigned(organizationID: UUID, period: ReportingPeriod) async throws -> [AssignedIndicator] {
        let indicators = IndicatorRepository(db: db, scope: scope)
        let allDimensions = try await indicators.dimensions()
        let assignments = try await indicators.assignments(organizationID: organizationID)
        guard !assignments.isEmpty else { return [] }
        let ids = assignments.map(\.indicatorID)
        let models = Dictionary(uniqueKeysWithValues: try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        let versions = Dictionary(grouping: try await IndicatorVersionModel.query(on: db).filter(\.$indicatorID ~~ ids).sort(\.$number).all(),
                                  by: \.indicatorID)
        var result: [AssignedIndicator] = []
        for assignment in assignments {
            guard let indicator = models[assignment.indicatorID], indicator.parsedFrequency == period.frequency,
                  let history = try versions[assignment.indicatorID]?.map({ try $0.definitionVersion() }), !history.isEmpty else { continue }
            let version = history.last { $0.effectiveFrom <= period.end } ?? history[0]
            let keys = assignment.dimensionKeyList
            result.append(AssignedIndicator(indicator: indicator, version: version,
                                            dimensions: allDimensions.filter { keys.contains($0.key) }))
        }
        return result.sorted { $0.indicator.code < $1.indicator.code }
    }

    public func submission(organizationID: UUID, periodKey: String) async throws -> SubmissionModel? {
        try await SubmissionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$organizationID == organizationID).filter(\.$periodKey == periodKey).first()
    }

    public func submission(id: UUID) async throws -> SubmissionModel? {
        try await SubmissionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    /// The initiative's reports, oldest change first; nil filters mean all.
    /// How many reports are in `status`, counted by the database.
    public func submissionCount(status: SubmissionStatus) async throws -> Int {
        try await SubmissionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$status == status.rawValue).count()
    }

    public func submissions(status: SubmissionStatus? = nil, periodKeys: [String]? = nil) async throws -> [SubmissionModel] {
        var query = SubmissionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if let status { query = query.filter(\.$status == status.rawValue) }
        if let periodKeys { query = query.filter(\.$periodKey ~~ periodKeys) }
        return try await query.sort(\.$updatedAt).all()
    }

    /// Each report's status in these periods, keyed by partner and period, as plain values (the
    /// completeness grid reads one per partner and period shown).
    public func statuses(periodKeys: [String]) async throws -> [ReportKey: SubmissionStatus] {
        guard !periodKeys.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().column("organization_id").column("period_key").column("status")
            .from(SubmissionModel.schema).where("initiative_id", .equal, SQLBind(scope.initiativeID))
            .where("period_key", .in, SQLBind.group(periodKeys)).all()
        var statuses: [ReportKey: SubmissionStatus] = [:]
        for row in rows {
            let status = SubmissionStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft
            statuses[ReportKey(organizationID: try row.decode(column: "organization_id", as: UUID.self),
                               periodKey: try row.decode(column: "period_key", as: String.self))] = status
        }
        return statuses
    }

    /// The stored reports of one partner for one period, by indicator id.
    public func reports(organizationID: UUID, periodKey: String) async throws -> [UUID: IndicatorReport] {
        let rows = try await MeasurementValueModel.plain(on: db, initiativeID: scope.initiativeID, organizationID: organizationID) {
            $0.where("period_key", .equal, SQLBind(periodKey))
        }
        var reports: [UUID: IndicatorReport] = [:]
        for row in rows {
            var report = reports[row.indicatorID] ?? IndicatorReport(total: ValueEntry())
            if row.isTotal {
                report.total = row.entry
                report.comment = row.comment
            } else {
                report.cells[row.dimensionKey, default: [:]][row.categoryKey] = row.entry
            }
            reports[row.indicatorID] = report
        }
        return reports
    }

    /// The partner's totals for earlier periods, oldest first: context on the form and the
    /// history unusual values are judged against.
    public func pastTotals(indicator: AssignedIndicator, organizationID: UUID, before period: ReportingPeriod, limit: Int = Outliers.historyLength) async throws -> [(ReportingPeriod, Double)] {
        try await pastTotals(indicators: [indicator], organizationID: organizationID, before: period, limit: limit)[indicator.id] ?? []
    }

    /// The same for several indicators in one read, by indicator id.
    func pastTotals(indicators: [AssignedIndicator], organizationID: UUID, before period: ReportingPeriod,
                    limit: Int = Outliers.historyLength) async throws -> [UUID: [(ReportingPeriod, Double)]] {
        guard !indicators.isEmpty else { return [:] }
        let keys = (1...limit).map { period.shifted(by: -$0).key }
        let units = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id, $0.version.definition.unit) })
        let rows = try await MeasurementValueModel.plain(on: db, initiativeID: scope.initiativeID, organizationID: organizationID) {
            $0.where("indicator_id", .in, SQLBind.group(Array(units.keys))).where("dimension_key", .equal, SQLBind(""))
                .where("period_key", .in, SQLBind.group(keys))
        }
        var result: [UUID: [(ReportingPeriod, Double)]] = [:]
        for row in rows {
            guard let period = ReportingPeriod(key: row.periodKey), let unit = units[row.indicatorID], let value = row.entry.resolvedValue(unit) else { continue }
            result[row.indicatorID, default: []].append((period, value))
        }
        return result.mapValues { $0.sorted { $0.0 < $1.0 } }
    }

    public func audit(indicatorID: UUID? = nil, organizationID: UUID? = nil, periodKey: String? = nil, submissionID: UUID? = nil) async throws -> [ValueAuditModel] {
        var query = ValueAuditModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
        if let submissionID { query = query.filter(\.$submissionID == submissionID) }
        if let indicatorID { query = query.filter(\.$indicatorID == indicatorID) }
        if let organizationID { query = query.filter(\.$organizationID == organizationID) }
        if let periodKey { query = query.filter(\.$periodKey == periodKey) }
        return try await query.sort(\.$recordedAt).sort(\.$sequence).all()
    }

    // MARK: Settings and exceptions

    /// The initiative's reporting calendar and whether totals include submitted figures.
    public func updateSettings(dueAfterDays: Int, lockAfterDays: Int, includeSubmitted: Bool, timeZone: String) async throws {
        var errors = FieldErrors()
        if !(0...365).contains(dueAfterDays) { errors.add("dueAfterDays", Texts.current("error.useNumberDaysFrom")) }
        if !(0...730).contains(lockAfterDays) { errors.add("lockAfterDays", Texts.current("error.useNumberDaysFrom2")) }
        else if lockAfterDays < dueAfterDays { errors.add("lockAfterDays", Texts.current("error.periodCannotLockBefore")) }
        if !Validate.isTimeZone(timeZone) { errors.add("timeZone", Texts.current("error.chooseTimeZoneFrom")) }
        try errors.throwIfAny()
        guard let initiative = try await InitiativeModel.find(scope.initiativeID, on: db) else { return }
        initiative.dueAfterDays = dueAfterDays
        initiative.lockAfterDays = lockAfterDays
        initiative.dashboardsIncludeSubmitted = includeSubmitted
        initiative.timeZone = timeZone
        try await initiative.update(on: db)
    }

    /// Lets one partner change one locked period until `until`.
    public func grantException(organizationID: UUID, period: ReportingPeriod, until: Date, grantedBy: UUID, now: Date) async throws {
        guard until > now else { throw FieldErrors("until", Texts.current("error.chooseDateFuture")) }
        try await LockExceptionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$organizationID == organizationID).filter(\.$periodKey == period.key).delete()
        let exception = LockExceptionModel()
        exception.initiativeID = scope.initiativeID
        exception.organizationID = organizationID
        exception.periodKey = period.key
        exception.until = until
        exception.grantedBy = grantedBy
        try await exception.create(on: db)
    }

    /// The most exceptions one grant makes: 1,000 partners × 10 periods.
    public static let exceptionLimit = 10_000

    /// Lets each of many partners change each of `periods` until `until`, in one transaction:
    /// every organization must be of this initiative, or nothing is granted.
    public func grantExceptions(organizationIDs: [UUID], periods: [ReportingPeriod], until: Date, grantedBy: UUID, now: Date) async throws -> Int {
        var errors = FieldErrors()
        if until <= now { errors.add("until", Texts.current("error.chooseDateFuture")) }
        let known = Set(try await OrganizationRepository(db: db, scope: scope).all().map { $0.id! })
        let unknown = organizationIDs.filter { !known.contains($0) }
        if !unknown.isEmpty {
            errors.add("organizations", Texts.current("error.assignUnknownPartners", ["count": "\(unknown.count)", "ids": unknown.prefix(5).map(\.uuidString).joined(separator: ", ")]))
        }
        let organizations = Set(organizationIDs)
        let keys = Set(periods.map(\.key))
        if organizations.isEmpty { errors.add("organizations", Texts.current("error.assignChoosePartners")) }
        if keys.isEmpty { errors.add("periods", Texts.current("error.exceptionChoosePeriods")) }
        if organizations.count * keys.count > Self.exceptionLimit {
            errors.add("organizations", Texts.current("error.exceptionTooMany", ["limit": "\(Self.exceptionLimit)"]))
        }
        try errors.throwIfAny()
        return try await db.transaction { tx in
            try await LockExceptionModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID)
                .filter(\.$organizationID ~~ Array(organizations)).filter(\.$periodKey ~~ Array(keys)).delete()
            var rows: [LockExceptionModel] = []
            for organizationID in organizations {
                for key in keys {
                    let exception = LockExceptionModel()
                    exception.initiativeID = scope.initiativeID
                    exception.organizationID = organizationID
                    exception.periodKey = key
                    exception.until = until
                    exception.grantedBy = grantedBy
                    rows.append(exception)
                }
            }
            // In slices: a statement's bound values are limited (SQLite: 32,766).
            for start in stride(from: 0, to: rows.count, by: 500) {
                try await rows[start..<min(start + 500, rows.count)].create(on: tx)
            }
            return rows.count
        }
    }

    public func exception(organizationID: UUID, period: ReportingPeriod, now: Date) async throws -> LockExceptionModel? {
        try await LockExceptionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$organizationID == organizationID).filter(\.$periodKey == period.key).filter(\.$until > now).first()
    }

    // MARK: Writing

    /// Saves a partner's figures for a period (and, with `.submit`, submits them), all or nothing.
    /// Errors are keyed `<indicator id>.<field>`; nothing is written when there is any.
    ///
    /// With `expectedRevision` (a form, which holds every indicator) the report is replaced, and
    /// refused with 409 if anyone saved since that revision. Without it (the API, an import) the
    /// indicators sent are merged into the report as it stands when the save takes its lock, and
    /// the others keep what they hold, so two clients saving different indicators lose nothing.
    public func save(organizationID: UUID, period: ReportingPeriod, reports: [UUID: IndicatorReport], expectedRevision: Revision?,
                     intent: Intent, userID: UUID, now: Date) async throws -> SaveOutcome {
        let checked = try await check(organizationID: organizationID, period: period, reports: reports, expectedRevision: expectedRevision,
                                      intent: intent, now: now)
        return SaveOutcome(submission: try await write(checked, userID: userID, now: now), warnings: checked.warnings)
    }

    /// A save that passed every rule, ready to be written.
    public struct CheckedSave: Sendable {
        let organizationID: UUID
        let period: ReportingPeriod
        let reports: [UUID: IndicatorReport]
        let assigned: [AssignedIndicator]
        let expectedRevision: Revision?
        let intent: Intent
        let historical: Historical?
        public let warnings: [String: String]
    }

    /// The rules of `save`, with reads only: the period is open, the indicators are assigned,
    /// every figure is valid and complete as `intent` needs. Throws `FieldErrors`.
    ///
    /// A `historical` save passes the lock (not a period still to come), checks completeness only
    /// of the indicators it holds (a past period may predate a later assignment), and keeps
    /// unusual values as warnings.
    public func check(organizationID: UUID, period: ReportingPeriod, reports: [UUID: IndicatorReport], expectedRevision: Revision?,
                      intent: Intent, historical: Historical? = nil, now: Date) async throws -> CheckedSave {
        guard let initiative = try await InitiativeRepository(db: db).find(id: scope.initiativeID) else { throw FieldErrors("period", Texts.current("error.unknownInitiative")) }
        try await ensureOpen(period: period, organizationID: organizationID, calendar: initiative.reportingCalendar,
                             passLock: historical != nil, now: now)
        let assigned = try await assigned(organizationID: organizationID, period: period)
        let byID = Dictionary(uniqueKeysWithValues: assigned.map { ($0.id, $0) })

        var errors = FieldErrors()
        var warnings: [String: String] = [:]
        for id in reports.keys where byID[id] == nil {
            errors.add("\(id).total", Texts.current("error.partnerNotAssignedIndicator", ["period": Texts.current.period(period)]))
        }
        let histories = try await pastTotals(indicators: assigned, organizationID: organizationID, before: period)
        // A merge that submits must leave a complete report: indicators not sent count as stored.
        let stored = expectedRevision == nil && intent == .submit
            ? try await self.reports(organizationID: organizationID, periodKey: period.key) : [:]
        for item in assigned where historical == nil || reports[item.id] != nil {
            let report = reports[item.id] ?? stored[item.id] ?? IndicatorReport(total: ValueEntry())
            let history = (histories[item.id] ?? []).map(\.1)
            let result = ValueRules.check(report, definition: item.version.definition, dimensions: item.dimensions,
                                          history: history, complete: intent == .submit)
            for (field, message) in result.errors.messages { errors.add("\(item.id).\(field)", message) }
            for (field, message) in result.warnings {
                warnings["\(item.id).\(field)"] = message
                if intent == .submit, historical == nil, report.comment.trimmed.isEmpty {
                    errors.add("\(item.id).comment", Texts.current("error.valueUnusualAddComment"))
                }
            }
        }
        try errors.throwIfAny()
        return CheckedSave(organizationID: organizationID, period: period, reports: reports, assigned: assigned,
                           expectedRevision: expectedRevision, intent: intent, historical: historical, warnings: warnings)
    }

    /// Writes a checked save in its own transaction (or the one `db` is in).
    public func write(_ checked: CheckedSave, userID: UUID, now: Date) async throws -> SubmissionModel {
        func attempt() async throws -> SubmissionModel {
            try await transactionalSave(checked, userID: userID, now: now)
        }
        do {
            return try await attempt()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two first saves of the same report raced and the other one created it. A merge
            // simply goes again onto the report that now exists; a replace was based on nothing.
            guard checked.expectedRevision == nil else {
                throw FieldErrors.conflict("revision", Texts.current("error.someoneElseSavedReport"))
            }
            return try await attempt()
        }
    }

    private func transactionalSave(_ checked: CheckedSave, userID: UUID, now: Date) async throws -> SubmissionModel {
        let (organizationID, period, reports, assigned) = (checked.organizationID, checked.period, checked.reports, checked.assigned)
        let (expectedRevision, intent, historical) = (checked.expectedRevision, checked.intent, checked.historical)
        return try await db.transaction { tx in
            let submission = try await lockedSubmission(organizationID: organizationID, period: period, expectedRevision: expectedRevision, now: now, on: tx)
            // History corrects whatever stands, approved reports included; partners only edit their own drafts.
            guard historical != nil || submission.parsedStatus.isEditableByPartner else {
                throw FieldErrors.conflict("status", Texts.current("error.reportCanNoLonger", ["parsedStatus": "\(submission.parsedStatus.title.lowercased())"]))
            }
            var changes = Changes(sequence: 0)
            let existing = Dictionary(grouping: try await MeasurementValueModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID)
                .filter(\.$organizationID == organizationID).filter(\.$periodKey == period.key).all(), by: \.indicatorID)
            for item in assigned where expectedRevision != nil || reports[item.id] != nil {
                try await writeValues(reports[item.id] ?? IndicatorReport(total: ValueEntry()), for: item, existing: existing[item.id] ?? [],
                                      submission: submission, reason: historical?.auditReason ?? (intent == .submit ? "submitted" : "draft saved"), userID: userID,
                                      now: now, changes: &changes, on: tx)
            }
            try await MeasurementValueModel.insert(changes.newValues, on: tx)
            try await ValueAuditModel.insert(changes.audit, on: tx)
            submission.updatedAt = now
            submission.updatedBy = userID
            let action: SubmissionEventModel.Action
            if let historical, historical.approve {
                action = .approved
                submission.status = SubmissionStatus.approved.rawValue
                submission.submittedAt = submission.submittedAt ?? now
                submission.reviewedAt = now
                submission.reviewedBy = userID
                submission.reviewComment = historical.auditReason
            } else if intent == .submit {
                action = .submitted
                submission.status = SubmissionStatus.submitted.rawValue
                submission.submittedAt = now
            } else {
                action = .draftSaved
                // A historical draft over a report under review puts it back in the partner's hands.
                if historical != nil, !submission.parsedStatus.isEditableByPartner { submission.status = SubmissionStatus.draft.rawValue }
            }
            try await submission.update(on: tx)
            try await SubmissionEventModel(submission: submission, action: action,
                                           status: submission.parsedStatus, revision: submission.revision, comment: historical?.auditReason ?? "",
                                           userID: userID, now: now).create(on: tx)
            // History does not announce itself: only a partner's (or the backbone's) submission now.
            if action == .submitted, historical == nil {
                try await WebhookRepository(db: tx, scope: scope).enqueue(.reportSubmitted, ReportEventData(
                    report: try submission.requireID(), organizationId: organizationID, period: period.key, status: SubmissionStatus.submitted.rawValue, comment: ""), now: now)
            }
            if !deferRollups {
                try await RollupRepository(db: tx, scope: scope).refresh([.init(organizationID: organizationID, periodKey: period.key)])
            }
            return submission
        }
    }

    /// Moves a submitted report to approved or returned (the backbone's review), or an approved
    /// one back to returned (reopening, with a reason).
    public func review(_ submission: SubmissionModel, to status: SubmissionStatus, comment: String, userID: UUID, now: Date) async throws {
        precondition(submission.initiativeID == scope.initiativeID, "submission outside scope")
        let current = submission.parsedStatus
        guard current.canMove(to: status), status == .approved || status == .returned else {
            throw FieldErrors.conflict("status", Texts.current(status == .approved ? "error.cannotApprove" : "error.cannotReturn", ["status": current.title.lowercased()]))
        }
        if status == .returned, comment.trimmed.isEmpty {
            throw FieldErrors("comment", current == .approved ? Texts.current("error.sayWhyApprovedReport") : Texts.current("error.tellPartnerWhatChange"))
        }
        try await db.transaction { tx in
            // The status in the WHERE clause makes two reviewers racing produce one decision.
            let changed = try await (tx as! any SQLDatabase).update(SubmissionModel.schema)
                .set("status", to: status.rawValue)
                .set("review_comment", to: comment.trimmed)
                .set("reviewed_at", to: now)
                .set("reviewed_by", to: userID)
                .set("revision", to: SQLRaw("revision + 1"))
                .where("id", .equal, submission.requireID())
                .where("status", .equal, current.rawValue)
                .returning("revision")
                .all()
            guard let row = changed.first else {
                throw FieldErrors.conflict("status", Texts.current("error.someoneElseHasJust"))
            }
            let action: SubmissionEventModel.Action = status == .approved ? .approved : current == .approved ? .reopened : .returned
            try await SubmissionEventModel(submission: submission, action: action, status: status, revision: try row.decode(column: "revision", as: Int.self),
                                           comment: comment.trimmed, userID: userID, now: now).create(on: tx)
            try await WebhookRepository(db: tx, scope: scope).enqueue(status == .approved ? .reportApproved : .reportReturned, ReportEventData(
                report: try submission.requireID(), organizationId: submission.organizationID, period: submission.periodKey,
                status: status.rawValue, comment: comment.trimmed), now: now)
            if !deferRollups {
                try await RollupRepository(db: tx, scope: scope).refresh([.init(organizationID: submission.organizationID, periodKey: submission.periodKey)])
            }
        }
    }

    /// A report's workflow steps, oldest first.
    public func events(of submission: SubmissionModel) async throws -> [SubmissionEventModel] {
        precondition(submission.initiativeID == scope.initiativeID, "submission outside scope")
        return try await SubmissionEventModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$submissionID == submission.requireID()).sort(\.$recordedAt).sort(\.$revision).all()
    }

    /// Bumps the revision of the (new or existing) submission, refusing when it changed since the
    /// form was opened. The conditional update also serializes two saves racing on PostgreSQL.
    private func lockedSubmission(organizationID: UUID, period: ReportingPeriod, expectedRevision: Revision?, now: Date,
                                  on tx: any Database) async throws -> SubmissionModel {
        let repository = ReportingRepository(db: tx, scope: scope)
        let conflict = FieldErrors.conflict("revision", Texts.current("error.someoneElseSavedReport2"))
        guard let existing = try await repository.submission(organizationID: organizationID, periodKey: period.key) else {
            if let expectedRevision, expectedRevision != .none { throw conflict }
            let created = SubmissionModel(initiativeID: scope.initiativeID, organizationID: organizationID, periodKey: period.key, now: now)
            created.revision = 1
            try await created.create(on: tx)
            return created
        }
        // The update takes the row's lock: a concurrent save of the same report waits here, and
        // what is read after it (the stored figures) includes everything saved before.
        var bump = (tx as! any SQLDatabase).update(SubmissionModel.schema)
            .set("revision", to: SQLRaw("revision + 1"))
            .where("id", .equal, try existing.requireID())
        if let expectedRevision { bump = bump.where("revision", .equal, expectedRevision.value) }
        let bumped = try await bump.returning("revision").all()
        guard let row = bumped.first else { throw conflict }
        existing.revision = try row.decode(column: "revision", as: Int.self)
        return existing
    }

    private func ensureOpen(period: ReportingPeriod, organizationID: UUID, calendar: ReportingCalendar, passLock: Bool, now: Date) async throws {
        switch calendar.state(of: period, on: now) {
        case .notYetOpen:
            throw FieldErrors("period", Texts.current("error.hasNotStartedYet", ["period": Texts.current.period(period)]))
        case .locked where passLock:
            break
        case .locked:
            if try await exception(organizationID: organizationID, period: period, now: now) == nil {
                let date = calendar.lockDate(period).formatted(.iso8601.year().month().day())
                throw FieldErrors("period", Texts.current("error.lockedOnAskBackbone", ["period": Texts.current.period(period), "date": "\(date)"]))
            }
        case .open, .overdue:
            break
        }
    }

    /// New figures and audit entries of one save, inserted together at its end in plain
    /// multi-row inserts: a report has hundreds of cells.
    private struct Changes {
        var sequence: Int64
        var newValues: [MeasurementValueModel] = []
        var audit: [ValueAuditModel] = []
    }

    /// Replaces the stored figures of one indicator with `report`, recording each change.
    private func writeValues(_ report: IndicatorReport, for item: AssignedIndicator, existing: [MeasurementValueModel], submission: SubmissionModel,
                             reason: String, userID: UUID, now: Date, changes: inout Changes, on tx: any Database) async throws {
        struct Cell: Hashable { let dimension: String; let category: String }
        var wanted: [Cell: ValueEntry] = [:]
        if !report.total.isEmpty || !report.comment.trimmed.isEmpty { wanted[Cell(dimension: "", category: "")] = report.total }
        for dimension in item.dimensions {
            for category in dimension.categories {
                if let entry = report.cells[dimension.key]?[category.key], !entry.isEmpty {
                    wanted[Cell(dimension: dimension.key, category: category.key)] = entry
                }
            }
        }
        let comment = report.comment.trimmed
        for row in existing {
            let cell = Cell(dimension: row.dimensionKey, category: row.categoryKey)
            let before = StoredFigure(row)
            if let entry = wanted.removeValue(forKey: cell) {
                let after = StoredFigure(entry, comment: cell.dimension.isEmpty ? comment : "", version: item.version.number)
                guard after != before else { continue }
                after.apply(to: row)
                try await row.update(on: tx)
                try record(row, old: before, new: after, reason: reason, userID: userID, now: now, changes: &changes)
            } else {
                try await row.delete(on: tx)
                try record(row, old: before, new: nil, reason: reason, userID: userID, now: now, changes: &changes)
            }
        }
        for (cell, entry) in wanted {
            let row = MeasurementValueModel()
            row.id = UUID()
            row.initiativeID = scope.initiativeID
            row.submissionID = try submission.requireID()
            row.indicatorID = item.id
            row.organizationID = submission.organizationID
            row.periodKey = submission.periodKey
            row.dimensionKey = cell.dimension
            row.categoryKey = cell.category
            let after = StoredFigure(entry, comment: cell.dimension.isEmpty ? comment : "", version: item.version.number)
            after.apply(to: row)
            changes.newValues.append(row)
            try record(row, old: nil, new: after, reason: reason, userID: userID, now: now, changes: &changes)
        }
    }

    private func record(_ row: MeasurementValueModel, old: StoredFigure?, new: StoredFigure?, reason: String, userID: UUID,
                        now: Date, changes: inout Changes) throws {
        changes.sequence += 1
        let entry = ValueAuditModel()
        entry.id = UUID()
        entry.initiativeID = scope.initiativeID
        entry.submissionID = row.submissionID
        entry.indicatorID = row.indicatorID
        entry.organizationID = row.organizationID
        entry.periodKey = row.periodKey
        entry.dimensionKey = row.dimensionKey
        entry.categoryKey = row.categoryKey
        entry.oldJSON = try old?.json()
        entry.newJSON = try new?.json()
        entry.reason = reason
        entry.userID = userID
        entry.recordedAt = now
        entry.sequence = Int64(now.timeIntervalSince1970 * 1000) * 1000 + changes.sequence
        changes.audit.append(entry)
    }
}

/// A stored figure as the audit trail records it.
public struct StoredFigure: Codable, Equatable, Sendable {
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    public var weight: Double?
    public var comment: String
    public var version: Int

    init(_ entry: ValueEntry, comment: String, version: Int) {
        value = entry.value
        numerator = entry.numerator
        denominator = entry.denominator
        weight = entry.weight
        self.comment = comment
        self.version = version
    }

    public init(_ row: MeasurementValueModel) {
        value = row.value
        numerator = row.numerator
        denominator = row.denominator
        weight = row.weight
        comment = row.comment
        version = row.indicatorVersion
    }

    func apply(to row: MeasurementValueModel) {
        row.value = value
        row.numerator = numerator
        row.denominator = denominator
        row.weight = weight
        row.comment = comment
        row.indicatorVersion = version
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ json: String) throws -> StoredFigure {
        try JSONDecoder().decode(StoredFigure.self, from: Data(json.utf8))
    }
}

/// One partner's report of one period.
public struct ReportKey: Hashable, Sendable {
    public let organizationID: UUID
    public let periodKey: String

    public init(organizationID: UUID, periodKey: String) {
        self.organizationID = organizationID
        self.periodKey = periodKey
    }
}
