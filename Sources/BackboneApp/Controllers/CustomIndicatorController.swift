import BackboneDomain
import BackbonePersistence
import Vapor

/// An indicator the backbone defines itself when the catalog has nothing that fits.
enum CustomIndicatorController {
    struct IndicatorForm: Content {
        var code: String?
        var name: String?
        var kind: String?
        var definition: String?
        var unit: String?
        var aggregation: String?
        var numeratorDefinition: String?
        var denominatorDefinition: String?
        var weightDefinition: String?
        var minimum: String?
        var maximum: String?
        var polarity: String?
        var scope: String?
        var frequency: String?
        var dimensions: [String]?
        var dataSources: String?
    }

    /// GET /i/:slug/indicators/new
    @Sendable static func form(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        return try await render(req, access, form: IndicatorForm(kind: CatalogEntry.Kind.population.rawValue, unit: "count",
                                                                 aggregation: AggregationRule.sum.rawValue, polarity: Polarity.higherIsBetter.rawValue,
                                                                 scope: ReportingScope.partners.rawValue, frequency: Frequency.quarterly.rawValue),
                                errors: [:], status: .ok)
    }

    /// POST /i/:slug/indicators/new
    @Sendable static func create(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let form = try req.content.decode(IndicatorForm.self)
        var errors: [String: String]
        switch entry(form) {
        case .success(let entry):
            do {
                let indicator = try await IndicatorRepository(db: req.db, scope: access.scope).adopt(entry, now: Date())
                return req.redirect(to: Notice.indicatorCreated.appended(to: SiteURL.indicator(slug: access.slug, id: indicator.id!).path))
            } catch let problems as FieldErrors {
                return try await render(req, access, form: form, errors: problems.messages, status: problems.isConflict ? .conflict : .unprocessableEntity)
            }
        case .failure(let problems):
            errors = problems.messages
        }
        return try await render(req, access, form: form, errors: errors, status: .unprocessableEntity)
    }

    /// The definition a form (or the API, in the same words) describes, or every field's problem.
    static func entry(_ form: IndicatorForm) -> Result<CatalogEntry, FieldErrors> {
        var errors = FieldErrors()
        func choice<T: RawRepresentable>(_ field: String, _ raw: String?, _ message: String) -> T? where T.RawValue == String {
            guard let value = T(rawValue: raw ?? "") else { errors.add(field, message); return nil }
            return value
        }
        func bound(_ field: String, _ raw: String?) -> Double? {
            switch NumberInput.parse(raw ?? "") {
            case .success(let value): return value
            case .failure(let problem): errors.add(field, problem.message); return nil
            }
        }
        func text(_ value: String?) -> String? { value.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 } }
        let unit = MeasurementUnit(code: form.unit?.trimmed ?? "")
        if unit == nil { errors.add("unit", Texts.current("error.useCountPercentRate")) }
        let kind: CatalogEntry.Kind? = choice("kind", form.kind, Texts.current("error.chooseWhatKindMeasure"))
        let rule: AggregationRule? = choice("aggregation", form.aggregation, Texts.current("error.chooseHowValuesAdd"))
        let polarity: Polarity? = choice("polarity", form.polarity, Texts.current("error.chooseWhetherHigherLower"))
        let scope: ReportingScope? = choice("scope", form.scope, Texts.current("error.chooseWhoReports"))
        let frequency: Frequency? = choice("frequency", form.frequency, Texts.current("error.chooseHowOftenReported"))
        let minimum = bound("minimum", form.minimum), maximum = bound("maximum", form.maximum)
        guard errors.isEmpty, let unit, let kind, let rule, let polarity, let scope, let frequency else { return .failure(errors) }
        return .success(CatalogEntry(code: form.code?.trimmed.uppercased() ?? "", area: "custom", kind: kind, name: form.name?.trimmed ?? "",
                                     definition: form.definition?.trimmed ?? "", unit: unit, aggregation: rule,
                                     numeratorDefinition: text(form.numeratorDefinition), denominatorDefinition: text(form.denominatorDefinition),
                                     weightDefinition: text(form.weightDefinition), minimum: minimum, maximum: maximum,
                                     polarity: polarity, scope: scope, frequency: frequency,
                                     suggestedDimensions: form.dimensions ?? [], dataSources: form.dataSources?.trimmed ?? ""))
    }

    private static func render(_ req: Request, _ access: InitiativeAccess, form: IndicatorForm,
                               errors: [String: String], status: HTTPResponseStatus) async throws -> Response {
        let dimensions = try await IndicatorRepository(db: req.db, scope: access.scope).dimensions()
        return NewIndicatorPage(access: access, form: form, dimensions: dimensions, errors: errors)
            .render(try await req.chrome(.indicators, access: access)).response(status: status)
    }
}
