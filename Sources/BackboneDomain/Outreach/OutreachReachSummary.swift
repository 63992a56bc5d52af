import Foundation

/// People reached by neighborhood over the last quarters, from the events' counts: a table (and
/// bars) instead of a map, so it reads the same on a phone, in print and to a screen reader.
public struct ReachByNeighborhood: Sendable {
    public struct Row: Sendable {
        public let neighborhood: String
        /// People per quarter key (`2026-Q3`), quarters without events left out.
        public let byQuarter: [String: Int]
        public let total: Int
    }

    public let quarters: [ReportingPeriod]
    /// Most people reached first, then by name.
    public let rows: [Row]

    /// `events`: each event's day and reach. Events outside the quarters are left out.
    public init(events: [(day: CalendarDay, reach: OutreachReach)], endingWith last: ReportingPeriod, quarters count: Int) {
        let quarters = (0..<max(1, count)).reversed().map { last.shifted(by: -$0) }
        let keys = Set(quarters.map(\.key))
        var people: [String: [String: Int]] = [:], names: [String: String] = [:]
        for event in events {
            let quarter = event.day.quarter.key
            guard keys.contains(quarter) else { continue }
            for entry in event.reach.neighborhoods {
                // "Northside" and "northside " are the same place.
                let key = entry.name.lowercased()
                names[key] = names[key] ?? entry.name
                people[key, default: [:]][quarter, default: 0] += entry.people
            }
        }
        self.quarters = quarters
        rows = people.map { key, byQuarter in Row(neighborhood: names[key] ?? key, byQuarter: byQuarter, total: byQuarter.values.reduce(0, +)) }
            .sorted { ($0.total, $1.neighborhood) > ($1.total, $0.neighborhood) }
    }
}

/// Strategies that have heard nothing from the community lately: no outreach event about them
/// and no feedback tagged to them since a day (the gap in community involvement, as the
/// coverage matrix shows gaps in action).
public enum CommunityInputGap {
    public static let defaultMonths = 6
    public static let monthChoices = [3, 6, 12]

    public static func strategiesWithout(_ strategies: [UUID], inputs: [(day: CalendarDay, strategies: [UUID])], since: CalendarDay) -> [UUID] {
        let heard = Set(inputs.filter { $0.day >= since }.flatMap(\.strategies))
        return strategies.filter { !heard.contains($0) }
    }
}
