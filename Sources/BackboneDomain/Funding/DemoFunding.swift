import Foundation

/// The demo's funding: commitments from foundations, the county, employers and partners, and
/// this year's needs, so the map shows a gap (attendance outreach), a strategy whose need is
/// not stated, a pledge, a prospect, a commitment ending within 90 days, and the backbone's
/// budget partly covered. Months are counted from the day the demo is loaded.
public enum DemoFunding {
    public struct Commitment: Sendable {
        public let funder: String
        public let title: String
        public let kind: CommitmentKind
        public let status: CommitmentStatus
        /// Whole dollars.
        public let dollars: Int64
        public let startMonths: Int
        public let endMonths: Int
        /// A strategy's title, or nil with `backbone` for the backbone's own budget, else unrestricted.
        public let strategy: String?
        public let backbone: Bool
        /// Indicator codes the commitment is meant to move.
        public let indicators: [String]
    }

    static func c(_ funder: String, _ title: String, _ kind: CommitmentKind, _ status: CommitmentStatus, _ dollars: Int64, _ start: Int, _ end: Int,
                  strategy: String? = nil, backbone: Bool = false, indicators: [String] = []) -> Commitment {
        Commitment(funder: funder, title: title, kind: kind, status: status, dollars: dollars, startMonths: start, endMonths: end,
                   strategy: strategy, backbone: backbone, indicators: indicators)
    }

    public static let commitments: [Commitment] = [
        c("Harbor Community Foundation", "Early literacy grant", .grant, .committed, 240_000, -6, 18,
          strategy: "Early literacy at home and in child care", indicators: ["EDU-KREADY", "EDU-G3READ"]),
        c("Harbor Community Foundation", "Backbone operating support", .grant, .received, 180_000, -11, 1, backbone: true),
        c("United Way of Harbor County", "Family stability fund", .grant, .committed, 120_000, -10, 2,
          strategy: "One front door to family services"),
        c("United Way of Harbor County", "Shared data systems", .grant, .pledged, 40_000, 0, 12, backbone: true),
        c("Harbor County Department of Human Services", "Housing navigation contract", .contract, .committed, 90_000, -3, 9,
          strategy: "Housing navigation"),
        c("Tidewater Manufacturing", "Apprenticeship mentors", .inKind, .committed, 25_000, -2, 10,
          strategy: "Mentoring into post-secondary training"),
        c("Harbor County Public Library", "Story-time librarians", .staffTime, .committed, 18_000, -5, 7,
          strategy: "Early literacy at home and in child care"),
        c("First Harbor Credit Union", "Attendance incentives", .grant, .committed, 8_000, -4, 8,
          strategy: "Attendance outreach with families", indicators: ["EDU-CHRONABS"]),
        c("Harbor Regional Medical Center", "Summer programs sponsorship", .grant, .prospect, 60_000, 2, 14,
          strategy: "Summer and after-school learning"),
        c("Harbor Interfaith Council", "Summer meals volunteers", .staffTime, .received, 12_000, -6, 3,
          strategy: "Summer and after-school learning"),
        c("Harbor Chamber of Commerce", "Career days sponsorship", .grant, .ended, 15_000, -18, -6),
    ]

    /// The share of this year's need that is secured, by strategy title: the need is worked out
    /// from what the year holds when the demo is loaded, so the map looks the same on any day.
    /// "Housing navigation" states no need on purpose.
    public static let securedPercent: [String: Int64] = [
        "Early literacy at home and in child care": 80,
        "Attendance outreach with families": 15,
        "Summer and after-school learning": 35,
        "Mentoring into post-secondary training": 90,
        "One front door to family services": 75,
    ]

    /// The share of the backbone's own budget covered.
    public static let backboneCoveredPercent: Int64 = 72

    /// The need that makes `secured` the given percent of it, in whole thousands of dollars
    /// (at least one thousand).
    public static func need(secured cents: Int64, percent: Int64) -> Int64 {
        let dollars = cents * 100 / percent / 100
        return max(1_000, (dollars + 999) / 1_000 * 1_000)
    }
}
