import Foundation

/// The demo initiative's public results: indicators with small breakdown cells and partners of
/// one or two people, so that both kinds of suppression show at once on `/p/harbor-county`.
public enum DemoPublishing {
    public struct Indicator: Sendable {
        public let code: String
        public let breakdowns: [String]
        public let byPartner: Bool
    }

    public static let indicators = [
        Indicator(code: "PM-SERVED", breakdowns: ["gender"], byPartner: true),
        // Credentials by age band: small cells every quarter; one of its two partners agreed to be
        // named, so "other partners" stands for one partner and is always hidden.
        Indicator(code: "ECO-CREDENTIAL", breakdowns: ["age_band"], byPartner: true),
        Indicator(code: "EDU-KREADY", breakdowns: ["race_ethnicity"], byPartner: false),
        Indicator(code: "EDU-G3READ", breakdowns: [], byPartner: true),
        Indicator(code: "HSG-EXITS", breakdowns: [], byPartner: false),
    ]

    /// Partners that agreed to be named.
    public static let consenting = ["Harbor Reads", "Boys & Girls Club of Harbor County", "Harbor County Public Schools", "Harbor Community College"]
}
