import Testing
import TwinLiteBench

/// The charts carry real axes: decade ticks on the speed axis (never 0), a count axis on the
/// histogram; published bars look different from measured ones; the SVG grows with its labels.
@Suite struct ReportChartAxesTests {
  static func chart(_ name: String, _ report: BenchReport) -> String {
    ReportRenderer.charts(report).first { $0.name == name }?.markup ?? ""
  }

  static func speed(_ points: [ReportPoint]) -> String {
    chart("speed", BenchReport(title: "T", metadata: [], tables: [], fpsVsParams: points))
  }

  @Test func speedAxisHasDecadeTicksAndNoZero() {
    let svg = Self.speed([
      ReportPoint(label: "paper · RTX A5000 · TensorRT", params: 0.44, fps: 415, measured: false),
      ReportPoint(label: "Swift cpu · 1 thread · fp32", params: 0.44, fps: 3.5, measured: true),
    ])
    for tick in ["1", "10", "100", "1000"] { #expect(svg.contains("text-anchor=\"middle\">\(tick)</text>")) }
    #expect(!svg.contains(">0</text>"))
    #expect(svg.contains("stroke-dasharray=\"4 2\""))
    #expect(svg.contains("fill=\"#c0392b\""))
    #expect(svg.contains("frames per second (log scale)"))
  }

  @Test func ticksBelowOneAreDecimals() {
    let svg = Self.speed([ReportPoint(label: "slow", params: 1, fps: 0.05, measured: true)])
    #expect(svg.contains(">0.01</text>"))
    #expect(svg.contains(">0.1</text>"))
  }

  @Test func histogramHasACountAxis() {
    let report = BenchReport(
      title: "T", metadata: [], tables: [], laneIoUs: Array(repeating: 0.35, count: 23) + [0.9])
    let svg = Self.chart("lane-iou", report)
    // 23 in one bin: the axis runs 0, 5, …, 25.
    for tick in ["0", "5", "10", "15", "20", "25"] {
      #expect(svg.contains("text-anchor=\"end\">\(tick)</text>"))
    }
    #expect(svg.contains(">images</text>"))
  }

  @Test func svgWidthGrowsWithItsLongestLabel() {
    func width(_ label: String) -> Int {
      let svg = Self.speed([ReportPoint(label: label, params: 1, fps: 10, measured: true)])
      return Int(svg.split(separator: "\"")[3]) ?? 0
    }
    #expect(width(String(repeating: "x", count: 120)) > width("x") + 500)
  }
}
