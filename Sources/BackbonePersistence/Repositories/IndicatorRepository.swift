import BackboneDomain
import Fluent
import SQLKit
import Foundation

/// An indicator with its current definition.
public struct IndicatorListing: Sendable {
    public let indicator: IndicatorModel
    public let current: DefinitionVersion
    public let assignmentCount: Int
}

/// Indicators, their versions, dimensions and assignments in one initiative.
public struct IndicatorRepository: Sendable {
    let db: any Database
    let scope: InitiativeScope

    public init(db: any Database, scope: InitiativeScope) {
        self.db = db
        self.scope = scope
    }

    /// Values reported before an indicator was adopted keep version 1: it holds "since the start".
    public static let firstVersionStart = ReportingPeriod(frequency: .annual, year: 2000, index: 1)!.start

    // MARK: Dimensions

    /// The initiative's dimensions; the standard ones are created the first time they are needed.
    public func dimensions() async throws -> [DisaggregationDimension] {
        var stored = try await DimensionModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$position).all()
        if stored.isEmpty {
            for (position, dimension) in DisaggregationDimension.standard.enumerated() {
                let model = try DimensionModel(initiativeID: scope.initiativeID, dimension: dimension, position: position)
                try await model.create(on: db)
                stored.append(model)
            }
        }
        return stored.map(\.dimension)
    }

    /// Adds one of the initiative's own breakdowns after the existing ones.
    @discardableResult
    public func addDimension(name: String, categoryLines: String) async throws -> DisaggregationDimension {
        let existing = try await dimensions()
        let dimension = try DisaggregationDimension.draft(name: name, categoryLines: categoryLines, existing: existing)
        try await add(dimension, after: existing)
        return dimension
    }

    private func add(_ dimension: DisaggregationDimension, after existing: [DisaggregationDimension]) async throws {
        do {
            try await DimensionModel(initiativeID: scope.initiativeID, dimension: dimension, position: existing.count).create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another request added the same key between our read and this write.
            throw FieldErrors.conflict("name", Texts.current("error.initiativeAlreadyHasBreakdown", ["name": "\(dimension.name)"]))
        }
    }

    /// Checks that every breakdown an indicator declares exists in this initiative.
    private func requireDimensions(_ keys: [String], in known: [DisaggregationDimension]) throws {
        let knownKeys = Set(known.map(\.key))
        if let unknown = keys.first(where: { !knownKeys.contains($0) }) {
            throw FieldErrors("dimensions", Texts.current("error.initiativeHasNoBreakdown", ["unknown": "\(unknown)"]))
        }
        if Set(keys).count != keys.count { throw FieldErrors("dimensions", Texts.current("error.eachBreakdownCanChosen")) }
    }

    // MARK: Indicators

    public func listing() async throws -> [IndicatorListing] {
        let indicators = try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).sort(\.$code).all()
        guard !indicators.isEmpty else { return [] }
        let ids = indicators.compactMap(\.id)
        let versions = try await IndicatorVersionModel.query(on: db).filter(\.$indicatorID ~~ ids).all()
        let latest = Dictionary(grouping: versions, by: \.indicatorID).compactMapValues { $0.max { $0.number < $1.number } }
        // Counted by the database: a large initiative has thousands of assignments.
        let counts = Dictionary(uniqueKeysWithValues: try await (db as! any SQLDatabase).select()
            .column("indicator_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "assigned")
            .from(AssignmentModel.schema).where("initiative_id", .equal, SQLBind(scope.initiativeID)).groupBy("indicator_id")
            .all().map { (try $0.decode(column: "indicator_id", as: UUID.self), try $0.decode(column: "assigned", as: Int.self)) })
        return try indicators.compactMap { indicator in
            guard let id = indicator.id, let version = latest[id] else { return nil }
            return IndicatorListing(indicator: indicator, current: try version.definitionVersion(), assignmentCount: counts[id] ?? 0)
        }
    }

    /// Nil for an unknown id and for an indicator of another initiative.
    public func find(id: UUID) async throws -> IndicatorModel? {
        try await IndicatorModel.query(on: db).filter(\.$initiativeID == scope.initiativeID).filter(\.$id == id).first()
    }

    public func history(of indicatorID: UUID) async throws -> [DefinitionVersion] {
        try await IndicatorVersionModel.query(on: db).filter(\.$indicatorID == indicatorID).sort(\.$number).all()
            .map { try $0.definitionVersion() }
    }

    /// Adopts a catalog entry: the indicator and its first version, in one transaction.
    public func adopt(_ entry: CatalogEntry, now: Date) async throws -> IndicatorModel {
        try entry.validate()
        try requireDimensions(entry.suggestedDimensions, in: try await dimensions())
        return try await db.transaction { tx in
            if try await IndicatorModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID).filter(\.$code == entry.code).first() != nil {
                throw FieldErrors.conflict("code", Texts.current("error.initiativeAlreadyHasIndicator", ["code": "\(entry.code)"]))
            }
            let indicator = IndicatorModel(initiativeID: scope.initiativeID, entry: entry, now: now)
            try await indicator.create(on: tx)
            let version = DefinitionVersion(number: 1, effectiveFrom: Self.firstVersionStart, definition: entry.indicatorDefinition)
            try await IndicatorVersionModel(indicatorID: indicator.requireID(), version: version, now: now).create(on: tx)
            return indicator
        }
    }

    /// The initiative's indicators, as a catalog another initiative can import.
    public func exportCatalog() async throws -> IndicatorCatalog {
        let listing = try await listing()
        let used = Set(listing.flatMap(\.indicator.dimensionKeyList))
        let standard = Set(DisaggregationDimension.standard.map(\.key))
        let own = try await dimensions().filter { used.contains($0.key) && !standard.contains($0.key) }
        return IndicatorCatalog(entries: listing.map { item in
            let indicator = item.indicator
            let definition = item.current.definition
            return CatalogEntry(code: indicator.code, area: "custom", kind: .population, name: indicator.name,
                                definition: definition.definition, unit: definition.unit, aggregation: definition.aggregation,
                                numeratorDefinition: definition.numeratorDefinition, denominatorDefinition: definition.denominatorDefinition,
                                weightDefinition: definition.weightDefinition, minimum: definition.minimum, maximum: definition.maximum,
                                polarity: indicator.parsedPolarity, scope: indicator.parsedScope, frequency: indicator.parsedFrequency,
                                suggestedDimensions: indicator.dimensionKeyList, dataSources: indicator.dataSources)
        }, dimensions: own)
    }

    /// Adopts every entry of an imported catalog that the initiative does not have yet, in one
    /// transaction. Returns how many were added and how many were already there.
    public func importCatalog(_ catalog: IndicatorCatalog, now: Date) async throws -> (added: Int, alreadyPresent: Int) {
        try await db.transaction { tx in
            let repository = IndicatorRepository(db: tx, scope: scope)
            var known = try await repository.dimensions()
            for dimension in catalog.dimensions ?? [] {
                if let present = known.first(where: { $0.key == dimension.key }) {
                    if present.categories.map(\.key) != dimension.categories.map(\.key) {
                        throw FieldErrors("file", Texts.current("error.breakdownExistsHereWith", ["name": "\(present.name)"]))
                    }
                } else {
                    try await repository.add(dimension, after: known)
                    known.append(dimension)
                }
            }
            let existing = Set(try await repository.listing().map(\.indicator.code))
            var added = 0
            for entry in catalog.entries where !existing.contains(entry.code) {
                _ = try await repository.adopt(entry, now: now)
                added += 1
            }
            return (added, catalog.entries.count - added)
        }
    }

    /// Changes the definition: a new version when the meaning changes (see `DefinitionHistory`).
    @discardableResult
    public func revise(_ indicator: IndicatorModel, to definition: IndicatorDefinition, effectiveFrom: Date, now: Date) async throws -> DefinitionVersion? {
        precondition(indicator.initiativeID == scope.initiativeID, "indicator outside scope")
        let versions = try await history(of: indicator.requireID())
        var history = DefinitionHistory(first: versions[0].definition, effectiveFrom: versions[0].effectiveFrom)
        for version in versions.dropFirst() { try history.revise(to: version.definition, effectiveFrom: version.effectiveFrom) }
        guard let added = try history.revise(to: definition, effectiveFrom: effectiveFrom) else { return nil }
        try await IndicatorVersionModel(indicatorID: indicator.requireID(), version: added, now: now).create(on: db)
        return added
    }

    // MARK: Assignments

    /// Which partner reports which indicator, as plain pairs: pages that only need to know who
    /// reports (completeness) read thousands of them, and decoding each as a model cost most of
    /// the initiative's home page.
    public func assignedPairs() async throws -> [(indicatorID: UUID, organizationID: UUID)] {
        try await (db as! any SQLDatabase).select().column("indicator_id").column("organization_id")
            .from(AssignmentModel.schema).where("initiative_id", .equal, SQLBind(scope.initiativeID))
            .all().map { (try $0.decode(column: "indicator_id", as: UUID.self), try $0.decode(column: "organization_id", as: UUID.self)) }
    }

    public func assignments(organizationID: UUID) async throws -> [AssignmentModel] {
        try await AssignmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$organizationID == organizationID).all()
    }

    public func assignments(indicatorID: UUID) async throws -> [AssignmentModel] {
        try await AssignmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$indicatorID == indicatorID).all()
    }

    /// Assigns (or re-assigns with other dimensions) an indicator to a partner of this initiative.
    public func assign(indicator: IndicatorModel, organizationID: UUID, dimensionKeys: [String], now: Date) async throws {
        precondition(indicator.initiativeID == scope.initiativeID, "indicator outside scope")
        guard try await OrganizationRepository(db: db, scope: scope).find(id: organizationID) != nil else {
            throw FieldErrors("organizationID", Texts.current("error.choosePartnerInitiative"))
        }
        let declared = Set(indicator.dimensionKeyList)
        if let unknown = dimensionKeys.first(where: { !declared.contains($0) }) {
            throw FieldErrors("dimensions", Texts.current("error.notBrokenDownBy", ["name": "\(indicator.name)", "unknown": "\(unknown)"]))
        }
        if indicator.parsedScope == .population, let org = try await OrganizationRepository(db: db, scope: scope).find(id: organizationID), !org.isBackbone {
            throw FieldErrors("organizationID", Texts.current("error.populationFigureOnlyBackbone", ["name": "\(indicator.name)"]))
        }
        let indicatorID = try indicator.requireID()
        if let existing = try await AssignmentModel.query(on: db).filter(\.$indicatorID == indicatorID)
            .filter(\.$organizationID == organizationID).first() {
            existing.dimensionKeys = dimensionKeys.joined(separator: ",")
            try await existing.update(on: db)
        } else {
            try await AssignmentModel(initiativeID: scope.initiativeID, indicatorID: indicatorID, organizationID: organizationID,
                                      dimensionKeys: dimensionKeys, now: now).create(on: db)
        }
    }

    /// Assigns an indicator to many partners at once, all or nothing: every organization must be
    /// of this initiative (and the backbone's, for a population figure). Answers how many
    /// assignments are new (the others had theirs re-set to `dimensionKeys`).
    @discardableResult
    public func assign(indicator: IndicatorModel, organizationIDs: [UUID], dimensionKeys: [String], now: Date) async throws -> Int {
        precondition(indicator.initiativeID == scope.initiativeID, "indicator outside scope")
        let organizations = Dictionary(uniqueKeysWithValues: try await OrganizationRepository(db: db, scope: scope).all().map { ($0.id!, $0) })
        var errors = FieldErrors()
        let unknown = organizationIDs.filter { organizations[$0] == nil }
        if !unknown.isEmpty {
            errors.add("organizations", Texts.current("error.assignUnknownPartners", ["count": "\(unknown.count)", "ids": unknown.prefix(5).map(\.uuidString).joined(separator: ", ")]))
        }
        if organizationIDs.isEmpty { errors.add("organizations", Texts.current("error.assignChoosePartners")) }
        let declared = Set(indicator.dimensionKeyList)
        if let unknown = dimensionKeys.first(where: { !declared.contains($0) }) {
            errors.add("dimensions", Texts.current("error.notBrokenDownBy", ["name": "\(indicator.name)", "unknown": "\(unknown)"]))
        }
        if indicator.parsedScope == .population, organizationIDs.contains(where: { organizations[$0].map { !$0.isBackbone } ?? false }) {
            errors.add("organizations", Texts.current("error.populationFigureOnlyBackbone", ["name": "\(indicator.name)"]))
        }
        try errors.throwIfAny()
        let indicatorID = try indicator.requireID()
        let keys = dimensionKeys.joined(separator: ",")
        return try await db.transaction { tx in
            let existing = Dictionary(uniqueKeysWithValues: try await AssignmentModel.query(on: tx).filter(\.$initiativeID == scope.initiativeID)
                .filter(\.$indicatorID == indicatorID).all().map { ($0.organizationID, $0) })
            var created = 0
            for organizationID in Set(organizationIDs) {
                if let assignment = existing[organizationID] {
                    guard assignment.dimensionKeys != keys else { continue }
                    assignment.dimensionKeys = keys
                    try await assignment.update(on: tx)
                } else {
                    try await AssignmentModel(initiativeID: scope.initiativeID, indicatorID: indicatorID, organizationID: organizationID,
                                              dimensionKeys: dimensionKeys, now: now).create(on: tx)
                    created += 1
                }
            }
            return created
        }
    }

    public func unassign(indicatorID: UUID, organizationID: UUID) async throws {
        try await AssignmentModel.query(on: db).filter(\.$initiativeID == scope.initiativeID)
            .filter(\.$indicatorID == indicatorID).filter(\.$organizationID == organizationID).delete()
    }
}
