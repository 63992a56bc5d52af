import BackboneDomain
import Fluent
import Foundation

/// The rows of one partner and one period, with the line each figure came from.
private struct Group: Sendable {
    var reports: [UUID: IndicatorReport] = [:]
    var lines: [String: Int] = [:]
    var firstLine = Int.max
}

/// Loads a long-format CSV file (one figure per row) into partners' reports: every row is checked
/// first and the whole file is written in one transaction, or nothing is. Importing the same file
/// again changes nothing.
public struct ReportImporter: Sendable {
    public struct Problem: Equatable, Sendable {
        public let line: Int
        public let column: String
        public let message: String

        public init(line: Int, column: String, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }
    }

    public struct ImportProblems: Error, Sendable {
        public let problems: [Problem]
    }

    public struct Summary: Equatable, Sendable {
        public var rows = 0
        public var reportsChanged = 0
        public var reportsUnchanged = 0
        /// Unusual values a historical import let in, by the line they came from.
        public var warnings: [Problem] = []

        public init(rows: Int = 0, reportsChanged: Int = 0, reportsUnchanged: Int = 0, warnings: [Problem] = []) {
            self.rows = rows
            self.reportsChanged = reportsChanged
            self.reportsUnchanged = reportsUnchanged
            self.warnings = warnings
        }
    }

    public static let figureColumns = NumberInput.figureParts

    /// How far a running import is, for a page to show while a large file is processed.
    public struct Progress: Equatable, Sendable {
        public enum Phase: String, Sendable {
            case checking
            case checkingReports
            case saving
        }

        public let phase: Phase
        public let done: Int
        public let total: Int

        public init(phase: Phase, done: Int, total: Int) {
            self.phase = phase
            self.done = done
            self.total = total
        }
    }

    /// Reports progress every this many rows, and for every report saved.
    static let progressStep = 500

    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// The header of the long format, with one column per dimension of the initiative.
    public func header() async throws -> [String] {
        Self.header(dimensions: try await IndicatorRepository(db: db, scope: scope).dimensions())
    }

    static func header(dimensions: [DisaggregationDimension]) -> [String] {
        ["indicator_code", "partner", "period"] + dimensions.map(\.key) + figureColumns + ["comment"]
    }

