import Foundation

extension ReportCharts {
  /// Ten-bin histogram of per-image lane IoU in [0, 1], with a count axis.
  static func histogram(_ values: [Double]) -> String {
    guard !values.isEmpty else { return "<p>No per-image scores (no accuracy run).</p>" }
    var bins = [Int](repeating: 0, count: 10)
    // Clamped into [0, 1] before the bin index is taken; NaN has no bin.
    for v in values where !v.isNaN { bins[min(9, Int(min(max(v, 0), 1) * 10))] += 1 }
    let step = niceStep(Double(max(bins.max() ?? 1, 1)))
    let top = step * (Double(max(bins.max() ?? 1, 1)) / step).rounded(.up)
    let tickLabels = stride(from: 0.0, through: top + step / 2, by: step).map { String(Int($0)) }
    let left = 30 + (tickLabels.map { textWidth($0, size: 10) }.max() ?? 0)
    let (plotW, plotH, topY) = (400.0, 180.0, 12.0)
    let axisY = topY + plotH
    let title = "lane IoU per image (\(values.count) images)"
    let width = max(left + plotW + 16, textWidth(title, size: 12) + 16)
    let bw = plotW / 10
    func y(_ count: Double) -> Double { axisY - plotH * count / top }
    var svg = [
      open(width: width, height: axisY + 46, label: "histogram of per-image lane IoU"),
      line(left, axisY, left + plotW, axisY), line(left, topY, left, axisY),
      text(title, x: left + plotW / 2, y: axisY + 38, size: 12, anchor: "middle"),
      text(
        "images", x: 12, y: topY + plotH / 2, size: 11, anchor: "middle",
        extra: " transform=\"rotate(-90 12 \(number(topY + plotH / 2)))\""),
    ]
    for (i, label) in tickLabels.enumerated() {
      let ty = y(Double(i) * step)
      svg.append(line(left - 4, ty, left, ty))
      if i > 0 { svg.append(line(left, ty, left + plotW, ty, "#eee")) }
      svg.append(text(label, x: left - 6, y: ty + 3.5, size: 10, anchor: "end"))
    }
    for (i, count) in bins.enumerated() {
      let bx = left + Double(i) * bw
      let range = String(format: "%.1f–%.1f", Double(i) / 10, Double(i + 1) / 10)
      svg.append(
        "<rect x=\"\(number(bx + 1))\" y=\"\(number(y(Double(count))))\" width=\"\(number(bw - 2))\" "
          + "height=\"\(number(axisY - y(Double(count))))\" fill=\"#2e86c1\">"
          + "<title>\(range): \(count)</title></rect>")
    }
    for i in 0...10 {
      let tx = left + Double(i) * bw
      svg.append(line(tx, axisY, tx, axisY + 4))
      let label = String(format: "%.1f", Double(i) / 10)
      svg.append(text(label, x: tx, y: axisY + 16, size: 10, anchor: "middle"))
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }
}
