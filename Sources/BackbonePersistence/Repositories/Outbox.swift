import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// An email handed to a mail server.
public struct OutgoingMail: Sendable, Equatable {
    public let to: String
    public let subject: String
    public let body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// Whatever hands mail to a server (SMTP in the app).
public protocol MailTransport: Sendable {
    func send(_ mail: OutgoingMail) async throws
}

/// Email waiting to be sent. Written in the same transaction as what caused it, so nothing is
/// lost when the mail server is down; sent by whichever instance claims a message first, tried
/// again with growing delays when the server fails.
public struct Outbox: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// How notification emails are signed and linked.
    public struct Letterhead: Sendable {
        public let product: String
        public let siteURL: String
        /// Where a person changes which emails they get, named in every email's footer.
        public let settingsURL: String

        public init(product: String, siteURL: String, settingsURL: String) {
            self.product = product
            self.siteURL = siteURL
            self.settingsURL = settingsURL
        }

        /// The closing line of an email, in the recipient's language.
        public func footer(_ t: Texts) -> String { t("mail.footer", ["url": settingsURL]) }
    }

    public func enqueue(to address: String, subject: String, body: String, now: Date) async throws {
        let row = OutboxModel()
        row.toAddress = address
        // A line break in a subject would start a new mail header.
        row.subject = String(subject.map { $0.isNewline ? " " : $0 })
        row.body = body
        row.createdAt = now
        row.attempts = 0
        row.nextAttemptAt = now
        row.lastError = ""
        try await row.create(on: db)
    }

    public func all() async throws -> [OutboxModel] {
        try await OutboxModel.query(on: db).sort(\.$createdAt).all()
    }

    public struct Result: Equatable, Sendable {
        public var sent = 0
        public var retrying = 0
        public var failed = 0

        public init(sent: Int = 0, retrying: Int = 0, failed: Int = 0) {
            self.sent = sent
            self.retrying = retrying
            self.failed = failed
        }
    }

    /// Sends what is due. Each message is claimed with a conditional update first, so two
    /// instances working at once never send the same message; a claim lapses after `hold` if
    /// its instance dies mid-send. The claim's expiry is stamped and compared by the database's
    /// own clock at the moment of the claim, never by an instance's: a round that started minutes
    /// ago, or an instance whose clock runs ahead, cannot take a message another is sending.
    public func deliver(now: Date, transport: any MailTransport, limit: Int = 50, hold: TimeInterval = 120) async throws -> Result {
        let due = try await OutboxModel.query(on: db).filter(\.$sentAt == nil).filter(\.$failedAt == nil)
            .filter(\.$nextAttemptAt <= now).sort(\.$nextAttemptAt).limit(limit).all()
        var result = Result()
        let sql = db as! any SQLDatabase
        for message in due {
            let id = try message.requireID()
            guard let attemptsSoFar = try await Self.claim(OutboxModel.schema, id: id, doneColumn: "sent_at", hold: hold, on: sql) else { continue }
            do {
                try await transport.send(OutgoingMail(to: message.toAddress, subject: message.subject, body: message.body))
                try await sql.update(OutboxModel.schema).set("sent_at", to: now).set("claimed_until", to: SQLLiteral.null)
                    .set("attempts", to: SQLRaw("attempts + 1")).where("id", .equal, id).run()
                result.sent += 1
            } catch {
                let attempts = attemptsSoFar + 1
                let gaveUp = attempts >= OutboxRetry.maxAttempts
                // The error text says what the server answered; it never holds the message or credentials.
                try await sql.update(OutboxModel.schema).set("attempts", to: attempts).set("claimed_until", to: SQLLiteral.null)
                    .set("last_error", to: String(String(describing: error).prefix(300)))
                    .set("next_attempt_at", to: now.addingTimeInterval(OutboxRetry.delay(afterAttempt: attempts)))
                    .set("failed_at", to: gaveUp ? SQLBind(now) as any SQLExpression : SQLLiteral.null)
                    .where("id", .equal, id).run()
                if gaveUp { result.failed += 1 } else { result.retrying += 1 }
            }
        }
        return result
    }

    /// Claims one waiting row of `table` (the outbox, webhook deliveries) for `hold` seconds with a
    /// conditional update stamped by the database's clock; answers its attempts as they stand now
    /// (not as read at the start of the round), or nil when it is done (`doneColumn` or
    /// `failed_at` set) or another instance holds it.
    static func claim(_ table: String, id: UUID, doneColumn: String, hold: TimeInterval, on sql: any SQLDatabase) async throws -> Int? {
        let claimed = try await sql.update(table).set("claimed_until", to: DatabaseClock.now(sql, plus: hold))
            .where("id", .equal, id).where(SQLIdentifier(doneColumn), .is, SQLLiteral.null).where("failed_at", .is, SQLLiteral.null)
            .where { $0.where("claimed_until", .is, SQLLiteral.null).orWhere("claimed_until", .lessThan, DatabaseClock.now(sql)) }
            .returning("attempts").all()
        return try claimed.first?.decode(column: "attempts", as: Int.self)
    }
}
