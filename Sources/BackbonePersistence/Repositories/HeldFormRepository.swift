import Fluent
import Foundation

public final class HeldFormModel: Model, @unchecked Sendable {
    public static let schema = "held_forms"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "key_hash") public var keyHash: String
    @Field(key: "path") public var path: String
    @Field(key: "fields_json") public var fieldsJSON: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// A form whose session ended before it was saved, waiting for its author to sign in again.
public struct HeldForm: Equatable, Sendable {
    /// Where it was posted.
    public let path: String
    /// Its fields in the order posted (a name may repeat, as checkboxes do).
    public let fields: [[String]]

    public init(path: String, fields: [[String]]) {
        self.path = path
        self.fields = fields
    }
}

/// Held forms: written when a post arrives on an ended session, taken back (once) by the same
/// person after signing in, forgotten after a day.
public struct HeldFormRepository: Sendable {
    public static let lifetime: TimeInterval = 24 * 3600
    /// One person cannot fill the table: only their latest few forms are kept.
    static let perUser = 5

    let db: any Database

    public init(db: any Database) { self.db = db }

    public func hold(_ form: HeldForm, userID: UUID, keyHash: String, now: Date) async throws {
        let json = String(decoding: try JSONEncoder().encode(form.fields), as: UTF8.self)
        try await db.transaction { tx in
            try await HeldFormModel.query(on: tx).filter(\.$createdAt < now.addingTimeInterval(-Self.lifetime)).delete()
            let kept = try await HeldFormModel.query(on: tx).filter(\.$userID == userID).sort(\.$createdAt, .descending).all()
            for old in kept.dropFirst(Self.perUser - 1) { try await old.delete(on: tx) }
            let model = HeldFormModel()
            model.userID = userID
            model.keyHash = keyHash
            model.path = form.path
            model.fieldsJSON = json
            model.createdAt = now
            try await model.create(on: tx)
        }
    }

    /// The held form with this key, if it is the user's and not too old; it is removed as it is
    /// read, so a key works once.
    public func take(keyHash: String, userID: UUID, now: Date) async throws -> HeldForm? {
        try await db.transaction { tx in
            guard let model = try await HeldFormModel.query(on: tx).filter(\.$keyHash == keyHash).filter(\.$userID == userID).first() else { return nil }
            try await model.delete(on: tx)
            guard now.timeIntervalSince(model.createdAt) <= Self.lifetime,
                  let fields = try? JSONDecoder().decode([[String]].self, from: Data(model.fieldsJSON.utf8)) else { return nil }
            return HeldForm(path: model.path, fields: fields)
        }
    }
}
