import Foundation

/// The demo initiative's shared measurement: indicators, who reports them, and about three years
/// of figures, generated deterministically from the date the demo is loaded.
public enum DemoMeasurement {
    public struct Assignment: Sendable {
        public let organizationName: String
        public let code: String
        public let dimensions: [String]
    }

    /// Where a generated report ends up.
    public enum Outcome: Sendable { case approved, submitted, draft }

    public struct Report: Sendable {
        public let organizationName: String
        public let period: ReportingPeriod
        /// By indicator code.
        public let reports: [String: IndicatorReport]
        public let outcome: Outcome
    }

    public static let indicatorCodes = [
        "EDU-KREADY", "EDU-G3READ", "EDU-CHRONABS", "HLT-POVERTY", "HSG-HOMELESS", "HSG-EXITS",
        "PM-SERVED", "PM-SESSIONS", "PM-ENROLLED", "PM-COMPLETE", "PM-IMPROVED", "ECO-CREDENTIAL",
    ]

    static let backbone = "Harbor Forward"

    public static let assignments: [Assignment] = [
        Assignment(organizationName: "Harbor County Public Schools", code: "EDU-KREADY", dimensions: ["race_ethnicity"]),
        Assignment(organizationName: "Harbor County Public Schools", code: "EDU-G3READ", dimensions: []),
        Assignment(organizationName: "Eastside Charter Academy", code: "EDU-G3READ", dimensions: []),
        Assignment(organizationName: "Harbor County Public Schools", code: "EDU-CHRONABS", dimensions: []),
        Assignment(organizationName: "Eastside Charter Academy", code: "EDU-CHRONABS", dimensions: []),
        Assignment(organizationName: backbone, code: "HLT-POVERTY", dimensions: []),
        Assignment(organizationName: backbone, code: "HSG-HOMELESS", dimensions: []),
        Assignment(organizationName: "Harbor Reads", code: "PM-SERVED", dimensions: ["gender"]),
        Assignment(organizationName: "Harbor Reads", code: "PM-SESSIONS", dimensions: []),
        Assignment(organizationName: "Boys & Girls Club of Harbor County", code: "PM-SERVED", dimensions: ["gender"]),
        Assignment(organizationName: "Boys & Girls Club of Harbor County", code: "PM-ENROLLED", dimensions: []),
        Assignment(organizationName: "Bridges Mentoring", code: "PM-SERVED", dimensions: ["gender"]),
        Assignment(organizationName: "Little Sprouts Early Learning Network", code: "PM-SERVED", dimensions: ["gender"]),
        Assignment(organizationName: "Bridges Mentoring", code: "PM-COMPLETE", dimensions: []),
        Assignment(organizationName: "Harbor Reads", code: "PM-IMPROVED", dimensions: []),
        Assignment(organizationName: "Harbor Youth Workforce Board", code: "ECO-CREDENTIAL", dimensions: ["age_band"]),
        Assignment(organizationName: "Harbor Community College", code: "ECO-CREDENTIAL", dimensions: ["age_band"]),
        Assignment(organizationName: "Harbor County Department of Human Services", code: "HSG-EXITS", dimensions: []),
    ]

    /// How many periods of history each frequency gets.
    static let history: [Frequency: Int] = [.monthly: 36, .quarterly: 12, .annual: 3]

    /// Every report of the demo, oldest first. The latest period of each frequency is partly
    /// submitted, partly draft and partly missing (so some partners are overdue).
    public static func reports(asOf today: Date) -> [Report] {
        let catalog = IndicatorCatalog.starter
        var result: [Report] = []
        let byOrganization = Dictionary(grouping: assignments, by: \.organizationName)
        for (organization, items) in byOrganization.sorted(by: { $0.key < $1.key }) {
            let byFrequency = Dictionary(grouping: items) { catalog.entry(code: $0.code)!.frequency }
            for (frequency, group) in byFrequency.sorted(by: { $0.key < $1.key }) {
                // The current period is still running; history ends with the one before it.
                let last = ReportingPeriod.containing(today, frequency: frequency).previous
                var past: [String: [Double]] = [:]
                let count = history[frequency] ?? 1
                for step in stride(from: count - 1, through: 0, by: -1) {
                    let period = last.shifted(by: -step)
                    var random = SeededRandom(seed: stableHash("\(organization)|\(period.key)"))
                    let outcome: Outcome
                    if step > 0 { outcome = .approved } else {
                        switch stableHash(organization) % 4 {
                        case 0: continue            // not started: overdue
                        case 1: outcome = .draft
                        default: outcome = .submitted
                        }
                    }
                    var reports: [String: IndicatorReport] = [:]
                    for assignment in group {
                        let entry = catalog.entry(code: assignment.code)!
                        var report = figure(entry, organization: organization, step: count - 1 - step, dimensions: assignment.dimensions, random: &random)
                        if let value = report.total.resolvedValue(entry.unit), Outliers.isUnusual(value, history: Array((past[entry.code] ?? []).suffix(Outliers.historyLength))) {
                            report.comment = "Checked with the program manager: this change is real."
                        }
                        past[entry.code, default: []].append(report.total.resolvedValue(entry.unit) ?? 0)
                        reports[entry.code] = report
                    }
                    result.append(Report(organizationName: organization, period: period, reports: reports, outcome: outcome))
                }
            }
        }
        return result.sorted { ($0.period.end, $0.organizationName) < ($1.period.end, $1.organizationName) }
    }

