import Foundation

/// What the learning summary reads about one indicator: its initiative totals at its own
/// frequency, who should be counted, and its target. Plain values, so the rules run the same on a
/// live page and inside a report that is being frozen.
public struct LearningInput: Sendable {
    /// One stored total: a period reported under two definition versions has two points.
    public struct Point: Equatable, Sendable {
        public var period: ReportingPeriod
        public var version: Int
        public var value: Double?
        public var partnersCounted: Int

        public init(period: ReportingPeriod, version: Int, value: Double?, partnersCounted: Int) {
            self.period = period
            self.version = version
            self.value = value
            self.partnersCounted = partnersCounted
        }
    }

    public struct Target: Equatable, Sendable {
        public var value: Double
        public var date: Date
        public init(value: Double, date: Date) { self.value = value; self.date = date }
    }

    public var indicatorID: UUID
    public var name: String
    public var unit: MeasurementUnit
    public var polarity: Polarity
    public var frequency: Frequency
    public var partnersAssigned: Int
    public var points: [Point]
    public var target: Target?

    public init(indicatorID: UUID, name: String, unit: MeasurementUnit, polarity: Polarity, frequency: Frequency,
                partnersAssigned: Int, points: [Point], target: Target?) {
        self.indicatorID = indicatorID
        self.name = name
        self.unit = unit
        self.polarity = polarity
        self.frequency = frequency
        self.partnersAssigned = partnersAssigned
        self.points = points
        self.target = target
    }
}

/// A stretch of reporting periods, from the start of `first` to the end of `last`. An indicator's
/// period belongs to it when the period ends within it (a year belongs to a span of its four
/// quarters, a quarter to a span of months only when its last month is in it).
public struct LearningSpan: Equatable, Sendable {
    public let first: ReportingPeriod
    public let last: ReportingPeriod

    public init?(first: ReportingPeriod, last: ReportingPeriod) {
        guard first.start <= last.end else { return nil }
        self.first = first
        self.last = last
    }

    /// The four quarters up to the one containing `date`: what a summary covers unless told.
    public static func year(endingIn date: Date) -> LearningSpan {
        let quarter = ReportingPeriod.containing(date, frequency: .quarterly)
        return LearningSpan(first: quarter.shifted(by: -3), last: quarter)!
    }

    public func contains(_ period: ReportingPeriod) -> Bool { period.end >= first.start && period.end <= last.end }

    /// The periods of `frequency` that belong to the span, oldest first.
    public func periods(_ frequency: Frequency) -> [ReportingPeriod] {
        var period = ReportingPeriod.containing(first.start, frequency: frequency)
        var periods: [ReportingPeriod] = []
        while period.end <= last.end {
            if contains(period) { periods.append(period) }
            period = period.next
        }
        return periods
    }
}

/// The learning summary: statements a person can check against the figures they name, made by
/// the fixed rules of docs/learning.md. No sentence is invented; each is a catalog text filled
/// with the statement's evidence.
public enum LearningSummary {
    /// Periods compared for the recent pace (see `offTrack`).
    static let recentChanges = 4
    /// Period-to-period changes needed before a change can be told from noise.
    static let changesForNoise = 3

    /// Every statement for `inputs` over `span`, most pressing first (off track, declined,
    /// improved, target reached, definition changed, missing data), then by indicator name.
    /// `now` and `calendar` decide which periods are due and so can be missing.
    public static func statements(for inputs: [LearningInput], span: LearningSpan, now: Date,
                                  calendar: ReportingCalendar) -> [LearningStatement] {
        inputs.flatMap { statements(for: $0, span: span, now: now, calendar: calendar) }
            .sorted { ($0.kind.rank, $0.indicatorName, $0.indicatorID.uuidString) < ($1.kind.rank, $1.indicatorName, $1.indicatorID.uuidString) }
    }

    static func statements(for input: LearningInput, span: LearningSpan, now: Date, calendar: ReportingCalendar) -> [LearningStatement] {
        let counted = input.points.filter { $0.value?.isFinite == true && $0.period.frequency == input.frequency && $0.period.end <= span.last.end }
        // One point per period: the newest version reported in it, as pages show it.
        let series = Dictionary(grouping: counted, by: \.period).values.compactMap { $0.max { $0.version < $1.version } }
            .sorted { $0.period < $1.period }
        var statements = breaks(in: series, input, span) + missing(in: series, input, span, now: now, calendar: calendar)
        guard let newest = series.last(where: { span.contains($0.period) }) else { return statements }
        // The segment since the last break, complete periods only: a total of some partners
        // is not comparable with one of all of them.
        let segment = Array(series.reversed().prefix { $0.version == newest.version }.reversed())
            .filter { $0.partnersCounted >= max(1, input.partnersAssigned) }
        let inSpan = segment.filter { span.contains($0.period) }
        guard let latest = inSpan.last else { return statements }
        if let change = change(in: segment, latest: latest, reference: inSpan[0], input) { statements.append(change) }
        if let target = input.target {
            statements.append(contentsOf: standing(against: target, segment: segment, latest: latest, input))
        }
        return statements
    }

