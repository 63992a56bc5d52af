import BackboneDomain
import BackbonePersistence
import Plot
import Vapor

/// The public results pages, embeds and open data of an initiative whose backbone turned them
/// on: no sign-in, rate-limited per address, served from `PublicResultsCache`. Everything they
/// show comes from one `PublicResults`, so the pages and the open data cannot disagree.
enum PublicResultsController {
    struct Published {
        let initiative: InitiativeModel
        let scope: InitiativeScope
        let built: PublicResultsCache.Built

        var results: PublicResults { built.results }
    }

    /// The initiative's public results, or 404 when it has none (unknown, or not turned on).
    static func published(_ req: Request) async throws -> Published {
        guard let slug = req.parameters.get("slug"), slug.count <= 200,
              let initiative = try await InitiativeRepository(db: req.db).find(slug: slug) else { throw Abort(.notFound) }
        let scope = InitiativeScope(verifiedInitiativeID: try initiative.requireID())
        let publishing = PublishingRepository(db: req.db, scope: scope)
        // The stamp is read before what it stamps: a change in between rebuilds on the next view.
        let stamp = PublicResultsCache.Stamp(generation: try await RollupRepository(db: req.db, scope: scope).generation(),
                                             publishing: try await publishing.stamp())
        let choices = try await publishing.choices().choices
        guard choices.isPublic else { throw Abort(.notFound) }
        let t = Texts.current
        let words = PublicResultsComposer.Words(notKnown: t("public.notKnown"), otherPartners: t("public.otherPartners"),
                                                indicatorName: { $0.shownName }, dimension: { $0.localized(t) })
        let built = try await req.application.publicResultsCache.built(.init(initiativeID: scope.initiativeID, language: t.language), stamp: stamp) {
            let results = try await PublicResultsComposer(db: req.db, scope: scope).compose(choices, words: words)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let cards = Node<HTML.BodyContext>.group(results.indicators.enumerated().map { index, indicator in
                PublicIndicatorCard(indicator: indicator, k: results.k, index: index, t: t).node(headingLevel: 3)
            })
            return PublicResultsCache.Built(results: results, json: String(decoding: try encoder.encode(results), as: UTF8.self),
                                            csv: results.csvDocument, cards: cards.render(indentedBy: nil))
        }
        return Published(initiative: initiative, scope: scope, built: built)
    }

    /// GET /p/:slug
    @Sendable static func page(req: Request) async throws -> Response {
        let published = try await published(req)
        let agenda = try await AgendaRepository(db: req.db, scope: published.scope).latestVersion()?.content
        let stories = try await StoryRepository(db: req.db, scope: published.scope).all().filter(\.isPublic)
        let reports = try await publicReports(req, published.scope)
        let outreach = OutreachRepository(db: req.db, scope: published.scope)
        let voice = try await outreach.voiceIsPublic() ? try await outreach.feedback(answeredOnly: true) : nil
        let page = PublicResultsPage(initiative: published.initiative, vision: agenda?.vision.trimmed ?? "",
                                     populationResults: AgendaContent.sections.first { $0.field == "results" }.flatMap { agenda?.lines(of: $0) } ?? [],
                                     k: published.results.k, indicatorCount: published.results.indicators.count, cards: published.built.cards,
                                     stories: stories, reports: reports, voice: voice)
        return cacheable(page.render(try await req.chrome(nil)).response())
    }

    /// GET /p/:slug/embed/:code: one indicator's card, which any website may frame.
    @Sendable static func embed(req: Request) async throws -> Response {
        let published = try await published(req)
        let code = req.parameters.get("code") ?? ""
        guard let index = published.results.indicators.firstIndex(where: { $0.code == code }) else { throw Abort(.notFound) }
        let card = PublicIndicatorCard(indicator: published.results.indicators[index], k: published.results.k, index: 0, t: Texts.current)
        let response = cacheable(PublicEmbedPage(initiative: published.initiative, card: card).render(try await req.chrome(nil)).response())
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: SecurityHeadersMiddleware.embedContentSecurityPolicy)
        response.headers.remove(name: "X-Frame-Options")
        return response
    }

    /// GET /p/:slug/reports/:id: a released impact report written for the public.
    @Sendable static func report(req: Request) async throws -> Response {
        let published = try await published(req)
        guard let report = try await publicReports(req, published.scope).first(where: { $0.id == (try? req.uuidParameter("id")) }),
              let content = report.content else { throw Abort(.notFound) }
        let page = ImpactReportPage(access: nil, report: report, content: content, supersededBy: nil, supersedable: [], newLink: nil,
                                    printStylePath: SiteURL.publicReportPrintStyle(slug: published.initiative.slug, id: try report.requireID()).path, errors: [:])
        return cacheable(page.render(try await req.chrome(nil)).response())
    }

    /// GET /p/:slug/reports/:id/print.css
    @Sendable static func reportPrintStyle(req: Request) async throws -> Response {
        let published = try await published(req)
        guard let report = try await publicReports(req, published.scope).first(where: { $0.id == (try? req.uuidParameter("id")) }),
              let content = report.content else { throw Abort(.notFound) }
        return ImpactReportController.printStyle(initiative: content.initiative, title: content.title)
    }

    /// GET /api/v1/public/:slug/results
    @Sendable static func openData(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: try await published(req).built.json))
        response.headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        return cacheable(response)
    }

    /// GET /api/v1/public/:slug/results.csv
    @Sendable static func openDataCSV(req: Request) async throws -> Response {
        let published = try await published(req)
        let response = ExportController.csv(published.built.csv, filename: "\(published.initiative.slug)-public-results.csv")
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        return cacheable(response)
    }

    /// Released reports for the public audience that no later report supersedes.
    private static func publicReports(_ req: Request, _ scope: InitiativeScope) async throws -> [ImpactReportModel] {
        try await ImpactReportRepository(db: req.db, scope: scope).all(includeDrafts: false)
            .filter { $0.parsedAudience == .public && $0.supersededBy == nil && $0.parsedStatus == .released }
    }

    /// Public pages may be kept by browsers and proxies for a minute: they hold nothing private.
    private static func cacheable(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=60")
        return response
    }
}