    /// A plausible figure with a gentle trend, so charts have something to show.
    static func figure(_ entry: CatalogEntry, organization: String, step: Int, dimensions: [String],
                       random: inout SeededRandom) -> IndicatorReport {
        let size = Double(20 + stableHash(organization + entry.code) % 180)
        let trend = 1 + Double(step) * (entry.polarity == .higherIsBetter ? 0.006 : -0.006)
        let noise = Double.random(in: 0.95...1.05, using: &random)
        switch entry.aggregation {
        case .ratio:
            let denominator = (size * 4 * noise).rounded()
            let base = entry.polarity == .higherIsBetter ? 0.55 : 0.25
            let share = min(0.98, max(0.02, base * trend * Double.random(in: 0.97...1.03, using: &random)))
            let numerator = (denominator * share).rounded()
            var report = IndicatorReport(total: ValueEntry(numerator: numerator, denominator: denominator))
            for key in dimensions {
                report.cells[key] = split(numerator: numerator, denominator: denominator, into: key, random: &random)
            }
            return report
        default:
            let value = max(0, (size * trend * noise).rounded())
            var report = IndicatorReport(total: ValueEntry(value: value))
            for key in dimensions {
                report.cells[key] = split(value: value, into: key, random: &random)
            }
            return report
        }
    }

    /// Splits a count over a dimension's categories so the cells add up exactly.
    static func split(value: Double, into key: String, random: inout SeededRandom) -> [String: ValueEntry] {
        let categories = DisaggregationDimension.standard.first { $0.key == key }!.categories
        let shares = shares(categories.count, random: &random)
        var remaining = value
        var cells: [String: ValueEntry] = [:]
        for (index, category) in categories.enumerated() {
            let part = index == categories.count - 1 ? remaining : (value * shares[index]).rounded(.down)
            cells[category.key] = ValueEntry(value: part)
            remaining -= part
        }
        return cells
    }

    static func split(numerator: Double, denominator: Double, into key: String, random: inout SeededRandom) -> [String: ValueEntry] {
        let denominators = split(value: denominator, into: key, random: &random)
        var remaining = numerator
        var cells: [String: ValueEntry] = [:]
        let categories = DisaggregationDimension.standard.first { $0.key == key }!.categories
        for (index, category) in categories.enumerated() {
            let den = denominators[category.key]!.value!
            let part = index == categories.count - 1 ? remaining : min(remaining, (den * numerator / max(denominator, 1)).rounded(.down))
            cells[category.key] = ValueEntry(numerator: part, denominator: den)
            remaining -= part
        }
        // The last category takes what is left; keep it within its denominator by moving the excess.
        if let lastKey = categories.last?.key, let last = cells[lastKey], let n = last.numerator, let d = last.denominator, n > d {
            cells[lastKey] = ValueEntry(numerator: d, denominator: d)
            var excess = n - d
            for category in categories.dropLast() where excess > 0 {
                let cell = cells[category.key]!
                let room = cell.denominator! - cell.numerator!
                let moved = min(room, excess)
                cells[category.key] = ValueEntry(numerator: cell.numerator! + moved, denominator: cell.denominator)
                excess -= moved
            }
        }
        return cells
    }

    private static func shares(_ count: Int, random: inout SeededRandom) -> [Double] {
        let weights = (0..<count).map { index in Double.random(in: 0.5...1.5, using: &random) / Double(index + 1) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// FNV-1a: a hash that is the same on every run (Swift's own `hashValue` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
