import BackboneDomain
import BackbonePersistence
import Foundation

/// Every setting Backbone reads, from flags and environment variables, in one place.
/// Nothing else in the code reads the environment.
public struct AppConfig: Sendable {
    public var database: DatabaseLocation
    /// Load the demo initiative at start-up, and list the demo accounts on the login page.
    public var demo: Bool
    public var demoPassword: String
    /// Migrate the database on start-up (serve does; other commands and tests decide).
    public var autoMigrate: Bool
    /// Mark cookies `Secure`: set when Backbone is served over HTTPS (behind a proxy).
    public var secureCookies: Bool
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    public var trustForwardedFor: Bool
    public var sessions: SessionPolicy
    public var loginThrottle: LoginThrottlePolicy
    /// bcrypt work factor; 12 or more.
    public var bcryptCost: Int
    /// The address people use to reach Backbone (for links in email and links shown to copy,
    /// such as invitations). Required with email; when unset, the address served on is used.
    public var publicURL: String?
    /// Where email goes; nil: no email at all (notifications stay in the app).
    public var mail: MailSettings?
    /// Run the background worker (outbox, digests, reminders). Tests drive it by hand.
    public var backgroundJobs: Bool = false
    /// The bearer token a metrics scraper sends to read `/metrics`; nil: `/metrics` is off
    /// (its counts describe how the installation is used, which is not for everyone).
    public var metricsToken: String?
    /// `/healthz` reports a SQLite database's disk as nearly full below this much free space.
    public var minimumFreeDiskBytes: Int64 = 200 * 1_048_576
    /// An import's page answers normally when the import ends within this time; a longer one is
    /// streamed, with a space every `importWait` to keep the connection open (idle timeout 30 s).
    public var importWait: Duration = .seconds(10)
    /// Requests one address may make per minute to the public results pages, embeds and open data.
    public var publicRequestsPerMinute = 300
    /// The most memory whole results answers kept between requests may take (`AnswerCache`).
    public var answerCacheBytes = 32 * 1_048_576
    /// Hosts webhooks may reach over plain http and at private or loopback addresses: an
    /// operator's explicit choice (a receiver on the same machine or network); empty by default.
    public var webhookAllowedHosts: Set<String> = []

    /// The mail server: a relay on a trusted network, or a provider reached over TLS with a
    /// login (see `SMTPTransport`).
    public struct MailSettings: Sendable, Equatable {
        public enum Security: String, Sendable, CaseIterable {
            /// Plain text: only for a relay on the same host or a trusted network.
            case none
            /// Plain connection upgraded with STARTTLS before anything else is said (port 587).
            case starttls
            /// TLS from the first byte (port 465).
            case tls
        }

        /// The login; its description never shows the password.
        public struct Credentials: Sendable, Equatable, CustomStringConvertible {
            public var username: String
            public var password: String

            public init(username: String, password: String) {
                self.username = username
                self.password = password
            }

            public var description: String { "\(username) (password hidden)" }
        }

        public var host: String
        public var port: Int
        public var from: String
        public var security: Security
        public var credentials: Credentials?
        /// A PEM file of certificates to trust for the server instead of the system's.
        public var trustedCertificatesFile: String?

        public init(host: String, port: Int = 25, from: String, security: Security = .none, credentials: Credentials? = nil,
                    trustedCertificatesFile: String? = nil) {
            self.host = host
            self.port = port
            self.from = from
            self.security = security
            self.credentials = credentials
            self.trustedCertificatesFile = trustedCertificatesFile
        }
    }

    public init(database: DatabaseLocation, demo: Bool = false, demoPassword: String = DemoInitiative.defaultPassword,
                autoMigrate: Bool = true, secureCookies: Bool = false, trustForwardedFor: Bool = false,
                sessions: SessionPolicy = .init(), loginThrottle: LoginThrottlePolicy = .init(), bcryptCost: Int = 12,
                publicURL: String? = nil) {
        self.database = database
        self.demo = demo
        self.demoPassword = demoPassword
        self.autoMigrate = autoMigrate
        self.secureCookies = secureCookies
        self.trustForwardedFor = trustForwardedFor
        self.sessions = sessions
        self.loginThrottle = loginThrottle
        self.bcryptCost = max(12, bcryptCost)
        self.publicURL = publicURL
    }

