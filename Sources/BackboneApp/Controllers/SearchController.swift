import BackboneDomain
import BackbonePersistence
import Vapor

/// One search box over an initiative: partners, indicators, activities, meetings, decisions and
/// stories, each only where the person may see it. Matching ignores case and accents.
enum SearchController {
    enum Kind: String, CaseIterable, Content {
        case partner, indicator, activity, meeting, decision, story
    }

    struct Hit: Content, Equatable {
        let kind: Kind
        let title: String
        let path: String
    }

    /// Longer queries are cut here: nobody types more to find a name.
    static let longestQuery = 100
    /// At most this many hits of each kind.
    static let perKind = 20

    static func query(_ req: Request) -> String {
        String(((try? req.query.get(String.self, at: "q")) ?? "").trimmed.prefix(longestQuery))
    }

    static func hits(_ req: Request, _ access: InitiativeAccess, for text: String) async throws -> [Hit] {
        try access.require(.viewInitiative)
        guard !text.isEmpty else { return [] }
        func matches(_ fields: String...) -> Bool {
            fields.contains { $0.range(of: text, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        }
        let slug = access.slug
        var hits: [Hit] = []
        func add(_ found: [Hit]) { hits += found.prefix(perKind) }
        if access.can(.viewPartners) {
            add(try await OrganizationRepository(db: req.db, scope: access.scope).all().filter { matches($0.name, $0.description) }
                .map { Hit(kind: .partner, title: $0.name, path: SiteURL.partner(slug: slug, id: $0.id!).path) })
        }
        if access.can(.viewIndicators) {
            add(try await IndicatorRepository(db: req.db, scope: access.scope).listing().map(\.indicator)
                .filter { matches($0.name, $0.shownName, $0.code) }
                .map { Hit(kind: .indicator, title: $0.shownName, path: SiteURL.indicator(slug: slug, id: $0.id!).path) })
        }
        add(try await ActivityRepository(db: req.db, scope: access.scope).all().filter { matches($0.kind, $0.description) }
            .map { Hit(kind: .activity, title: $0.kind, path: SiteURL.activity(slug: slug, id: $0.id!).path) })
        let meetings = MeetingRepository(db: req.db, scope: access.scope)
        add(try await meetings.meetings().filter { matches($0.title) }.sorted { $0.startsAt > $1.startsAt }
            .map { Hit(kind: .meeting, title: $0.title, path: SiteURL.meeting(slug: slug, id: $0.id!).path) })
        add(try await meetings.decisions().filter { matches($0.text, $0.rationale) }
            .map { Hit(kind: .decision, title: $0.text, path: SiteURL.decision(slug: slug, id: $0.id!).path) })
        add(try await StoryRepository(db: req.db, scope: access.scope).all()
            .filter { StoryController.canSee($0, access) && matches($0.title, $0.text) }
            .map { Hit(kind: .story, title: $0.title, path: SiteURL.story(slug: slug, id: $0.id!).path) })
        return hits
    }

    /// GET /i/:slug/search?q=
    @Sendable static func page(req: Request) async throws -> Response {
        let access = try await req.initiativeAccess()
        let text = query(req)
        return SearchPage(access: access, query: text, hits: try await hits(req, access, for: text))
            .render(try await req.chrome(nil, access: access)).response()
    }

    struct Results: Content {
        let query: String
        let items: [Hit]
    }

    /// GET /api/v1/initiatives/:slug/search?q=
    @Sendable static func api(req: Request) async throws -> Results {
        let access = try await req.initiativeAccess()
        let text = query(req)
        return Results(query: text, items: try await hits(req, access, for: text))
    }
}
