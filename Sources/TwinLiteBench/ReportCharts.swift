import Foundation

/// Inline SVG charts for the HTML report (static markup, no scripts).
enum ReportCharts {
  static func number(_ v: Double) -> String { String(format: "%.1f", v) }

  /// A decade's label: an integer where one fits, else the exponent form.
  static func tick(_ f: Double) -> String { f < 1e15 ? String(Int(f)) : String(format: "%.0e", f) }

  /// Scatter of FPS (log scale) over parameters in millions; measured points filled, published hollow.
  static func fpsVsParams(_ points: [ReportPoint]) -> String {
    // Only finite, positive values can be placed on a log axis.
    let usable = points.filter { $0.fps.isFinite && $0.params.isFinite && $0.fps > 0 && $0.params > 0 }
    guard !usable.isEmpty else { return "<p>No FPS values to plot.</p>" }
    let (w, h, m) = (560.0, 320.0, 50.0)
    let maxParams = (usable.map(\.params).max() ?? 1) * 1.1
    let logs = usable.map { log10($0.fps) }
    let lo = (logs.min() ?? 0).rounded(.down)
    let hi = max((logs.max() ?? 1).rounded(.up), lo + 1)
    func x(_ p: Double) -> Double { m + (w - 2 * m) * p / maxParams }
    func y(_ f: Double) -> Double { h - m - (h - 2 * m) * (log10(f) - lo) / (hi - lo) }
    var svg = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">",
      "<line x1=\"\(m)\" y1=\"\(h - m)\" x2=\"\(w - m)\" y2=\"\(h - m)\" stroke=\"black\"/>",
      "<line x1=\"\(m)\" y1=\"\(m)\" x2=\"\(m)\" y2=\"\(h - m)\" stroke=\"black\"/>",
      "<text x=\"\(w / 2)\" y=\"\(h - 10)\" text-anchor=\"middle\" font-size=\"12\">parameters (M)</text>",
      "<text x=\"12\" y=\"\(h / 2)\" font-size=\"12\" transform=\"rotate(-90 12 \(h / 2))\" "
        + "text-anchor=\"middle\">FPS (log)</text>",
    ]
    var decade = lo
    while decade <= hi {
      let f = pow(10, decade)
      svg.append(
        "<text x=\"\(m - 4)\" y=\"\(number(y(f)))\" text-anchor=\"end\" font-size=\"10\">\(tick(f))</text>")
      decade += 1
    }
    for p in usable {
      let fill = p.measured ? "#c0392b" : "none"
      svg.append(
        "<circle cx=\"\(number(x(p.params)))\" cy=\"\(number(y(p.fps)))\" r=\"5\" fill=\"\(fill)\" "
          + "stroke=\"#c0392b\"><title>\(ReportRenderer.escape(p.label))</title></circle>")
      svg.append(
        "<text x=\"\(number(x(p.params) + 7))\" y=\"\(number(y(p.fps) + 4))\" font-size=\"10\">"
          + "\(ReportRenderer.escape(p.label))</text>")
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }

  /// Ten-bin histogram of per-image lane IoU in [0, 1].
  static func histogram(_ values: [Double]) -> String {
    guard !values.isEmpty else { return "<p>No per-image scores (no accuracy run).</p>" }
    var bins = [Int](repeating: 0, count: 10)
    // Clamped into [0, 1] before the bin index is taken; NaN has no bin.
    for v in values where !v.isNaN { bins[min(9, Int(min(max(v, 0), 1) * 10))] += 1 }
    let (w, h, m) = (440.0, 240.0, 40.0)
    let top = Double(bins.max() ?? 1)
    let bw = (w - 2 * m) / 10
    var svg = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">",
      "<line x1=\"\(m)\" y1=\"\(h - m)\" x2=\"\(w - m)\" y2=\"\(h - m)\" stroke=\"black\"/>",
      "<text x=\"\(w / 2)\" y=\"\(h - 8)\" text-anchor=\"middle\" font-size=\"12\">"
        + "lane IoU per image (\(values.count) images)</text>",
    ]
    for (i, count) in bins.enumerated() {
      let bh = (h - 2 * m) * Double(count) / top
      let bx = m + Double(i) * bw
      let range = String(format: "%.1f–%.1f", Double(i) / 10, Double(i + 1) / 10)
      svg.append(
        "<rect x=\"\(number(bx + 1))\" y=\"\(number(h - m - bh))\" width=\"\(number(bw - 2))\" "
          + "height=\"\(number(bh))\" fill=\"#2e86c1\"><title>\(range): \(count)</title></rect>")
      svg.append(
        "<text x=\"\(number(bx + bw / 2))\" y=\"\(number(h - m + 12))\" text-anchor=\"middle\" "
          + "font-size=\"9\">\(String(format: "%.1f", Double(i) / 10))</text>")
    }
    svg.append("</svg>")
    return svg.joined(separator: "\n")
  }
}
