import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/assignments` and `/reports/...`: what a partner must report, and
/// reading and writing one partner's report for one period, with the same checks, workflow and
/// audit trail as the form.
enum MeasurementAPI {
    struct AssignmentDTO: Content {
        let indicatorCode: String
        let indicatorName: String
        let organizationId: UUID
        let organizationName: String
        let frequency: String
        let unit: String
        let aggregation: String
        let dimensions: [String]
    }

    struct FigureDTO: Content {
        var value: Double?
        var numerator: Double?
        var denominator: Double?
        var weight: Double?

        init(_ entry: ValueEntry) {
            value = entry.value
            numerator = entry.numerator
            denominator = entry.denominator
            weight = entry.weight
        }

        var entry: ValueEntry { ValueEntry(value: value, numerator: numerator, denominator: denominator, weight: weight) }
    }

    struct CellDTO: Content {
        let dimension: String
        let category: String
        let figure: FigureDTO
    }

    struct IndicatorReportDTO: Content {
        let code: String
        let total: FigureDTO
        let cells: [CellDTO]?
        let comment: String?
    }

    struct ReportDTO: Content {
        let organizationId: UUID
        let period: String
        let status: String
        let revision: Int
        let reviewComment: String
        let indicators: [IndicatorReportDTO]
    }

    struct ReportBody: StrictBody {
        let intent: String
        let revision: Revision?
        let indicators: [IndicatorReportDTO]
        static let allowedFields: Set<String> = ["intent", "revision", "indicators"]
        static let figureFields: Set<String> = ["value", "numerator", "denominator", "weight"]

        /// Unknown or null fields inside the indicators are refused as well.
        static func checkNested(_ object: [String: Any], into errors: inout FieldErrors) {
            func check(_ value: Any?, at path: String, allowed: Set<String>) {
                guard let dictionary = value as? [String: Any] else { return }
                for (key, nested) in dictionary {
                    if !allowed.contains(key) { errors.add("\(path).\(key)", Texts.current("error.unknownFieldAllowed", ["allowed": "\(allowed.sorted().joined(separator: ", "))"])) }
                    if nested is NSNull { errors.add("\(path).\(key)", Texts.current("error.mustNotNullLeave")) }
                }
            }
            for (i, indicator) in ((object["indicators"] as? [Any]) ?? []).enumerated() {
                check(indicator, at: "indicators[\(i)]", allowed: ["code", "total", "cells", "comment"])
                let item = indicator as? [String: Any]
                check(item?["total"], at: "indicators[\(i)].total", allowed: figureFields)
                for (j, cell) in ((item?["cells"] as? [Any]) ?? []).enumerated() {
                    check(cell, at: "indicators[\(i)].cells[\(j)]", allowed: ["dimension", "category", "figure"])
                    check((cell as? [String: Any])?["figure"], at: "indicators[\(i)].cells[\(j)].figure", allowed: figureFields)
                }
            }
        }
    }

    /// GET /api/v1/initiatives/:slug/assignments
    @Sendable static func assignments(req: Request) async throws -> ListDTO<AssignmentDTO> {
        let access = try await req.initiativeAccess()
        let organizations = try await OrganizationRepository(db: req.db, scope: access.scope).all()
        let visible = access.can(.reportForAnyPartner) || access.can(.reviewReports)
            ? organizations : organizations.filter { $0.id == access.membership?.organizationID }
        let indicators = IndicatorRepository(db: req.db, scope: access.scope)
        let listing = Dictionary(uniqueKeysWithValues: try await indicators.listing().map { ($0.indicator.id!, $0) })
        var items: [AssignmentDTO] = []
        for organization in visible {
            for assignment in try await indicators.assignments(organizationID: organization.requireID()) {
                guard let item = listing[assignment.indicatorID] else { continue }
                items.append(AssignmentDTO(indicatorCode: item.indicator.code, indicatorName: item.indicator.name,
                                           organizationId: organization.id!, organizationName: organization.name,
                                           frequency: item.indicator.frequency, unit: item.current.definition.unit.code,
                                           aggregation: item.current.definition.aggregation.rawValue, dimensions: assignment.dimensionKeyList))
            }
        }
        return ListDTO(items: items.sorted { ($0.organizationName, $0.indicatorCode) < ($1.organizationName, $1.indicatorCode) })
    }

    /// GET /api/v1/initiatives/:slug/reports/:organization/:period
    @Sendable static func report(req: Request) async throws -> ReportDTO {
        let context = try await ReportingController.context(req)
        return try await dto(req, context.access, organization: context.organization, period: context.period)
    }

    /// PUT /api/v1/initiatives/:slug/reports/:organization/:period: replaces the figures of the
    /// indicators sent (others keep theirs), as a draft or submitted; all or nothing.
    @Sendable static func saveReport(req: Request) async throws -> ReportDTO {
        let context = try await ReportingController.context(req)
        let (access, organization, period) = (context.access, context.organization, context.period)
        guard context.mayEdit else {
            throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot3", ["role": "\(access.role.title)"]))
        }
        let body = try req.decodeStrict(ReportBody.self)
        guard let intent: ReportingRepository.Intent = ["draft": .saveDraft, "submit": .submit][body.intent] else {
            throw FieldErrors("intent", Texts.current("error.useDraftSubmit"))
        }
        let reporting = ReportingRepository(db: req.db, scope: access.scope)
        let assigned = try await reporting.assigned(organizationID: organization.requireID(), period: period)
        let byCode = Dictionary(uniqueKeysWithValues: assigned.map { ($0.indicator.code, $0) })
        // With a revision the body replaces the report as read at that revision (indicators left
        // out keep their stored figures; a save meanwhile answers 409). Without one, only the
        // indicators sent are merged in, inside the save's own transaction: nothing read here
        // could be stale by the time it is written.
        var reports = body.revision == nil ? [:] : try await reporting.reports(organizationID: organization.requireID(), periodKey: period.key)
        var errors = FieldErrors()
        var seen = Set<String>()
        for (index, item) in body.indicators.enumerated() {
            guard let indicator = byCode[item.code] else {
                errors.add("indicators[\(index)].code", Texts.current("error.doesNotReport", ["name": "\(organization.name)", "code": "\(item.code)", "period": Texts.current.period(period)]))
                continue
            }
            if !seen.insert(item.code).inserted { errors.add("indicators[\(index)].code", Texts.current("error.appearsTwice", ["code": "\(item.code)"])) }
            var report = IndicatorReport(total: item.total.entry, comment: item.comment ?? "")
            for cell in item.cells ?? [] { report.cells[cell.dimension, default: [:]][cell.category] = cell.figure.entry }
            reports[indicator.id] = report
        }
        try errors.throwIfAny()
        do {
            _ = try await reporting.save(organizationID: organization.requireID(), period: period, reports: reports,
                                         expectedRevision: body.revision, intent: intent,
                                         userID: req.requireSignedIn().user.requireID(), now: Date())
            await req.announceChange(in: access, indicatorIDs: Array(reports.keys))
        } catch let problems as FieldErrors {
            // Name fields by indicator code rather than internal id.
            var renamed = FieldErrors()
            let codes = Dictionary(uniqueKeysWithValues: assigned.map { ($0.id.uuidString, $0.indicator.code) })
            for (field, message) in problems.messages.sorted(by: { $0.key < $1.key }) {
                let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
                let name = parts.count == 2 && codes[parts[0]] != nil ? "\(codes[parts[0]]!).\(parts[1])" : field
                renamed.add(name, message)
            }
            if problems.isConflict, let first = renamed.messages.first { throw FieldErrors.conflict(first.key, first.value) }
            throw renamed
        }
        return try await dto(req, access, organization: organization, period: period)
    }

    private static func dto(_ req: Request, _ access: InitiativeAccess, organization: OrganizationModel, period: ReportingPeriod) async throws -> ReportDTO {
        let reporting = ReportingRepository(db: req.db, scope: access.scope)
        let organizationID = try organization.requireID()
        let assigned = try await reporting.assigned(organizationID: organizationID, period: period)
        let stored = try await reporting.reports(organizationID: organizationID, periodKey: period.key)
        let submission = try await reporting.submission(organizationID: organizationID, periodKey: period.key)
        return ReportDTO(
            organizationId: organizationID, period: period.key, status: submission?.status ?? "not_started",
            revision: submission?.revision ?? 0, reviewComment: submission?.reviewComment ?? "",
            indicators: assigned.map { item in
                let report = stored[item.id] ?? IndicatorReport(total: ValueEntry())
                let cells = item.dimensions.flatMap { dimension in
                    dimension.categories.compactMap { category in
                        report.cells[dimension.key]?[category.key].map { CellDTO(dimension: dimension.key, category: category.key, figure: FigureDTO($0)) }
                    }
                }
                return IndicatorReportDTO(code: item.indicator.code, total: FigureDTO(report.total), cells: cells, comment: report.comment)
            })
    }
}
