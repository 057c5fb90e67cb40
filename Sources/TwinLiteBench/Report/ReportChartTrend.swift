import Foundation

extension ReportCharts {
  /// One metric over commits, oldest left: a point per commit (its newest entry), joined by a line,
  /// and the gate the values were checked against as a dashed line (a value beyond it fails).
  static func trend(_ metric: String, entries: [HistoryEntry]) -> String {
    let points = latestPerCommit(entries.filter { $0.metric == metric && $0.value.isFinite })
    guard let last = points.last else { return "<p>No history for \(ReportRenderer.escape(metric)).</p>" }
    let size = 11.0
    let gates = points.map { $0.threshold.flatMap { $0.isFinite ? $0 : nil } }
    let all = points.map(\.value) + gates.compactMap { $0 }
    var (lo, hi) = (all.min() ?? 0, all.max() ?? 1)
    let pad = max((hi - lo) * 0.1, abs(hi) * 0.005, 1e-9)
    (lo, hi) = (lo - pad, hi + pad)
    let step = niceStep(hi - lo, most: 4)
    let ticks = stride(from: (lo / step).rounded(.up) * step, through: hi, by: step).map { $0 }
    let tickLabels = ticks.map { axisValue($0, unit: last.unit) }
    let title = "\(metric) (\(last.unit)) per commit · \(last.machine)"
    let legend = gates.contains { $0 != nil } ? "dashed: gate (a value beyond it fails)" : "not gated"
    let left = 12 + (tickLabels.map { textWidth($0, size: 10) }.max() ?? 0)
    let columnW = max(72.0, textWidth("0000000", size: 10) + 16)
    let valueW = textWidth(axisValue(last.value, unit: last.unit), size: 10) + 8
    let plotW = columnW * Double(points.count)
    let (top, plotH) = (44.0, 160.0)
    let axisY = top + plotH
    let width = max(
      left + plotW + valueW, textWidth(title, size: 12) + 16, textWidth(legend, size: size) + 16)
    func x(_ i: Int) -> Double { left + columnW * (Double(i) + 0.5) }
    func y(_ v: Double) -> Double { axisY - plotH * (v - lo) / (hi - lo) }
    var svg = [
      open(width: width, height: axisY + 34, label: "trend: \(metric)"),
      text(title, x: 8, y: 15, size: 12, extra: " font-weight=\"bold\""),
      text(legend, x: 8, y: 31, size: size),
      line(left, top, left, axisY), line(left, axisY, left + plotW, axisY),
    ]
    for (v, label) in zip(ticks, tickLabels) {
      svg.append(line(left - 4, y(v), left, y(v)))
      svg.append(line(left, y(v), left + plotW, y(v), "#eee"))
      svg.append(text(label, x: left - 6, y: y(v) + 3.5, size: 10, anchor: "end"))
    }
    // The gate per commit: a step line, since a baseline update moves it.
    for (i, gate) in gates.enumerated() {
      guard let gate else { continue }
      let (x0, x1) = (left + columnW * Double(i), left + columnW * Double(i + 1))
      svg.append(
        "<line class=\"gate\" x1=\"\(number(x0))\" y1=\"\(number(y(gate)))\" x2=\"\(number(x1))\" "
          + "y2=\"\(number(y(gate)))\" stroke=\"#c0392b\" stroke-dasharray=\"5 3\"/>")
    }
    let path = points.indices.map { "\(number(x($0))),\(number(y(points[$0].value)))" }.joined(separator: " ")
    svg.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"#2c3e50\"/>")
    for (i, p) in points.enumerated() {
      let failed = beyond(p)
      svg.append(
        "<circle class=\"point\" cx=\"\(number(x(i)))\" cy=\"\(number(y(p.value)))\" r=\"3.5\" "
          + "fill=\"\(failed ? "#c0392b" : "#2c3e50")\"><title>"
          + ReportRenderer.escape("\(p.commit) \(p.date): \(axisValue(p.value, unit: p.unit))")
          + "</title></circle>")
      svg.append(text(String(p.commit.prefix(7)), x: x(i), y: axisY + 16, size: 10, anchor: "middle"))
    }
    svg.append(
      text(
        axisValue(last.value, unit: last.unit), x: x(points.count - 1) + 6,
        y: min(max(y(last.value) - 6, top + 8), axisY - 4), size: 10))
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }

  /// A point beyond its gate: below it for bigger-is-better metrics (the gate under the baseline,
  /// accuracy), above it for the others (ms, instructions).
  static func beyond(_ p: HistoryEntry) -> Bool {
    guard let gate = p.threshold else { return false }
    return p.unit == "%" ? p.value < gate : p.value > gate
  }

  /// The newest entry of each commit, commits in the order of their first entry's date.
  static func latestPerCommit(_ entries: [HistoryEntry]) -> [HistoryEntry] {
    var order: [String] = []
    var newest: [String: HistoryEntry] = [:]
    for e in entries.sorted(by: { $0.date < $1.date }) {
      if newest[e.commit] == nil { order.append(e.commit) }
      newest[e.commit] = e
    }
    return order.compactMap { newest[$0] }
  }

  /// Axis and point labels: millions for instruction counts, else up to three significant decimals.
  static func axisValue(_ v: Double, unit: String) -> String {
    if unit == "instructions" { return String(format: "%.1f M", v / 1e6) }
    let a = abs(v)
    return String(format: a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f", v)
      + (unit == "%" ? " %" : " \(unit)")
  }
}
