import BackboneDomain
import Fluent
import Foundation

/// One collective impact effort: the tenant that scopes all other data.
public final class InitiativeModel: Model, @unchecked Sendable {
    public static let schema = "initiatives"

    @ID(key: .id) public var id: UUID?
    @Field(key: "slug") public var slug: String
    @Field(key: "name") public var name: String
    @Field(key: "place") public var place: String
    @Field(key: "problem_statement") public var problemStatement: String
    @Field(key: "created_at") public var createdAt: Date
    /// Reports are due this many days after a period ends.
    @Field(key: "due_after_days") public var dueAfterDays: Int
    /// Periods lock this many days after they end.
    @Field(key: "lock_after_days") public var lockAfterDays: Int
    /// Whether totals include submitted (not yet approved) values, marked provisional.
    @Field(key: "dashboards_include_submitted") public var dashboardsIncludeSubmitted: Bool
    /// The time zone identifier of the place (`America/Los_Angeles`): due days, reminders and
    /// the times shown to those who have not chosen their own follow it.
    @Field(key: "time_zone") public var timeZone: String

    public init() {}

    public init(id: UUID? = nil, slug: String, name: String, place: String, problemStatement: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.place = place
        self.problemStatement = problemStatement
        self.createdAt = createdAt
        self.dueAfterDays = 30
        self.lockAfterDays = 90
        self.dashboardsIncludeSubmitted = false
        self.timeZone = "UTC"
    }

    /// The initiative's zone; UTC when the stored name is unknown to this system.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }

    public var reportingCalendar: ReportingCalendar {
        ReportingCalendar(dueAfterDays: dueAfterDays, lockAfterDays: lockAfterDays, timeZone: zone)
    }
}
