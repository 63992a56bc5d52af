import BackboneDomain
import BackbonePersistence
import Vapor

/// `/api/v1/initiatives/{slug}/agenda`: the common agenda's published versions and the
/// endorsements in force. Drafts are not part of it: partners see only what was published.
enum AgendaAPI {
    struct VersionDTO: Content {
        let number: Int
        let publishedAt: Date
        let note: String
        let content: AgendaContent
    }

    struct EndorsementDTO: Content {
        let organizationID: UUID
        let version: Int
        let endorsedAt: Date
    }

    struct AgendaDTO: Content {
        let current: Int?
        let versions: [VersionDTO]
        let endorsements: [EndorsementDTO]
    }

    /// GET /api/v1/initiatives/:slug/agenda
    @Sendable static func agenda(req: Request) async throws -> AgendaDTO {
        let access = try await req.initiativeAccess()
        try access.require(.viewInitiative)
        let agenda = AgendaRepository(db: req.db, scope: access.scope)
        let versions = try await agenda.versions()
        return AgendaDTO(current: versions.last?.number,
                         versions: versions.map { VersionDTO(number: $0.number, publishedAt: $0.publishedAt, note: $0.note, content: $0.content) },
                         endorsements: try await agenda.endorsements().map {
                             EndorsementDTO(organizationID: $0.organizationID, version: $0.versionNumber, endorsedAt: $0.endorsedAt)
                         })
    }
}