    /// A definition break whose new version starts within the span.
    static func breaks(in series: [LearningInput.Point], _ input: LearningInput, _ span: LearningSpan) -> [LearningStatement] {
        zip(series, series.dropFirst()).compactMap { before, after in
            guard before.version != after.version, span.contains(after.period) else { return nil }
            return LearningStatement(.definitionChanged, input, [
                .init(.before, period: before.period, value: Double(before.version)),
                .init(.after, period: after.period, value: Double(after.version))])
        }
    }

    /// Due periods of the span with no total at all, and the newest period of the span counting
    /// fewer partners than are assigned.
    static func missing(in series: [LearningInput.Point], _ input: LearningInput, _ span: LearningSpan,
                        now: Date, calendar: ReportingCalendar) -> [LearningStatement] {
        guard input.partnersAssigned > 0 else { return [] }
        var statements: [LearningStatement] = []
        let reported = Set(series.map(\.period))
        let absent = span.periods(input.frequency).filter {
            !reported.contains($0) && [.overdue, .locked].contains(calendar.state(of: $0, on: now))
        }
        if !absent.isEmpty {
            statements.append(LearningStatement(.missingData, input, [], missingPeriods: absent.map(\.key)))
        }
        if let newest = series.last(where: { span.contains($0.period) }), newest.partnersCounted < input.partnersAssigned {
            statements.append(LearningStatement(.missingData, input, [
                .init(.partnersCounted, period: newest.period, value: Double(newest.partnersCounted)),
                .init(.partnersAssigned, period: newest.period, value: Double(input.partnersAssigned))]))
        }
        return statements
    }

    /// Improved or declined: the span's latest complete figure against its first, when the
    /// difference is larger than the spread of the period-to-period changes since the last break.
    static func change(in segment: [LearningInput.Point], latest: LearningInput.Point, reference: LearningInput.Point,
                       _ input: LearningInput) -> LearningStatement? {
        guard reference.period < latest.period, let from = reference.value, let to = latest.value else { return nil }
        let upToLatest = segment.filter { $0.period <= latest.period }.compactMap(\.value)
        let changes = zip(upToLatest, upToLatest.dropFirst()).map { $1 - $0 }
        guard changes.count >= changesForNoise else { return nil }
        let noise = standardDeviation(changes)
        let difference = to - from
        guard abs(difference) > noise, noise.isFinite else { return nil }
        let better = (difference > 0) == (input.polarity == .higherIsBetter)
        return LearningStatement(better ? .improved : .declined, input, [
            .init(.reference, period: reference.period, value: from),
            .init(.latest, period: latest.period, value: to),
            .init(.noise, period: nil, value: noise)])
    }

    /// Target reached; or off track, when the target's day has passed without it, or when the
    /// pace of the recent periods is slower than the pace the rest of the way needs.
    static func standing(against target: LearningInput.Target, segment: [LearningInput.Point], latest: LearningInput.Point,
                         _ input: LearningInput) -> [LearningStatement] {
        guard let value = latest.value else { return [] }
        let targetEvidence = LearningStatement.Evidence(.target, period: ReportingPeriod.containing(target.date, frequency: input.frequency),
                                                        value: target.value)
        let latestEvidence = LearningStatement.Evidence(.latest, period: latest.period, value: value)
        if reaches(value, target: target.value, polarity: input.polarity) {
            return [LearningStatement(.targetReached, input, [latestEvidence, targetEvidence])]
        }
        let targetPeriod = ReportingPeriod.containing(target.date, frequency: input.frequency)
        let remaining = latest.period.steps(to: targetPeriod)
        guard remaining > 0 else { return [LearningStatement(.offTrack, input, [latestEvidence, targetEvidence])] }
        let before = segment.filter { $0.period < latest.period }.suffix(recentChanges)
        guard let start = before.first, let startValue = start.value else { return [] }
        let needed = (target.value - value) / Double(remaining)
        let recent = (value - startValue) / Double(start.period.steps(to: latest.period))
        let direction: Double = input.polarity == .higherIsBetter ? 1 : -1
        guard recent * direction < needed * direction else { return [] }
        return [LearningStatement(.offTrack, input, [
            latestEvidence, targetEvidence,
            .init(.neededPace, period: nil, value: needed),
            .init(.recentPace, period: start.period, value: recent)])]
    }

    /// The sample standard deviation (0 for a perfectly steady series).
    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
}
