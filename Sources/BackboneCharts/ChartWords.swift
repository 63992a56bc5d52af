/// The few words charts write themselves, given by the page in its language (the charts know
/// no catalog). English is only the default for callers that have none.
public struct ChartWords: Sendable {
    public var baseline = "Baseline"
    public var target = "Target"
    public var noFigures = "No figures yet"
    public var noFigure = "no figure"
    public var definitionChanged = "Definition changed"
    public var provisional = "provisional"
    public var today = "today"

    public init() {}

    public init(baseline: String, target: String, noFigures: String, noFigure: String, definitionChanged: String, provisional: String, today: String) {
        self.baseline = baseline
        self.target = target
        self.noFigures = noFigures
        self.noFigure = noFigure
        self.definitionChanged = definitionChanged
        self.provisional = provisional
        self.today = today
    }
}
