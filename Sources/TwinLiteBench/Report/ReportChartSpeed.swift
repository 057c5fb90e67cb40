import Foundation

extension ReportCharts {
  /// Horizontal bars of FPS on a log axis, one per engine / device / threads / precision. Published
  /// rows are hollow and dashed, measured rows filled; a measured row timed on a busy machine is
  /// pale and says so beside its value.
  static func speedBars(_ points: [ReportPoint]) -> String {
    // Only finite, positive values can be placed on a log axis.
    let usable = points.filter { $0.fps.isFinite && $0.fps > 0 }
    guard !usable.isEmpty else { return "<p>No FPS values to plot.</p>" }
    let size = 11.0
    let logs = usable.map { log10($0.fps) }
    let lo = Int((logs.min() ?? 0).rounded(.down))
    let hi = max(Int((logs.max() ?? 1).rounded(.up)), lo + 1)
    let labels = usable.map { ($0.measured ? "measured: " : "published: ") + $0.label }
    let values = usable.map { p in
      String(format: p.fps < 10 ? "%.2f FPS" : "%.0f FPS", p.fps) + (p.note.map { " (\($0))" } ?? "")
    }
    let left = 8 + (labels.map { textWidth($0, size: size) }.max() ?? 0) + 8
    let plot = 60.0 * Double(hi - lo) + 120
    let right = (values.map { textWidth($0, size: size) }.max() ?? 0) + 12
    let legend = "filled: measured here · dashed outline: published (not comparable hardware)"
    let width = max(left + plot + right, textWidth(legend, size: size) + 16)
    let (top, rowH) = (28.0, 22.0)
    let axisY = top + rowH * Double(usable.count) + 4
    let height = axisY + 44
    func x(_ fps: Double) -> Double { left + plot * (log10(fps) - Double(lo)) / Double(hi - lo) }
    var svg = [
      open(width: width, height: height, label: "forward-pass speed, frames per second, log scale"),
      text(legend, x: 8, y: 16, size: size),
    ]
    for decade in lo...hi {
      let tx = x(pow(10, Double(decade)))
      svg.append(line(tx, top - 4, tx, axisY, "#ddd"))
      svg.append(line(tx, axisY, tx, axisY + 4))
      svg.append(text(tick(decade), x: tx, y: axisY + 16, size: 10, anchor: "middle"))
    }
    svg.append(line(left, axisY, left + plot, axisY))
    svg.append(
      text("frames per second (log scale)", x: left + plot / 2, y: axisY + 34, size: size, anchor: "middle"))
    for (i, p) in usable.enumerated() {
      let y = top + rowH * Double(i)
      let end = x(p.fps)
      let style =
        p.measured
        ? "fill=\"\(p.note == nil ? "#c0392b" : "#f1c4bd")\" stroke=\"#c0392b\""
        : "fill=\"white\" stroke=\"#555\" stroke-dasharray=\"4 2\""
      svg.append(text(labels[i], x: left - 8, y: y + 14, size: size, anchor: "end"))
      svg.append(
        "<rect x=\"\(number(left))\" y=\"\(number(y + 3))\" width=\"\(number(max(end - left, 1)))\" "
          + "height=\"\(number(rowH - 6))\" \(style)/>")
      svg.append(text(values[i], x: end + 4, y: y + 14, size: size))
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }
}