    /// - Parameter allowedOrganizations: nil for the backbone (any partner); otherwise the only
    ///   organizations rows may be for.
    /// - Parameter historical: past periods in one go (the backbone only): see `ReportingRepository.Historical`.
    public func run(_ table: CSVTable, allowedOrganizations: Set<UUID>?, intent: ReportingRepository.Intent,
                    historical: ReportingRepository.Historical? = nil,
                    userID: UUID, now: Date, progress: @escaping @Sendable (Progress) async -> Void = { _ in }) async throws -> Summary {
        precondition(historical == nil || allowedOrganizations == nil, "a historical import is the backbone's")
        let indicators = try await IndicatorRepository(db: db, scope: scope).listing()
        let organizations = try await OrganizationRepository(db: db, scope: scope).all()
        let dimensions = try await IndicatorRepository(db: db, scope: scope).dimensions()
        var problems: [Problem] = []

        // One header from the breakdowns already read, one set: the work stays the same however the file is shaped.
        let header = Self.header(dimensions: dimensions)
        let known = Set(header)
        for column in table.header where !known.contains(column) {
            problems.append(Problem(line: 1, column: column, message: Texts.current("error.unknownColumnColumnsAre", ["header": "\(header.joined(separator: ", "))"])))
        }
        for required in ["indicator_code", "partner", "period"] where !table.header.contains(required) {
            problems.append(Problem(line: 1, column: required, message: Texts.current("error.columnMissing")))
        }
        guard problems.isEmpty else { throw ImportProblems(problems: problems) }

        // Rows → reports, grouped by partner and period.
        var groups: [String: (organizationID: UUID, period: ReportingPeriod, group: Group)] = [:]
        let byCode = Dictionary(uniqueKeysWithValues: indicators.map { ($0.indicator.code.uppercased(), $0) })
        let byName = Dictionary(organizations.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        for (index, row) in table.rows.enumerated() {
            if index % Self.progressStep == 0 { await progress(Progress(phase: .checking, done: index, total: table.rows.count)) }
            var rowProblems: [Problem] = []
            func fail(_ column: String, _ message: String) { rowProblems.append(Problem(line: row.line, column: column, message: message)) }
            let code = table.value("indicator_code", in: row).uppercased()
            let indicator = byCode[code]
            if indicator == nil { fail("indicator_code", code.isEmpty ? Texts.current("error.giveIndicatorSCode") : Texts.current("error.initiativeHasNoIndicator", ["code": "\(code)"])) }
            let partnerName = table.value("partner", in: row)
            let organization = byName[partnerName.lowercased()] ?? UUID(uuidString: partnerName).flatMap { id in organizations.first { $0.id == id } }
            if organization == nil { fail("partner", partnerName.isEmpty ? Texts.current("error.givePartnerSName") : Texts.current("error.noPartnerInitiativeCalled", ["partnerName": "\(partnerName)"])) }
            if let organization, let allowed = allowedOrganizations, !allowed.contains(organization.id!) {
                fail("partner", Texts.current("error.youCanImportFigures"))
            }
            let periodText = table.value("period", in: row)
            let period = ReportingPeriod(key: periodText)
            if period == nil { fail("period", Texts.current("error.writePeriodQ")) }
            if let period, let indicator, period.frequency != indicator.indicator.parsedFrequency {
                fail("period", Texts.current("error.reportedNotSuchPeriod", ["name": "\(indicator.indicator.name)", "parsedFrequency": Texts.current.frequency(indicator.indicator.parsedFrequency).lowercased(), "periodText": "\(periodText)"]))
            }
            let cells = dimensions.compactMap { dimension -> (String, String)? in
                let category = table.value(dimension.key, in: row)
                return category.isEmpty ? nil : (dimension.key, category)
            }
            if cells.count > 1 { fail(cells[1].0, Texts.current("error.rowEitherTotalNo")) }
            if let (key, category) = cells.first, let dimension = dimensions.first(where: { $0.key == key }),
               !dimension.categories.contains(where: { $0.key == category }) {
                fail(key, Texts.current("error.hasNoCategoryUse", ["name": "\(dimension.name)", "category": "\(category)", "categories": "\(dimension.categories.map(\.key).joined(separator: ", "))"]))
            }
            let figure = NumberInput.figure { table.value($0, in: row) }
            for (column, message) in figure.problems.sorted(by: { $0.key < $1.key }) { fail(column, message) }
            let entry = figure.entry
            guard rowProblems.isEmpty, let indicator, let organization, let period else { problems += rowProblems; continue }

            let groupKey = "\(organization.id!)|\(period.key)"
            var slot = groups[groupKey] ?? (organization.id!, period, Group())
            let id = indicator.indicator.id!
            var report = slot.group.reports[id] ?? IndicatorReport(total: ValueEntry())
            let cellKey: String
            if let (key, category) = cells.first {
                cellKey = "\(id).cell.\(key).\(category)"
                // A blank cell row (as in a template) means "not entered".
                if !entry.isEmpty { report.cells[key, default: [:]][category] = entry }
            } else {
                cellKey = "\(id).total"
                report.total = entry
                report.comment = table.value("comment", in: row)
            }
            if let earlier = slot.group.lines[cellKey] {
                problems.append(Problem(line: row.line, column: "", message: Texts.current("error.sameFigureAlreadyOn", ["earlier": "\(earlier)"])))
                continue
            }
            slot.group.lines[cellKey] = row.line
            slot.group.firstLine = min(slot.group.firstLine, row.line)
            slot.group.reports[id] = report
            groups[groupKey] = slot
        }
        guard problems.isEmpty else { throw ImportProblems(problems: problems.sorted { $0.line < $1.line }) }

        let ordered = groups.values.sorted { $0.group.firstLine < $1.group.firstLine }

        // Every report is checked against the rules before the write lock is taken, so a file
        // with problems never holds up other writers, and the lock is held only while writing.
        let reporting = ReportingRepository(db: db, scope: scope)
        // An approving historical import changes a report whose figures it already holds but which is not yet approved.
        let approved: Set<String> = historical?.approve == true
            ? Set(try await reporting.submissions(status: .approved).map { "\($0.organizationID)|\($0.periodKey)" }) : []
        let context = Context(intent: intent, historical: historical, approved: approved, now: now)
        var plans: [Plan] = []
        for (index, slot) in ordered.enumerated() {
            await progress(Progress(phase: .checkingReports, done: index, total: ordered.count))
            let stored = try await reporting.reports(organizationID: slot.organizationID, periodKey: slot.period.key)
            do {
                plans.append(try await plan(slot.organizationID, slot.period, slot.group, stored: stored, context, with: reporting))
            } catch let errors as FieldErrors {
                problems += errors.messages.map { Self.locate($0.key, $0.value, lines: slot.group.lines, firstLine: slot.group.firstLine) }
            }
        }
        guard problems.isEmpty else { throw ImportProblems(problems: problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }

        let rowCount = table.rows.count
        let checkedPlans = plans
        return try await db.largeTransaction { tx in
            var summary = Summary(rows: rowCount)
            var problems: [Problem] = []
            let reporting = ReportingRepository(db: tx, scope: scope, deferRollups: true)
            for (index, var plan) in checkedPlans.enumerated() {
                await progress(Progress(phase: .saving, done: index, total: checkedPlans.count))
                do {
                    // Someone saved this report since it was checked: merge into what it holds now, and check again.
                    let stored = try await reporting.reports(organizationID: plan.organizationID, periodKey: plan.period.key)
                    if stored != plan.stored {
                        plan = try await self.plan(plan.organizationID, plan.period, plan.group, stored: stored, context, with: reporting)
                    }
                    guard let checked = plan.checked else {
                        summary.reportsUnchanged += 1
                        continue
                    }
                    _ = try await reporting.write(checked, userID: userID, now: now)
                    summary.reportsChanged += 1
                    summary.warnings += checked.warnings.sorted { $0.key < $1.key }.map {
                        Self.locate($0.key, $0.value, lines: plan.group.lines, firstLine: plan.group.firstLine)
                    }
                } catch let errors as FieldErrors {
                    problems += errors.messages.map { Self.locate($0.key, $0.value, lines: plan.group.lines, firstLine: plan.group.firstLine) }
                }
            }
            // Any problem anywhere undoes everything written above.
            if !problems.isEmpty { throw ImportProblems(problems: problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
            summary.warnings.sort { ($0.line, $0.column) < ($1.line, $1.column) }
            try await RollupRepository(db: tx, scope: scope)
                .refresh(checkedPlans.map { RollupRepository.Touched(organizationID: $0.organizationID, periodKey: $0.period.key) })
            return summary
        }
    }

    /// One report of the file: what it held when read, and the checked save that merges the
    /// file's figures into it (nil when the file changes nothing in it).
    private struct Plan: Sendable {
        let organizationID: UUID
        let period: ReportingPeriod
        let group: Group
        let stored: [UUID: IndicatorReport]
        let checked: ReportingRepository.CheckedSave?
    }

    /// What every report of one import is checked and written with.
    private struct Context: Sendable {
        let intent: ReportingRepository.Intent
        let historical: ReportingRepository.Historical?
        /// "organization|period" of the reports approved when the import began (approving historical imports only).
        let approved: Set<String>
        let now: Date
    }

    private func plan(_ organizationID: UUID, _ period: ReportingPeriod, _ group: Group, stored: [UUID: IndicatorReport],
                      _ context: Context, with reporting: ReportingRepository) async throws -> Plan {
        let approvalDue = context.historical?.approve == true && !context.approved.contains("\(organizationID)|\(period.key)")
        if !approvalDue, group.reports.allSatisfy({ (stored[$0.key] ?? IndicatorReport(total: ValueEntry())) == $0.value }) {
            return Plan(organizationID: organizationID, period: period, group: group, stored: stored, checked: nil)
        }
        let merged = stored.merging(group.reports) { $1 }
        let checked = try await reporting.check(organizationID: organizationID, period: period, reports: merged, expectedRevision: nil,
                                                intent: context.intent, historical: context.historical, now: context.now)
        return Plan(organizationID: organizationID, period: period, group: group, stored: stored, checked: checked)
    }

    /// Maps an error of the reporting rules back to the line and column it came from.
    static func locate(_ field: String, _ message: String, lines: [String: Int], firstLine: Int) -> Problem {
        var key = field
        var column = ""
        for suffix in figureColumns where key.hasSuffix(".\(suffix)") {
            key.removeLast(suffix.count + 1)
            column = suffix
        }
        if key.hasSuffix(".comment") { key = String(key.dropLast(".comment".count)) + ".total"; column = "comment" }
        if let line = lines[key] { return Problem(line: line, column: column, message: message) }
        // A breakdown that does not add up, or a whole-report problem: point at the total's row.
        let parts = key.split(separator: ".")
        if let id = parts.first, let line = lines["\(id).total"] { return Problem(line: line, column: column, message: message) }
        return Problem(line: firstLine, column: column, message: message)
    }
}
