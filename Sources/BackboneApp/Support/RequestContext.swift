import BackboneDomain
import BackbonePersistence
import Vapor

/// Who is making the request, when anyone is signed in.
struct SignedIn: Sendable {
    let user: UserModel
    /// The browser session (nil for API-token requests).
    let session: SessionModel?
}

/// The caller's standing in the initiative named by the URL: established once per request
/// by ``Request/initiativeAccess()``, the only place that turns a slug into a scope.
struct InitiativeAccess: Sendable {
    let initiative: InitiativeModel
    let role: Role
    /// Nil for a platform administrator without a membership of their own.
    let membership: MembershipModel?
    let scope: InitiativeScope
    /// The stamp of the initiative's answers, read with the access itself (`AnswerCache`); nil
    /// when the access was made without a request.
    var stamp: AnswerStamp? = nil

    var slug: String { initiative.slug }

    func can(_ action: InitiativeAction) -> Bool { Permissions.allows(role, action) }

    /// Refuses with 403: the caller is a member and may know the object exists.
    func require(_ action: InitiativeAction) throws {
        guard can(action) else {
            throw Abort(.forbidden, reason: Texts.current("error.yourRoleDoesNot5", ["role": "\(role.title)", "action": "\(action.title.lowercased())"]))
        }
    }

    /// Editing an organization: any with `editAnyPartner`, one's own with `editOwnPartner`.
    func canEdit(organizationID: UUID) -> Bool {
        can(.editAnyPartner) || (can(.editOwnPartner) && membership?.organizationID == organizationID)
    }
}

extension Request {
    private struct SignedInKey: StorageKey { typealias Value = SignedIn }
    private struct CSRFKey: StorageKey { typealias Value = String }
    private struct EndedSessionKey: StorageKey { typealias Value = SessionModel }

    var signedIn: SignedIn? {
        get { storage[SignedInKey.self] }
        set { storage[SignedInKey.self] = newValue }
    }

    /// The session this request's cookie named, when it had just run out (idle or too old).
    var endedSession: SessionModel? {
        get { storage[EndedSessionKey.self] }
        set { storage[EndedSessionKey.self] = newValue }
    }

    /// The token forms of this request must carry (set by `CSRFMiddleware`).
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }

    func requireSignedIn() throws -> SignedIn {
        guard let signedIn else { throw Abort(.unauthorized) }
        return signedIn
    }

    /// Resolves `:slug` against the caller's memberships. An unknown slug and an initiative the
    /// caller does not belong to both answer 404, so the existence of other tenants never leaks.
    func initiativeAccess() async throws -> InitiativeAccess {
        let signedIn = try requireSignedIn()
        guard let slug = parameters.get("slug"),
              let (initiative, membership, stamp) = try await InitiativeRepository(db: db).access(slug: slug, userID: signedIn.user.requireID()),
              let initiativeID = initiative.id
        else { throw Abort(.notFound) }
        guard let role = Permissions.effectiveRole(membershipRole: membership?.parsedRole,
                                                   isPlatformAdmin: signedIn.user.isPlatformAdmin)
        else { throw Abort(.notFound) }
        return InitiativeAccess(initiative: initiative, role: role, membership: membership,
                                scope: InitiativeScope(verifiedInitiativeID: initiativeID), stamp: stamp)
    }

    /// A UUID path parameter; a malformed one is simply a page that does not exist.
    func uuidParameter(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw Abort(.notFound) }
        return id
    }

    /// The client's address for throttling. Behind a trusted proxy it is the last address of
    /// `X-Forwarded-For` (or `Forwarded`): the one the proxy itself appended. Earlier entries
    /// are whatever the client wrote, so trusting them would let anyone pick their own address.
    func clientAddress(trustForwardedFor: Bool) -> String {
        if trustForwardedFor {
            let appended = headers[.xForwardedFor].last?.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
                ?? headers.forwarded.last?.for
            if let appended, !appended.isEmpty, appended.count <= 100 { return appended }
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    var backbone: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:_:) has not run") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}