    public struct InvalidArguments: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads our own flags (`--demo`, `--database PATH`) out of the command line and returns
    /// the rest for Vapor's command parser (`serve --hostname --port`, `migrate`, ...).
    public static func load(arguments: [String], environment: [String: String]) throws -> (AppConfig, [String]) {
        var remaining: [String] = []
        var demo = false
        var path = environment["BACKBONE_DATABASE"] ?? "backbone.sqlite"
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--demo":
                demo = true
            case "--database":
                guard let value = iterator.next(), !value.hasPrefix("-") else {
                    throw InvalidArguments(description: "--database needs a file path, such as --database ./backbone.sqlite")
                }
                path = value
            default:
                remaining.append(argument)
            }
        }
        let database: DatabaseLocation
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: path)
        }
        let command = remaining.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
        let config = AppConfig(
            database: database,
            demo: demo,
            demoPassword: environment["BACKBONE_DEMO_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 } ?? DemoInitiative.defaultPassword,
            autoMigrate: command == "serve",
            secureCookies: environment["BACKBONE_SECURE_COOKIES"] == "true",
            trustForwardedFor: environment["BACKBONE_TRUST_FORWARDED_FOR"] == "true",
            publicURL: environment["BACKBONE_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 }
        )
        var result = config
        if let text = environment["BACKBONE_MIN_FREE_DISK_MB"], !text.isEmpty {
            guard text.count <= 7, let megabytes = Int64(text), megabytes >= 0 else {
                throw InvalidArguments(description: "BACKBONE_MIN_FREE_DISK_MB must be a number of megabytes, such as 200; it is \(text)")
            }
            result.minimumFreeDiskBytes = megabytes * 1_048_576
        }
        if let text = environment["BACKBONE_PUBLIC_REQUESTS_PER_MINUTE"], !text.isEmpty {
            guard text.count <= 7, let limit = Int(text), limit >= 1 else {
                throw InvalidArguments(description: "BACKBONE_PUBLIC_REQUESTS_PER_MINUTE must be a number of requests, such as 300; it is \(text)")
            }
            result.publicRequestsPerMinute = limit
        }
        if let text = environment["BACKBONE_ANSWER_CACHE_MB"], !text.isEmpty {
            guard text.count <= 5, let megabytes = Int(text), megabytes >= 0 else {
                throw InvalidArguments(description: "BACKBONE_ANSWER_CACHE_MB must be a number of megabytes, such as 32 (0 keeps no answers); it is \(text)")
            }
            result.answerCacheBytes = megabytes * 1_048_576
        }
        if let hosts = environment["BACKBONE_WEBHOOK_ALLOWED_HOSTS"], !hosts.isEmpty {
            result.webhookAllowedHosts = Set(hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        }
        if let token = environment["BACKBONE_METRICS_TOKEN"], !token.isEmpty {
            guard token.count >= 20 else { throw InvalidArguments(description: "BACKBONE_METRICS_TOKEN must be at least 20 characters long") }
            result.metricsToken = token
        }
        if let publicURL = result.publicURL, checkedPublicURL(publicURL) == nil {
            throw InvalidArguments(description: "BACKBONE_PUBLIC_URL must be an http or https address such as https://backbone.example.org; it is \(publicURL)")
        }
        if let host = environment["BACKBONE_SMTP_HOST"], !host.isEmpty {
            let portText = environment["BACKBONE_SMTP_PORT"] ?? "25"
            guard let port = Int(portText), (1...65_535).contains(port) else {
                throw InvalidArguments(description: "BACKBONE_SMTP_PORT must be a port number, such as 25 or 587; it is \(portText)")
            }
            guard let from = environment["BACKBONE_MAIL_FROM"], EmailAddress(from) != nil else {
                throw InvalidArguments(description: "BACKBONE_MAIL_FROM must be the address mail comes from, such as backbone@example.org, when BACKBONE_SMTP_HOST is set")
            }
            let securityText = environment["BACKBONE_SMTP_SECURITY"].flatMap { $0.isEmpty ? nil : $0 } ?? "none"
            guard let security = MailSettings.Security(rawValue: securityText.lowercased()) else {
                throw InvalidArguments(description: "BACKBONE_SMTP_SECURITY must be none, starttls or tls; it is \(securityText)")
            }
            var credentials: MailSettings.Credentials?
            if let username = environment["BACKBONE_SMTP_USERNAME"], !username.isEmpty {
                guard let password = environment["BACKBONE_SMTP_PASSWORD"], !password.isEmpty else {
                    throw InvalidArguments(description: "BACKBONE_SMTP_PASSWORD must be set with BACKBONE_SMTP_USERNAME")
                }
                // A password is never sent where anyone on the way could read it.
                guard security != .none else {
                    throw InvalidArguments(description: "BACKBONE_SMTP_SECURITY must be starttls or tls when BACKBONE_SMTP_USERNAME is set, so the password is sent encrypted")
                }
                credentials = .init(username: username, password: password)
            }
            let caFile = environment["BACKBONE_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
                throw InvalidArguments(description: "BACKBONE_SMTP_CA_FILE names a file that cannot be read: \(caFile)")
            }
            result.mail = MailSettings(host: host, port: port, from: from, security: security, credentials: credentials,
                                       trustedCertificatesFile: caFile)
            // Email is read elsewhere: its links must lead to the address people use.
            guard result.publicURL != nil else {
                throw InvalidArguments(description: "BACKBONE_PUBLIC_URL must be set when BACKBONE_SMTP_HOST is, so that links in email lead to this installation, such as https://backbone.example.org")
            }
        }
        result.backgroundJobs = command == "serve"
        return (result, remaining)
    }
}
