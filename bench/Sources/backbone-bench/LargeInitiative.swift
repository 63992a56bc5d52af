import BackboneDomain
import Foundation

/// The shape of the benchmark's initiative and the figures every partner reports, as pure
/// functions: the generator writes them, the import file continues them one month further, and
/// the same rows go to the raw SQL reference.
struct LargeInitiative {
    var partners = 300
    var indicators = 60
    var assignedPerPartner = 15
    var months = 60

    static let slug = "large"
    static let staffEmail = "bench@example.org"
    static let staffPassword = "bench-staff-password-1"
    /// The standard breakdowns plus one of the initiative's own: 29 cells and the total.
    static let ownDimension = (name: "Neighbourhood", categories: ["Riverside", "Old Town", "Hillcrest", "Mill End", "Parkview", "Harbour", "Eastgate"])

    func code(_ indicator: Int) -> String { String(format: "B%02d", indicator + 1) }
    func partnerName(_ partner: Int) -> String { String(format: "P%03d", partner + 1) }

    /// Partner p reports indicators p, p+4, p+8, ... (mod the count): each indicator gets the
    /// same number of partners.
    func assigned(_ partner: Int) -> [Int] {
        (0..<assignedPerPartner).map { (partner + $0 * max(1, indicators / assignedPerPartner)) % indicators }
    }

    /// Sum, ratio and stock ("latest") indicators in turn.
    func rule(_ indicator: Int) -> AggregationRule { [.sum, .ratio, .latest][indicator % 3] }

    /// The months reported: `months` of them, ending two months before `now`'s; the next one is
    /// the month the import benchmark loads.
    func periods(now: Date) -> (reported: [ReportingPeriod], importMonth: ReportingPeriod) {
        let last = ReportingPeriod.containing(now, frequency: .monthly).shifted(by: -2)
        return ((0..<months).reversed().map { last.shifted(by: -$0) }, last.shifted(by: 1))
    }

    /// One figure with the cells of every breakdown, each breakdown adding up to the total
    /// (ratios: numerators and denominators each add up). Steady from month to month, so no
    /// figure is flagged as unusual.
    func report(partner: Int, indicator: Int, month: Int, dimensions: [DisaggregationDimension]) -> [(dimension: String, category: String, entry: ValueEntry)] {
        let base = 40 + (partner * 37 + indicator * 11) % 160
        let wobble = Double((partner * 7 + indicator * 3 + month * 5) % 7 - 3) / 100
        let total = Int((Double(base) * (1 + 0.05 * sin(Double(month) / 3) + wobble)).rounded())
        // Ratios: at most 75%, so that an even split never gives a cell more in its numerator
        // than in its denominator.
        let numerator = Int((Double(total) * (0.4 + Double((partner + indicator) % 36) / 100)).rounded(.down))
        func entry(_ amount: Int, _ part: Int) -> ValueEntry {
            rule(indicator) == .ratio ? ValueEntry(numerator: Double(part), denominator: Double(amount)) : ValueEntry(value: Double(amount))
        }
        /// An even split, the remainder going to categories that change with the month.
        func share(_ amount: Int, _ index: Int, _ count: Int) -> Int { amount / count + ((index + month) % count < amount % count ? 1 : 0) }
        var rows: [(String, String, ValueEntry)] = []
        for dimension in dimensions {
            let count = dimension.categories.count
            for (index, category) in dimension.categories.enumerated() {
                rows.append((dimension.key, category.key, entry(share(total, index, count), share(numerator, index, count))))
            }
        }
        let totalEntry = entry(total, numerator)
        return [("", "", totalEntry)] + rows
    }
}
