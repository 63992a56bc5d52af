@testable import BackboneCharts
import Foundation
import Testing

@Suite("Charts")
struct ChartTests {
    static let plain: @Sendable (Double) -> String = { String(format: "%g", $0) }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("a line chart names itself for screen readers and escapes every label")
    func accessibleAndEscaped() {
        let chart = LineChart(title: "People <served>", description: "Monthly totals & targets",
                              points: [ChartPoint(label: "Jan \"26\"", value: 3), ChartPoint(label: "<script>", value: 5)], format: Self.plain)
        let svg = chart.svg(id: "served")
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("aria-labelledby=\"served-title served-desc\""))
        #expect(svg.contains("<title id=\"served-title\">People &lt;served&gt;</title>"))
        #expect(svg.contains("Monthly totals &amp; targets"))
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("Jan &quot;26&quot;"))
    }

    @Test("the line is never drawn across a definition change or a missing figure; both are visible")
    func breaksAndGaps() {
        let points = [ChartPoint(label: "Q1", value: 10), ChartPoint(label: "Q2", value: 12),
                      ChartPoint(label: "Q3", value: 30, breakBefore: true), ChartPoint(label: "Q4", value: nil),
                      ChartPoint(label: "Q5", value: 33, provisional: true)]
        let svg = LineChart(title: "t", description: "d", points: points, baseline: 8, target: 40, format: Self.plain).svg(id: "c")
        let path = svg.components(separatedBy: "class=\"chart-series\" d=\"")[1].components(separatedBy: "\"")[0]
        #expect(Self.count("M", in: path) == 3, "three segments: Q1–Q2, Q3, Q5")
        #expect(Self.count("L", in: path) == 1)
        #expect(svg.contains("Definition changed"))
        #expect(Self.count("chart-provisional", in: svg) == 1)
        #expect(Self.count("<circle", in: svg) == 4, "no point for the missing figure, never a zero")
        #expect(svg.contains("Baseline 8") && svg.contains("Target 40"))
    }

    @Test("flat, single-point, empty and negative series draw without invalid numbers")
    func edgeCases() {
        for points in [[ChartPoint(label: "a", value: 5), ChartPoint(label: "b", value: 5)], [ChartPoint(label: "a", value: 0)],
                       [ChartPoint(label: "a", value: -3), ChartPoint(label: "b", value: 2)], [ChartPoint(label: "a", value: nil)]] {
            let svg = LineChart(title: "t", description: "d", points: points, format: Self.plain).svg(id: "e")
            #expect(!svg.contains("nan") && !svg.contains("inf"), "\(points)")
            #expect(svg.hasSuffix("</svg>"))
        }
        #expect(LineChart(title: "t", description: "d", points: [], format: Self.plain).svg(id: "x").contains("No figures yet"))
        #expect(!Sparkline(label: "s", values: [1, 1, nil, 1]).svg().contains("nan"))
    }

    @Test("ticks are round numbers covering the range")
    func ticks() {
        #expect(SVG.ticks(low: 0, high: 87) == [0, 25, 50, 75, 100])
        #expect(SVG.ticks(low: 0, high: 1) == [0, 0.25, 0.5, 0.75, 1])
        #expect(SVG.ticks(low: -12, high: 30) == [-20, 0, 20, 40])
        #expect(SVG.ticks(low: 0, high: 4_000_000) == [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000])
        #expect(SVG.ticks(low: 3, high: 3) == [3])
    }

    @Test("bars show their figure, and a missing figure as missing")
    func bars() {
        let svg = BarChart(title: "By gender", description: "d", bars: [.init(label: "Female", value: 12), .init(label: "Not known", value: nil)],
                           format: Self.plain).svg(id: "b")
        #expect(svg.contains(">12<"))
        #expect(svg.contains("no figure"))
        #expect(Self.count("<rect", in: svg) == 1)
    }

    @Test("on a fixed scale a bar's length is its share of the scale's maximum, not of the largest bar")
    func barsOnAScale() {
        var chart = BarChart(title: "Health", description: "d", bars: [.init(label: "Trust", value: 4), .init(label: "Credit", value: 2)], format: Self.plain)
        func widths(_ svg: String) -> [Double] {
            svg.components(separatedBy: "class=\"chart-bar-fill\"").dropFirst().compactMap { part in
                part.components(separatedBy: "width=\"").dropFirst().first?.components(separatedBy: "\"").first.flatMap(Double.init)
            }
        }
        let relative = widths(chart.svg(id: "a"))
        chart.scaleMaximum = 5
        let scaled = widths(chart.svg(id: "b"))
        #expect(relative.count == 2 && scaled.count == 2)
        #expect(abs(relative[0] / relative[1] - 2) < 1e-9 && abs(scaled[0] / scaled[1] - 2) < 1e-9)
        #expect(abs(scaled[0] / relative[0] - 0.8) < 1e-9, "4 of 5 fills four fifths of the room the largest bar filled")
    }

    @Test("progress runs from baseline to target in either direction and stays within the bar")
    func progress() {
        #expect(ProgressBar(label: "p", baseline: 10, target: 20, latest: 15).fraction == 0.5)
        #expect(ProgressBar(label: "p", baseline: 20, target: 10, latest: 12).fraction == 0.8, "lower is better")
        #expect(ProgressBar(label: "p", baseline: 10, target: 20, latest: 40).fraction == 1)
        #expect(ProgressBar(label: "p", baseline: 10, target: 20, latest: 2).fraction == 0)
        #expect(ProgressBar(label: "p", baseline: 10, target: 10, latest: 2).fraction == nil)
        #expect(ProgressBar(label: "p", baseline: 10, target: 20, latest: nil).fraction == nil)
    }

    /// The time axis's labels: their centres and texts, in order.
    static func axisLabels(_ svg: String, height: Double) -> [(x: Double, text: String)] {
        let row = String(format: "%.1f", height - 40 + 18)
        return svg.matches(of: /<text class="chart-axis" x="([0-9.]+)" y="([0-9.]+)" text-anchor="middle">([^<]*)<\/text>/)
            .filter { String($0.output.2) == row }.map { (Double(String($0.output.1))!, String($0.output.3)) }
    }

    @Test("time-axis labels never overlap, whatever their length and number", arguments: [3, 8, 13, 24, 36, 60, 120])
    func axisLabelsKeepApart(count: Int) {
        for label in ["Q1 26", "Sep 2026", "septiembre de 2026"] {
            let points = (0..<count).map { ChartPoint(label: "\(label) \($0)", value: Double($0)) }
            let forecast = (0..<(count / 3)).map { ChartForecastPoint(label: "\(label) f\($0)", value: 1, lower: 0, upper: 2) }
            let chart = LineChart(title: "t", description: "d", points: points, forecast: forecast, format: Self.plain)
            let labels = Self.axisLabels(chart.svg(id: "c"), height: chart.height)
            #expect(labels.count >= 2 || count + count / 3 < 2)
            for (a, b) in zip(labels, labels.dropFirst()) {
                let room = Double(max(a.text.count, b.text.count)) * LineChart.characterWidth
                #expect(b.x - a.x >= room, "\(a.text) at \(a.x) and \(b.text) at \(b.x)")
            }
            for label in labels {
                let half = Double(label.text.count) * LineChart.characterWidth / 2
                #expect(label.x - half >= 0 && label.x + half <= chart.width, "\(label.text) cut at \(label.x)")
            }
        }
    }

    @Test("a forecast is drawn as a band, a dashed line and scenario lines, each point titled")
    func forecastBandAndScenarios() {
        let chart = LineChart(title: "t", description: "d", points: [ChartPoint(label: "a", value: 10), ChartPoint(label: "b", value: 12)],
                              target: 20, forecast: [ChartForecastPoint(label: "c", value: 14, lower: 11, upper: 17),
                                                     ChartForecastPoint(label: "d", value: 16, lower: 11.5, upper: 20.5)],
                              scenarios: [ChartScenario(name: "s1", values: [15, 19]), ChartScenario(name: "s2", values: [nil, 13])],
                              format: Self.plain)
        let svg = chart.svg(id: "f")
        #expect(Self.count("class=\"chart-band\"", in: svg) == 1)
        #expect(Self.count("class=\"chart-forecast\"", in: svg) == 1)
        #expect(svg.contains("chart-scenario chart-scenario-1") && svg.contains("chart-scenario chart-scenario-2"))
        #expect(svg.contains("<title>d: 16 (11.5–20.5)</title>"))
    }

    @Test("a long category wraps onto lines instead of being cut")
    func barLabelsWrap() {
        let long = "Adults without a high school diploma or equivalent in the county"
        let svg = BarChart(title: "t", description: "d", bars: [.init(label: long, value: 5), .init(label: "Short", value: 3)], format: Self.plain).svg(id: "b")
        let shown = svg.matches(of: /<tspan [^>]*>([^<]*)<\/tspan>/).map { String($0.output.1) }
        #expect(shown.joined(separator: " ") == long + " Short")
        #expect(shown.allSatisfy { $0.count <= 26 })
        #expect(!svg.contains("…"))
    }

    @Test("baseline and target labels fit inside the picture and keep apart, however close the lines", arguments: [(24.8, 21.1), (21.1, 24.8), (50, 50), (1_234_567, 1_230_000)])
    func referenceLabels(baseline: Double, target: Double) {
        let chart = LineChart(title: "t", description: "d", points: [ChartPoint(label: "a", value: baseline), ChartPoint(label: "b", value: target)],
                              baseline: baseline, target: target, words: { var w = ChartWords(); w.baseline = "Línea de base"; w.target = "Meta"; return w }(), format: Self.plain)
        let svg = chart.svg(id: "r")
        let labels = svg.matches(of: /<text class="chart-label [^"]*" x="([0-9.]+)" y="([0-9.]+)">([^<]*)<\/text>/)
            .map { (x: Double($0.output.1)!, y: Double($0.output.2)!, text: String($0.output.3)) }
        #expect(labels.count == 2)
        for label in labels { #expect(label.x + Double(label.text.count) * LineChart.boldCharacterWidth <= chart.width, "\(label.text) is cut") }
        #expect(abs(labels[0].y - labels[1].y) >= 12, "labels at \(labels[0].y) and \(labels[1].y)")
    }
}
