import BackboneDomain
import BackbonePersistence
import Vapor

/// The backbone writes an indicator's words in another language; readers of that language see
/// them instead of the stored ones (and instead of the shipped catalog's).
enum IndicatorTranslationController {
    struct Form: Content {
        var language: String?
        var name: String?
        var definition: String?
        var numeratorDefinition: String?
        var denominatorDefinition: String?

        enum CodingKeys: String, CodingKey {
            case language
            case name = "translation-name", definition = "translation-definition"
            case numeratorDefinition = "translation-numeratorDefinition", denominatorDefinition = "translation-denominatorDefinition"
        }
    }

    /// POST /i/:slug/indicators/:id/translations: all texts empty removes the language's words.
    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        try access.require(.manageIndicators)
        let indicator = try await IndicatorController.find(req, access)
        let form = try req.content.decode(Form.self)
        guard let language = form.language.flatMap(SiteLanguage.init(rawValue:)), language != .en else { throw Abort(.badRequest) }
        func text(_ value: String?) -> String? { value.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 } }
        let words = CatalogEntry.Translation(name: text(form.name) ?? "", definition: text(form.definition) ?? "",
                                             numeratorDefinition: text(form.numeratorDefinition), denominatorDefinition: text(form.denominatorDefinition))
        var translations = indicator.translations
        if words.name.isEmpty && words.definition.isEmpty && words.numeratorDefinition == nil && words.denominatorDefinition == nil {
            translations[language.rawValue] = nil
        } else {
            do { try words.validate() } catch let errors as FieldErrors {
                let typed = ["translation-name": form.name, "translation-definition": form.definition,
                             "translation-numeratorDefinition": form.numeratorDefinition,
                             "translation-denominatorDefinition": form.denominatorDefinition].mapValues { $0 ?? "" }
                return try await IndicatorController.render(req, access, indicator: indicator, errors: errors.messages,
                                                            status: .unprocessableEntity, typedTranslation: typed)
            }
            translations[language.rawValue] = words
        }
        indicator.translations = translations
        try await indicator.save(on: req.db)
        return req.redirect(to: Notice.translationSaved.appended(to: SiteURL.indicator(slug: access.slug, id: try indicator.requireID()).path))
    }
}
