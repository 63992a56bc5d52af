import BackboneDomain
import BackbonePersistence
import Foundation
import Plot

/// How a form names many partners at once: a select with one partner, every partner or every
/// partner of a sector (`organizationID`), and checkboxes for a chosen list (`organizations[]`),
/// which win when any is ticked. Every partner means every organization but the backbone.
enum PartnerChoice {
    /// The select's options, the groups first.
    static func options(_ organizations: [OrganizationModel], _ t: Texts) -> [(value: String, label: String)] {
        let partners = organizations.filter { !$0.isBackbone }
        let sectors = Sector.allCases.filter { sector in partners.contains { $0.sector == sector.rawValue } }
        return [("every", t("indicator.assignEvery", ["count": t.count(partners.count)]))]
            + sectors.map { sector in
                ("sector:\(sector.rawValue)", t("indicator.assignSector", ["sector": sector.title,
                                                                           "count": t.count(partners.filter { $0.sector == sector.rawValue }.count)]))
            }
            + organizations.map { ($0.id!.uuidString, $0.name) }
    }

    /// The chosen list, folded away until wanted.
    static func several(_ organizations: [OrganizationModel], _ t: Texts) -> Node<HTML.FormContext> {
        .element(named: "details", nodes: [
            .element(named: "summary", text: t("indicator.assignSeveral")),
            Field.checkboxes("organizations", legend: t("indicator.assignSeveralLegend"),
                             options: organizations.map { ($0.id!.uuidString, $0.name) }, chosen: [], error: nil),
        ])
    }

    /// The organizations chosen, or nil when nothing is. A ticked id that is not a UUID stays in
    /// the list as an unknown organization, for the rule that checks them to refuse.
    static func resolve(choice: String?, ticked: [String]?, organizations: [OrganizationModel]) -> [UUID]? {
        let ticked = (ticked ?? []).filter { !$0.isEmpty }
        if !ticked.isEmpty { return ticked.map { UUID(uuidString: $0) ?? UUID() } }
        let partners = organizations.filter { !$0.isBackbone }
        let choice = choice ?? ""
        if choice == "every" { return partners.map { $0.id! } }
        if choice.hasPrefix("sector:") {
            guard let sector = Sector(rawValue: String(choice.dropFirst("sector:".count))) else { return nil }
            return partners.filter { $0.sector == sector.rawValue }.map { $0.id! }
        }
        return UUID(uuidString: choice).map { [$0] }
    }
}
