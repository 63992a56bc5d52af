import Foundation

/// One statement of the learning summary with the figures it rests on. Codable because a
/// released impact report keeps its statements exactly as they were.
public struct LearningStatement: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable, NamedInCatalog {
        case offTrack = "off_track"
        case declined
        case improved
        case targetReached = "target_reached"
        case definitionChanged = "definition_changed"
        case missingData = "missing_data"

        public static let catalogKey = "learningKind"

        /// The order of the summary: what needs attention first.
        var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    }

    /// One figure a statement names.
    public struct Evidence: Codable, Equatable, Sendable {
        public enum Role: String, Codable, Sendable {
            case reference, latest, noise, target, neededPace = "needed_pace", recentPace = "recent_pace"
            case partnersCounted = "partners_counted", partnersAssigned = "partners_assigned", before, after
        }

        public let role: Role
        /// The period key the figure belongs to, when it belongs to one.
        public let period: String?
        public let value: Double

        public init(_ role: Role, period: ReportingPeriod?, value: Double) {
            self.role = role
            self.period = period?.key
            self.value = value
        }
    }

    public let kind: Kind
    public let indicatorID: UUID
    public let indicatorName: String
    /// The indicator's unit code (see `MeasurementUnit.code`), for showing the figures.
    public let unit: String
    public let evidence: [Evidence]
    /// Due periods with no figure (only for missing data).
    public let missingPeriods: [String]

    init(_ kind: Kind, _ input: LearningInput, _ evidence: [Evidence], missingPeriods: [String] = []) {
        self.kind = kind
        indicatorID = input.indicatorID
        indicatorName = input.name
        unit = input.unit.code
        self.evidence = evidence
        self.missingPeriods = missingPeriods
    }

    public func figure(_ role: Evidence.Role) -> Evidence? { evidence.first { $0.role == role } }

    /// The statement in the reader's language, its figures filled in from the evidence.
    public func sentence(_ t: Texts) -> String {
        let percent = MeasurementUnit(code: unit) == .percent ? "%" : ""
        func number(_ role: Evidence.Role) -> String { figure(role).map { t.number($0.value) + percent } ?? "" }
        func signed(_ role: Evidence.Role) -> String {
            guard let value = figure(role)?.value else { return "" }
            return (value > 0 ? "+" : "") + t.number(value) + percent
        }
        func period(_ role: Evidence.Role) -> String {
            figure(role)?.period.map { key in ReportingPeriod(key: key).map(t.period) ?? key } ?? ""
        }
        var arguments = ["indicator": indicatorName]
        let key: String
        switch kind {
        case .improved, .declined:
            key = "learning.\(kind == .improved ? "improved" : "declined")"
            arguments.merge(["from": number(.reference), "fromPeriod": period(.reference), "to": number(.latest),
                             "toPeriod": period(.latest), "noise": number(.noise)]) { $1 }
        case .targetReached:
            key = "learning.targetReached"
            arguments.merge(["target": number(.target), "latest": number(.latest), "period": period(.latest)]) { $1 }
        case .offTrack where figure(.neededPace) == nil:
            key = "learning.targetPassed"
            arguments.merge(["target": number(.target), "targetPeriod": period(.target), "latest": number(.latest), "period": period(.latest)]) { $1 }
        case .offTrack:
            key = "learning.offTrack"
            arguments.merge(["target": number(.target), "targetPeriod": period(.target), "latest": number(.latest), "period": period(.latest),
                             "needed": signed(.neededPace), "recent": signed(.recentPace), "since": period(.recentPace)]) { $1 }
        case .definitionChanged:
            key = "learning.definitionChanged"
            arguments.merge(["period": period(.after), "before": t.count(Int(figure(.before)?.value ?? 0)),
                             "after": t.count(Int(figure(.after)?.value ?? 0))]) { $1 }
        case .missingData where !missingPeriods.isEmpty:
            key = "learning.notReported"
            arguments["periods"] = missingPeriods.map { key in ReportingPeriod(key: key).map(t.period) ?? key }.joined(separator: ", ")
        case .missingData:
            key = "learning.partial"
            arguments.merge(["counted": t.count(Int(figure(.partnersCounted)?.value ?? 0)), "assigned": t.count(Int(figure(.partnersAssigned)?.value ?? 0)),
                             "period": period(.partnersCounted)]) { $1 }
        }
        return t(key, arguments)
    }
}
