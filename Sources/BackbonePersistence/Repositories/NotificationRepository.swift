import BackboneDomain
import Fluent
import Foundation
import SQLKit

/// In-app notifications and each person's delivery choices. Emails go through the `Outbox`.
public struct NotificationRepository: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func preferences(userID: UUID) async throws -> [NotificationKind: Delivery] {
        var choices = Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { ($0, Delivery.standard) })
        for row in try await NotificationPreferenceModel.query(on: db).filter(\.$userID == userID).all() {
            if let kind = NotificationKind(rawValue: row.kind), let delivery = Delivery(rawValue: row.delivery) { choices[kind] = delivery }
        }
        return choices
    }

    public func setPreference(userID: UUID, kind: NotificationKind, delivery: Delivery) async throws {
        if let row = try await NotificationPreferenceModel.query(on: db).filter(\.$userID == userID).filter(\.$kind == kind.rawValue).first() {
            row.delivery = delivery.rawValue
            try await row.update(on: db)
            return
        }
        let row = NotificationPreferenceModel()
        row.userID = userID
        row.kind = kind.rawValue
        row.delivery = delivery.rawValue
        try await row.create(on: db)
    }

    /// Tells each person, as they chose: nothing when off; in the app always otherwise; by email
    /// now (`immediately`, when `mail` is given) or in the next daily digest.
    /// `text` is written in each recipient's language (the one chosen on their account; English
    /// when they have not chosen), for the notification and its email alike.
    public func notify(_ userIDs: [UUID], initiativeID: UUID, kind: NotificationKind, path: String, now: Date,
                       mail: Outbox.Letterhead?, text: @Sendable (Texts) -> String) async throws {
        for userID in Set(userIDs) {
            let delivery = try await preferences(userID: userID)[kind] ?? .standard
            guard delivery != .off, let user = try await UserModel.find(userID, on: db) else { continue }
            let t = Texts(user.siteLanguage)
            let row = NotificationModel()
            row.userID = userID
            row.initiativeID = initiativeID
            row.kind = kind.rawValue
            row.text = String(text(t).prefix(500))
            row.path = path
            row.createdAt = now
            row.digestPending = delivery == .dailyDigest && mail != nil
            try await row.create(on: db)
            if delivery == .immediately, let mail, !user.isDisabled {
                try await Outbox(db: db).enqueue(to: user.email, subject: "\(mail.product): \(row.text.prefix(80))",
                                                 body: "\(row.text)\n\n\(mail.siteURL)\(path)\n\n\(mail.footer(t))", now: now)
            }
        }
    }

    public func unreadCount(userID: UUID) async throws -> Int {
        try await NotificationModel.query(on: db).filter(\.$userID == userID).filter(\.$readAt == nil).count()
    }

    /// The newest first.
    public func recent(userID: UUID, limit: Int = 100) async throws -> [NotificationModel] {
        try await NotificationModel.query(on: db).filter(\.$userID == userID).sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// Marks one of the person's notifications read, or all of them when `id` is nil.
    public func markRead(userID: UUID, id: UUID?, now: Date) async throws {
        let query = NotificationModel.query(on: db).filter(\.$userID == userID).filter(\.$readAt == nil)
        if let id { query.filter(\.$id == id) }
        try await query.set(\.$readAt, to: now).update()
    }

    /// Queues one email per person with everything waiting for their digest, once per `day`
    /// whatever the number of instances: the day's run is claimed in `job_runs` first.
    @discardableResult
    public func queueDigests(day: CalendarDay, now: Date, mail: Outbox.Letterhead) async throws -> Int {
        guard try await JobRuns(db: db).claim("digest:\(day.key)", now: now) else { return 0 }
        let pending = try await NotificationModel.query(on: db).filter(\.$digestPending == true).sort(\.$createdAt).all()
        var sent = 0
        for (userID, rows) in Dictionary(grouping: pending, by: \.userID) {
            let mailed = try await db.transaction { tx -> Bool in
                try await NotificationModel.query(on: tx).filter(\.$id ~~ rows.map { $0.id! }).set(\.$digestPending, to: false).update()
                guard let user = try await UserModel.find(userID, on: tx), !user.isDisabled else { return false }
                let t = Texts(user.siteLanguage)
                let lines = rows.map { "- \($0.text)\n  \(mail.siteURL)\($0.path)" }.joined(separator: "\n")
                try await Outbox(db: tx).enqueue(to: user.email, subject: "\(mail.product): " + t("mail.digestSubject", ["count": t.count(rows.count)]),
                                                 body: t("mail.digest", ["lines": lines, "footer": mail.footer(t)]), now: now)
                return true
            }
            if mailed { sent += 1 }
        }
        return sent
    }
}

/// Jobs that must run once per period however many instances run: the first to record the run wins.
public struct JobRuns: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func claim(_ name: String, now: Date) async throws -> Bool {
        let rows = try await (db as! any SQLDatabase).insert(into: "job_runs").columns("name", "ran_at").values(SQLBind(name), SQLBind(now))
            .ignoringConflicts(with: ["name"]).returning("name").all()
        return !rows.isEmpty
    }

    /// The names claimed so far that start with `prefix` (made of letters, digits, `-` and `:`).
    public func claimed(prefix: String) async throws -> [String] {
        precondition(!prefix.contains(where: { $0 == "%" || $0 == "_" || $0 == "\\" }), "a LIKE pattern character in a job name prefix")
        return try await (db as! any SQLDatabase).select().column("name").from("job_runs")
            .where("name", .like, SQLBind(prefix + "%")).all().map { try $0.decode(column: "name", as: String.self) }
    }
}
