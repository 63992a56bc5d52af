import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import Foundation
import SQLKit
import Vapor

/// `backbone-bench generate`: writes the large initiative into the database (figures approved,
/// straight into the tables as a restored archive would be), rebuilds its aggregates with the
/// same code as `backbone rebuild-aggregates`, and writes the next month's figures as an import
/// file plus an API token into the files folder.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "partners") var partners: Int?
        @Option(name: "indicators") var indicators: Int?
        @Option(name: "assigned", help: "Indicators per partner.") var assigned: Int?
        @Option(name: "months") var months: Int?
        @Option(name: "import-rows", help: "About how many rows the import file gets (whole reports).") var importRows: Int?
        @Option(name: "files", help: "Folder for import.csv and token.txt.") var files: String?
        @Option(name: "slug", help: "The initiative's slug (default large): more initiatives of the same shape share a database.")
        var slug: String?
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    var help: String { "Generates the benchmark's large initiative." }

    func run(using context: CommandContext, signature: Signature) async throws {
        var chosen = LargeInitiative()
        chosen.partners = signature.partners ?? chosen.partners
        chosen.indicators = signature.indicators ?? chosen.indicators
        chosen.assignedPerPartner = min(signature.assigned ?? chosen.assignedPerPartner, chosen.indicators)
        chosen.months = signature.months ?? chosen.months
        let shape = chosen
        let files = URL(fileURLWithPath: signature.files ?? ".")
        let app = context.application
        try await app.autoMigrate()
        let slug = signature.slug ?? LargeInitiative.slug
        guard slug.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil else { throw Failure(description: "\(slug) is not a valid slug.") }
        if try await InitiativeRepository(db: app.db).find(slug: slug) != nil {
            throw Failure(description: "This database already holds the initiative \(slug); start from an empty database or choose another --slug.")
        }
        let sql = app.db as! any SQLDatabase
        guard sql.dialect.name == "sqlite" else {
            // PostgreSQL: from the pool. (A transaction inside `withConnection` would not be one there.)
            return try await generate(shape, slug: slug, files: files, importRows: signature.importRows ?? 100_000, on: app.db, console: context.console)
        }
        // One connection with a large page cache and no waiting for the disk: this is set-up,
        // not a measured step, and millions of rows go into indexed tables.
        try await app.db.withConnection { db in
            try await (db as! any SQLDatabase).raw("PRAGMA cache_size = -1048576").run()
            try await (db as! any SQLDatabase).raw("PRAGMA synchronous = OFF").run()
            try await generate(shape, slug: slug, files: files, importRows: signature.importRows ?? 100_000, on: db, console: context.console)
        }
    }

    private func generate(_ shape: LargeInitiative, slug: String, files: URL, importRows: Int, on db: any Database, console: any Console) async throws {
            let now = Date()
            var clock = Date()
            func lap(_ what: String) {
                console.print("\(what): \(String(format: "%.1f", Date().timeIntervalSince(clock))) s")
                clock = Date()
            }

            // People, partners, breakdowns, indicators, assignments: through the repositories.
            let initiative = InitiativeModel(slug: slug, name: slug == LargeInitiative.slug ? "Large benchmark initiative" : "Benchmark initiative \(slug)", place: "Benchmark County",
                                             problemStatement: "Generated figures for measuring speed at scale.", createdAt: now)
            try await initiative.create(on: db)
            let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
            let backbone = OrganizationModel(initiativeID: scope.initiativeID, name: "Benchmark Backbone", sector: .nonprofit, isBackbone: true,
                                             website: "", description: "", createdAt: now)
            try await backbone.create(on: db)
            // One staff account for every benchmark initiative of the database.
            let staff: UserModel
            if let known = try await UserModel.query(on: db).filter(\.$email == LargeInitiative.staffEmail).first() {
                staff = known
            } else {
                staff = UserModel(email: LargeInitiative.staffEmail, displayName: "Bench Staff",
                                  passwordHash: try Bcrypt.hash(LargeInitiative.staffPassword), isPlatformAdmin: false, createdAt: now)
                try await staff.create(on: db)
            }
            try await MembershipModel(userID: staff.requireID(), initiativeID: scope.initiativeID, organizationID: backbone.requireID(),
                                      role: .backboneStaff, createdAt: now).create(on: db)
            let token = APITokens.issue()
            try await APITokenModel(userID: staff.requireID(), name: "benchmark", tokenHash: token.hash, prefix: token.prefix, createdAt: now).create(on: db)

            let partners = (0..<shape.partners).map { partner in
                OrganizationModel(initiativeID: scope.initiativeID, name: shape.partnerName(partner), sector: .nonprofit,
                                  isBackbone: false, website: "", description: "", createdAt: now)
            }
            try await create(partners, on: db)
            let indicatorRepository = IndicatorRepository(db: db, scope: scope)
            _ = try await indicatorRepository.addDimension(name: LargeInitiative.ownDimension.name,
                                                           categoryLines: LargeInitiative.ownDimension.categories.joined(separator: "\n"))
            let dimensions = try await indicatorRepository.dimensions()
            var adopted: [IndicatorModel] = []
            for indicator in 0..<shape.indicators {
                let ratio = shape.rule(indicator) == .ratio
                let entry = CatalogEntry(
                    code: shape.code(indicator), area: "Benchmark", kind: .performanceHowMuch, name: "Benchmark measure \(indicator + 1)",
                    definition: "A generated measure.", unit: ratio ? .percent : .count, aggregation: shape.rule(indicator),
                    numeratorDefinition: ratio ? "People who reached the step" : nil, denominatorDefinition: ratio ? "People served" : nil,
                    weightDefinition: nil, minimum: nil, maximum: nil, polarity: .higherIsBetter, scope: .partners, frequency: .monthly,
                    suggestedDimensions: dimensions.map(\.key), dataSources: "Generated")
                adopted.append(try await indicatorRepository.adopt(entry, now: now))
            }
            let indicators = adopted
            var assignments: [AssignmentModel] = []
            for partner in 0..<shape.partners {
                for indicator in shape.assigned(partner) {
                    let assignment = AssignmentModel()
                    assignment.initiativeID = scope.initiativeID
                    assignment.indicatorID = try indicators[indicator].requireID()
                    assignment.organizationID = try partners[partner].requireID()
                    assignment.dimensionKeys = dimensions.map(\.key).joined(separator: ",")
                    assignment.createdAt = now
                    assignments.append(assignment)
                }
            }
            try await create(assignments, on: db)
            lap("setup (\(shape.partners) partners, \(shape.indicators) indicators)")

            // Approved reports and their figures, one partner per transaction.
            let (months, importMonth) = shape.periods(now: now)
            var values = 0
            for partner in 0..<shape.partners {
                values += try await db.transaction { tx in
                    var submissions: [SubmissionModel] = []
                    for month in months {
                        let submission = SubmissionModel(initiativeID: scope.initiativeID, organizationID: try partners[partner].requireID(),
                                                         periodKey: month.key, now: month.end)
                        submission.id = UUID()
                        submission.status = SubmissionStatus.approved.rawValue
                        submission.revision = 1
                        submission.submittedAt = month.end
                        submission.reviewedAt = month.end
                        submission.reviewedBy = try staff.requireID()
                        submissions.append(submission)
                    }
                    try await create(submissions, on: tx)
                    var rows: [[any SQLExpression]] = []
                    for (index, month) in months.enumerated() {
                        for indicator in shape.assigned(partner) {
                            for cell in shape.report(partner: partner, indicator: indicator, month: index, dimensions: dimensions) {
                                rows.append([SQLBind(UUID()), SQLBind(scope.initiativeID), SQLBind(submissions[index].id!), SQLBind(indicators[indicator].id!),
                                             SQLBind(1), SQLBind(partners[partner].id!), SQLBind(month.key), SQLBind(cell.dimension), SQLBind(cell.category),
                                             SQLBind(cell.entry.value), SQLBind(cell.entry.numerator), SQLBind(cell.entry.denominator), SQLBind(cell.entry.weight),
                                             SQLBind("")])
                            }
                        }
                    }
                    try await insertValues(rows, on: tx as! any SQLDatabase)
                    return rows.count
                }
            }
            lap("\(values) figures in \(shape.partners * months.count) approved reports")

            let count = try await RollupRepository(db: db, scope: scope).rebuild()
            lap("\(count) aggregates rebuilt")

            // The next month, as partners would upload it: whole reports, up to about `import-rows` rows.
            let rowsPerReport = shape.assignedPerPartner * (1 + dimensions.reduce(0) { $0 + $1.categories.count })
            let importPartners = min(shape.partners, max(1, (importRows) / rowsPerReport))
            var csv = "indicator_code,partner,period,\(dimensions.map(\.key).joined(separator: ",")),value,numerator,denominator,comment\n"
            for partner in 0..<importPartners {
                for indicator in shape.assigned(partner) {
                    for cell in shape.report(partner: partner, indicator: indicator, month: months.count, dimensions: dimensions) {
                        let columns = dimensions.map { $0.key == cell.dimension ? cell.category : "" }
                        let figure = [cell.entry.value, cell.entry.numerator, cell.entry.denominator].map { $0.map { String(Int($0)) } ?? "" }
                        // A word on every total, as partners write: the outlier check may flag a generated figure.
                        let comment = cell.dimension.isEmpty ? "As counted in our records" : ""
                        csv += ([shape.code(indicator), shape.partnerName(partner), importMonth.key] + columns + figure + [comment])
                            .joined(separator: ",") + "\n"
                    }
                }
            }
            try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
            try csv.write(to: files.appendingPathComponent("import.csv"), atomically: true, encoding: .utf8)
            try token.secret.write(to: files.appendingPathComponent("token.txt"), atomically: true, encoding: .utf8)
            console.print("import file: \(importPartners * rowsPerReport) rows for \(importMonth.key), \(importPartners) partners")
        }

    /// Fluent models in multi-row inserts of a size every database accepts.
    func create<M: Model>(_ models: [M], on db: any Database) async throws {
        var start = 0
        while start < models.count {
            try await Array(models[start..<min(start + 200, models.count)]).create(on: db)
            start += 200
        }
    }

    func insertValues(_ rows: [[any SQLExpression]], on sql: any SQLDatabase) async throws {
        var start = 0
        while start < rows.count {
            var insert = sql.insert(into: MeasurementValueModel.schema)
                .columns("id", "initiative_id", "submission_id", "indicator_id", "indicator_version", "organization_id", "period_key",
                         "dimension_key", "category_key", "value", "numerator", "denominator", "weight", "comment")
            for row in rows[start..<min(start + 1_000, rows.count)] { insert = insert.values(row) }
            try await insert.run()
            start += 1_000
        }
    }
}
