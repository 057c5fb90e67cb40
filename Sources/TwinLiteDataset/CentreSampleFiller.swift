import TwinLiteCore

/// Fills polygons by centre sampling: pixel (i, j) is set iff its centre (i+0.5, j+0.5) is inside
/// under the non-zero winding rule, with half-open edges. Used for the thin centre lines (spec D11):
/// a 2-px band then sets exactly 2 px across horizontal and vertical lines.
package struct CentreSampleFiller {
  private struct Edge {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
    var winding: Int
  }

  private var edges: [Edge] = []
  private var crossings: [(x: Double, winding: Int)] = []
  private var start: Point2D?
  private var last: Point2D?

  package init() {}

  package mutating func moveTo(_ p: Point2D) {
    closePolygon()
    start = p
    last = p
  }

  package mutating func lineTo(_ p: Point2D) {
    guard let from = last else {
      moveTo(p)
      return
    }
    if from.y != p.y {
      edges.append(
        from.y < p.y
          ? Edge(x0: from.x, y0: from.y, x1: p.x, y1: p.y, winding: 1)
          : Edge(x0: p.x, y0: p.y, x1: from.x, y1: from.y, winding: -1))
    }
    last = p
  }

  package mutating func closePolygon() {
    if let start, let last, start != last { lineTo(start) }
    last = start
  }

  /// Adds a closed polygon.
  package mutating func addPolygon(_ points: [Point2D]) {
    guard let first = points.first else { return }
    moveTo(first)
    for p in points.dropFirst() { lineTo(p) }
    closePolygon()
  }

  /// Writes `value` into the covered pixels and clears the filler.
  package mutating func paint(into mask: inout Mask, value: UInt8) {
    closePolygon()
    start = nil
    last = nil
    defer { edges.removeAll(keepingCapacity: true) }
    guard !edges.isEmpty else { return }
    let width = mask.width
    let height = mask.height
    var minY = Double.infinity
    var maxY = -Double.infinity
    for edge in edges {
      minY = min(minY, edge.y0)
      maxY = max(maxY, edge.y1)
    }
    // Rows whose centre lies in [minY, maxY).
    let firstRow = max(0, Int((minY - 0.5).rounded(.up)))
    let lastRow = min(height - 1, Int((maxY - 0.5).rounded(.up)) - 1)
    guard firstRow <= lastRow else { return }
    mask.pixels.withUnsafeMutableBufferPointer { pixels in
      for row in firstRow...lastRow {
        let y = Double(row) + 0.5
        crossings.removeAll(keepingCapacity: true)
        for edge in edges where edge.y0 <= y && y < edge.y1 {
          let t = (y - edge.y0) / (edge.y1 - edge.y0)
          crossings.append((edge.x0 + t * (edge.x1 - edge.x0), edge.winding))
        }
        if crossings.count < 2 { continue }
        crossings.sort { $0.x < $1.x }
        var winding = 0
        let base = pixels.baseAddress! + row * width
        for index in 0..<(crossings.count - 1) {
          winding += crossings[index].winding
          guard winding != 0 else { continue }
          // Pixels whose centre x + 0.5 lies in [a, b).
          let lo = max(0, Int((crossings[index].x - 0.5).rounded(.up)))
          let hi = min(width, Int((crossings[index + 1].x - 0.5).rounded(.up)))
          if lo < hi { (base + lo).update(repeating: value, count: hi - lo) }
        }
      }
    }
  }
}
