/// Where a partner's report for a period stands.
public enum SubmissionStatus: String, NamedInCatalog, Codable, Sendable, CaseIterable {
    case draft
    case submitted
    case approved
    case returned

    public static let catalogKey = "submissionStatus"

    /// The partner may change values: a draft, or a report returned to them.
    public var isEditableByPartner: Bool { self == .draft || self == .returned }

    /// The moves the workflow allows.
    public func canMove(to next: SubmissionStatus) -> Bool {
        switch (self, next) {
        case (.draft, .submitted), (.returned, .submitted): true
        case (.submitted, .approved), (.submitted, .returned): true
        // Reopening an approved report (with a reason) sends it back to the partner.
        case (.approved, .returned): true
        default: false
        }
    }
}
