import Foundation

/// Inline SVG charts for the HTML report (static markup, no scripts). Every chart is sized from its
/// own text so that no label is clipped by the SVG edge.
enum ReportCharts {
  static func number(_ v: Double) -> String { String(format: "%.1f", v) }

  /// Width of `text` in a sans-serif font of `size` px, on the generous side: there are no font
  /// metrics here, and an overestimate only costs white space (the browser check measures the truth).
  static func textWidth(_ text: String, size: Double) -> Double {
    let wide = text.filter { $0.isUppercase || "MWmw%@".contains($0) }.count
    return (Double(text.count) * 0.6 + Double(wide) * 0.15) * size
  }

  static func text(
    _ s: String, x: Double, y: Double, size: Double = 11, anchor: String = "start", extra: String = ""
  ) -> String {
    "<text x=\"\(number(x))\" y=\"\(number(y))\" font-size=\"\(Int(size))\" text-anchor=\"\(anchor)\""
      + "\(extra)>\(ReportRenderer.escape(s))</text>"
  }

  static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ stroke: String = "black")
    -> String
  {
    "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" "
      + "stroke=\"\(stroke)\"/>"
  }

  static func open(width: Double, height: Double, label: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width.rounded(.up)))\" "
      + "height=\"\(Int(height.rounded(.up)))\" role=\"img\" aria-label=\"\(ReportRenderer.escape(label))\" "
      + "font-family=\"sans-serif\">"
  }

  /// A decade's label: 0.01, 0.1, 1, 10, 100, 1000, … (never 0).
  static func tick(_ decade: Int) -> String {
    decade >= 0
      ? "1" + String(repeating: "0", count: decade) : "0." + String(repeating: "0", count: -decade - 1) + "1"
  }

  /// Step of 1, 2 or 5 × 10^k giving at most `most` intervals up to `top`.
  static func niceStep(_ top: Double, most: Int = 5) -> Double {
    guard top > 0 else { return 1 }
    let raw = top / Double(most)
    let p = pow(10, (log10(raw)).rounded(.down))
    return [1.0, 2, 5, 10].map { $0 * p }.first { $0 >= raw } ?? 10 * p
  }
}
