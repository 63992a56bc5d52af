@testable import BackboneApp
import BackboneDomain
import BackbonePersistence
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import VaporTesting

/// Runs `body` against a fresh, migrated database: a new SQLite file by default, or a new
/// PostgreSQL database when BACKBONE_TEST_DATABASE_URL points at a server (its user must be
/// allowed to create databases).
func withBackbone(_ adjust: (inout AppConfig) -> Void = { _ in },
                  _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .error
    let name = "bb_test_\(UUID().uuidString.prefix(8).lowercased())"
    var dropDatabase: (() async throws -> Void)?
    let location: DatabaseLocation
    if let serverURL = ProcessInfo.processInfo.environment["BACKBONE_TEST_DATABASE_URL"], !serverURL.isEmpty {
        let admin = DatabaseID(string: "admin")
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: serverURL)), as: admin, isDefault: false)
        let adminDB = app.db(admin) as! any SQLDatabase
        try await adminDB.raw("CREATE DATABASE \(unsafeRaw: name)").run()
        var components = URLComponents(string: serverURL)!
        components.path = "/\(name)"
        location = .postgres(url: components.string!)
        dropDatabase = { try await adminDB.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
    } else {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path
        location = .sqlite(path: path)
        dropDatabase = {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }
    var config = AppConfig(database: location, autoMigrate: true)
    adjust(&config)
    do {
        try await configure(app, config)
        try await body(app)
    } catch {
        // A test that started a server and then failed must not leave it running (its deinit
        // would stop the whole run); shutting down one never started does nothing.
        await app.server.shutdown()
        try? await dropDatabase?()
        try? await app.asyncShutdown()
        throw error
    }
    try await dropDatabase?()
    try await app.asyncShutdown()
}

/// The password of users made by `Fixtures`, and its bcrypt hash computed once per test run.
enum TestPassword {
    static let plain = "correct horse battery staple"
    static let hash: String = try! Bcrypt.hash(plain, cost: 12)
}

/// Builds initiatives, organizations and people directly in the database.
struct Fixtures {
    let db: any Database

    init(_ app: Application) { db = app.db }

    @discardableResult
    func initiative(_ slug: String) async throws -> InitiativeModel {
        let initiative = InitiativeModel(slug: slug, name: "Initiative \(slug)", place: "Somewhere",
                                         problemStatement: "A problem worth working on together.", createdAt: Date())
        try await initiative.create(on: db)
        return initiative
    }

    func organization(_ name: String, in initiative: InitiativeModel, sector: Sector = .nonprofit) async throws -> OrganizationModel {
        let org = OrganizationModel(initiativeID: try initiative.requireID(), name: name, sector: sector, isBackbone: false,
                                    website: "", description: "", createdAt: Date())
        try await org.create(on: db)
        return org
    }

    func user(_ email: String, platformAdmin: Bool = false) async throws -> UserModel {
        let user = UserModel(email: email, displayName: email.components(separatedBy: "@")[0],
                             passwordHash: TestPassword.hash, isPlatformAdmin: platformAdmin, createdAt: Date())
        try await user.create(on: db)
        return user
    }

    @discardableResult
    func member(_ user: UserModel, of initiative: InitiativeModel, at org: OrganizationModel, as role: Role) async throws -> MembershipModel {
        let membership = MembershipModel(userID: try user.requireID(), initiativeID: try initiative.requireID(),
                                         organizationID: try org.requireID(), role: role, createdAt: Date())
        try await membership.create(on: db)
        return membership
    }

    /// A session made the way sign-in makes it, without paying for bcrypt each time (sign-in
    /// itself is tested in AuthenticationTests).
    func session(for user: UserModel, createdAt: Date = Date(), lastSeenAt: Date? = nil) async throws -> Browser {
        let token = SecretToken.generate()
        let csrf = SecretToken.generate()
        let session = SessionModel(tokenHash: SecretToken.digest(token), userID: try user.requireID(), csrfToken: csrf, now: createdAt)
        session.lastSeenAt = lastSeenAt ?? createdAt
        try await session.create(on: db)
        return Browser(sessionCookie: token, csrfToken: csrf)
    }

    func apiToken(for user: UserModel) async throws -> String {
        let issued = APITokens.issue()
        try await APITokenModel(userID: try user.requireID(), name: "test", tokenHash: issued.hash,
                                prefix: issued.prefix, createdAt: Date()).create(on: db)
        return issued.secret
    }
}

/// The cookies and form token a browser holds.
struct Browser {
    var sessionCookie: String?
    var csrfToken: String
    var csrfCookie: String?
    /// The cookie that marks a browser its account signed in from before.
    var knownBrowserCookie: String?

    var headers: HTTPHeaders {
        var headers = HTTPHeaders()
        var cookies: [String] = []
        if let sessionCookie { cookies.append("\(SessionAuthenticationMiddleware.cookieName)=\(sessionCookie)") }
        if let csrfCookie { cookies.append("\(CSRFMiddleware.cookieName)=\(csrfCookie)") }
        if let knownBrowserCookie { cookies.append("\(SessionController.knownBrowserCookie)=\(knownBrowserCookie)") }
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.joined(separator: "; ")) }
        return headers
    }

    /// A browser that has loaded a page with a form but is not signed in.
    static func anonymous(on app: Application) async throws -> Browser {
        var browser = Browser(sessionCookie: nil, csrfToken: "")
        try await app.testing().test(.GET, "/login") { res in
            let cookie = res.headers.setCookie?[CSRFMiddleware.cookieName]?.string
            browser.csrfCookie = cookie
            browser.csrfToken = cookie ?? ""
        }
        return browser
    }

    /// Sends a form as a browser would, with the form token unless `csrf` is given.
    func post(_ app: Application, _ path: String, _ fields: [String: String], csrf: String? = nil,
              _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
        var all = fields
        all[CSRFMiddleware.fieldName] = csrf ?? csrfToken
        try await app.testing().test(.POST, path, headers: headers, beforeRequest: { req in
            try req.content.encode(all, as: .urlEncodedForm)
        }, afterResponse: verify)
    }

    func get(_ app: Application, _ path: String, _ verify: (TestingHTTPResponse) async throws -> Void) async throws {
        try await app.testing().test(.GET, path, headers: headers, afterResponse: verify)
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }
    var location: String? { headers.first(name: .location) }
}

/// A multipart/form-data body as a browser sends it: text fields, then optionally one file.
func multipartBody(_ fields: [String: String], file: (field: String, filename: String, type: String, bytes: [UInt8])?, boundary: String) -> ByteBuffer {
    var buffer = ByteBuffer()
    for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    if let file {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n")
        buffer.writeBytes(file.bytes)
        buffer.writeString("\r\n")
    }
    buffer.writeString("--\(boundary)--\r\n")
    return buffer
}
