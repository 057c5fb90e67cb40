import Foundation

extension ReportCharts {
  /// Grouped vertical bars per metric, published beside measured, on a 0–100 % axis, with the data
  /// the measured bars come from written under the chart.
  static func accuracyBars(_ bars: [ReportBar], data: String?) -> String {
    let usable = bars.filter { $0.value.isFinite && (0...100).contains($0.value) }
    guard !usable.isEmpty else { return "<p>No accuracy figures to plot.</p>" }
    var metrics: [String] = []
    for b in usable where !metrics.contains(b.metric) { metrics.append(b.metric) }
    let caption = "measured on: " + (data ?? "data not stated")
    let legend = "filled: measured here · dashed outline: published (source in Tables II and III)"
    let (barW, gap, left, topY, plotH) = (44.0, 28.0, 44.0, 34.0, 200.0)
    let groupW = metrics.map { m in
      max(
        Double(usable.filter { $0.metric == m }.count) * (barW + 6),
        textWidth(m, size: 11) + 8)
    }
    let plotW = groupW.reduce(gap, { $0 + $1 + gap })
    let axisY = topY + plotH
    let width = max(left + plotW + 12, textWidth(caption, size: 12) + 16, textWidth(legend, size: 11) + 16)
    func y(_ v: Double) -> Double { axisY - plotH * v / 100 }
    var svg = [
      open(width: width, height: axisY + 56, label: "accuracy, published versus measured"),
      text(legend, x: 8, y: 14, size: 11),
      line(left, axisY, left + plotW, axisY), line(left, topY, left, axisY),
      text("%", x: 14, y: topY + plotH / 2, size: 11, anchor: "middle"),
      text(caption, x: 8, y: axisY + 46, size: 12, extra: " font-weight=\"bold\""),
    ]
    for v in stride(from: 0.0, through: 100, by: 20) {
      svg.append(line(left - 4, y(v), left, y(v)))
      if v > 0 { svg.append(line(left, y(v), left + plotW, y(v), "#eee")) }
      svg.append(text(String(Int(v)), x: left - 6, y: y(v) + 3.5, size: 10, anchor: "end"))
    }
    var gx = left + gap
    for (m, metric) in metrics.enumerated() {
      let group = usable.filter { $0.metric == metric }
      var bx = gx + (groupW[m] - Double(group.count) * (barW + 6)) / 2 + 3
      for b in group {
        let style =
          b.measured
          ? "fill=\"#c0392b\" stroke=\"#c0392b\"" : "fill=\"white\" stroke=\"#555\" stroke-dasharray=\"4 2\""
        svg.append(
          "<rect x=\"\(number(bx))\" y=\"\(number(y(b.value)))\" width=\"\(number(barW))\" "
            + "height=\"\(number(axisY - y(b.value)))\" \(style)><title>"
            + "\(ReportRenderer.escape(b.source)): \(String(format: "%.2f", b.value))</title></rect>")
        svg.append(
          text(
            String(format: "%.1f", b.value), x: bx + barW / 2, y: y(b.value) - 4, size: 10, anchor: "middle"))
        bx += barW + 6
      }
      svg.append(text(metric, x: gx + groupW[m] / 2, y: axisY + 18, size: 11, anchor: "middle"))
      gx += groupW[m] + gap
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }
}
