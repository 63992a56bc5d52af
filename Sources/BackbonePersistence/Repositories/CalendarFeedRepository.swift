import BackboneDomain
import Fluent
import Foundation

public final class CalendarFeedModel: Model, @unchecked Sendable {
    public static let schema = "calendar_feeds"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// Each person's private calendar address, and the meetings it lists.
public struct CalendarFeedRepository: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// Replaces the person's address: the old one stops working at once.
    public func replace(userID: UUID, tokenHash: String, now: Date) async throws {
        try await db.transaction { tx in
            try await CalendarFeedModel.query(on: tx).filter(\.$userID == userID).delete()
            let feed = CalendarFeedModel()
            feed.userID = userID
            feed.tokenHash = tokenHash
            feed.createdAt = now
            try await feed.create(on: tx)
        }
    }

    public func exists(userID: UUID) async throws -> Bool {
        try await CalendarFeedModel.query(on: db).filter(\.$userID == userID).first() != nil
    }

    public func user(tokenHash: String) async throws -> UserModel? {
        guard let feed = try await CalendarFeedModel.query(on: db).filter(\.$tokenHash == tokenHash).first(),
              let user = try await UserModel.find(feed.userID, on: db), !user.isDisabled else { return nil }
        return user
    }

    /// Meetings the person is invited to, in initiatives they still belong to, from `since` on.
    public func meetings(of userID: UUID, since: Date) async throws -> [(meeting: MeetingModel, initiative: InitiativeModel)] {
        let memberOf = Set(try await MembershipModel.query(on: db).filter(\.$userID == userID).all().map(\.initiativeID))
        let invited = try await MeetingInviteeModel.query(on: db).filter(\.$userID == userID).all().map(\.meetingID)
        guard !invited.isEmpty, !memberOf.isEmpty else { return [] }
        let meetings = try await MeetingModel.query(on: db).filter(\.$id ~~ invited).filter(\.$startsAt >= since).sort(\.$startsAt).all()
            .filter { memberOf.contains($0.initiativeID) }
        let initiatives = Dictionary(uniqueKeysWithValues: try await InitiativeModel.query(on: db).filter(\.$id ~~ Array(memberOf)).all().map { ($0.id!, $0) })
        return meetings.compactMap { meeting in initiatives[meeting.initiativeID].map { (meeting, $0) } }
    }
}
