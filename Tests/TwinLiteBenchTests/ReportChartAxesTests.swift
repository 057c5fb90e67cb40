import Testing

@testable import TwinLiteBench

/// The charts carry real axes: decade ticks on the speed axis (never 0), a count axis on the
/// histogram, a 0–100 % axis on accuracy; published bars look different from measured ones.
@Suite struct ReportChartAxesTests {
  @Test func speedAxisHasDecadeTicksAndNoZero() {
    let svg = ReportCharts.speedBars([
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
    #expect(ReportCharts.tick(-2) == "0.01")
    #expect(ReportCharts.tick(0) == "1")
    #expect(ReportCharts.tick(3) == "1000")
  }

  @Test func histogramHasACountAxis() {
    let svg = ReportCharts.histogram(Array(repeating: 0.35, count: 23) + [0.9])
    // 23 in one bin: the axis runs 0, 5, …, 25.
    for tick in ["0", "5", "10", "15", "20", "25"] {
      #expect(svg.contains("text-anchor=\"end\">\(tick)</text>"))
    }
    #expect(svg.contains(">images</text>"))
  }

  @Test func svgWidthGrowsWithItsLongestLabel() {
    func width(_ label: String) -> Int {
      let svg = ReportCharts.speedBars([ReportPoint(label: label, params: 1, fps: 10, measured: true)])
      let w = svg.split(separator: "\"")[3]
      return Int(w) ?? 0
    }
    #expect(width(String(repeating: "x", count: 120)) > width("x") + 500)
  }
}
