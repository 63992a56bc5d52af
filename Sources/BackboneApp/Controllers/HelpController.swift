import Vapor

/// The help pages: open to everyone, signed in or not, in the page's language.
enum HelpController {
    /// GET /help
    @Sendable static func index(req: Request) async throws -> Response {
        HelpIndexPage().render(try await req.chrome(nil)).response()
    }

    /// GET /help/:area
    @Sendable static func area(req: Request) async throws -> Response {
        guard let area = req.parameters.get("area").flatMap(HelpArea.init(rawValue:)) else { throw Abort(.notFound) }
        return HelpAreaPage(area: area).render(try await req.chrome(nil)).response()
    }
}
