/// The outline of a stroked open polyline, as Agg's `vcgen_stroke` builds it: butt caps, miter joins
/// (with Agg's clipped-miter fallback past the limit), inner miter joins. The outline is one closed
/// contour meant for a non-zero-winding fill.
package struct AggStroker {
  package var halfWidth: Double
  package var miterLimit: Double
  static let innerMiterLimit = 1.01
  static let vertexEpsilon = 1e-14
  static let intersectionEpsilon = 1e-30

  package init(width: Double, miterLimit: Double = 4) {
    halfWidth = width / 2
    self.miterLimit = miterLimit
  }

  /// Appends the outline of `points` to `outline` (cleared first). Fewer than two distinct
  /// vertices give an empty outline, as in Agg.
  package func outline(of input: [Point2D], into outline: inout [Point2D], scratch: inout [Point2D]) {
    outline.removeAll(keepingCapacity: true)
    // Drop coincident consecutive vertices (Agg `vertex_sequence` with `vertex_dist`).
    scratch.removeAll(keepingCapacity: true)
    for p in input {
      if let last = scratch.last, Self.distance(last, p) <= Self.vertexEpsilon { continue }
      scratch.append(p)
    }
    let v = scratch
    let n = v.count
    guard n >= 2 else { return }
    var lengths = [Double](repeating: 0, count: n)
    for i in 0..<(n - 1) { lengths[i] = Self.distance(v[i], v[i + 1]) }

    cap(v[0], v[1], lengths[0], &outline)
    if n > 2 {
      for i in 1..<(n - 1) { join(v[i - 1], v[i], v[i + 1], lengths[i - 1], lengths[i], &outline) }
    }
    cap(v[n - 1], v[n - 2], lengths[n - 2], &outline)
    if n > 2 {
      for i in stride(from: n - 2, through: 1, by: -1) {
        join(v[i + 1], v[i], v[i - 1], lengths[i], lengths[i - 1], &outline)
      }
    }
  }

  @inline(__always)
  static func distance(_ a: Point2D, _ b: Point2D) -> Double {
    let dx = b.x - a.x
    let dy = b.y - a.y
    return (dx * dx + dy * dy).squareRoot()
  }

  private func cap(_ v0: Point2D, _ v1: Point2D, _ length: Double, _ out: inout [Point2D]) {
    let dx1 = (v1.y - v0.y) / length * halfWidth
    let dy1 = (v1.x - v0.x) / length * halfWidth
    out.append(Point2D(v0.x - dx1, v0.y + dy1))
    out.append(Point2D(v0.x + dx1, v0.y - dy1))
  }

  @inline(__always)
  private static func cross(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x: Double, _ y: Double)
    -> Double
  {
    (x - x2) * (y2 - y1) - (y - y2) * (x2 - x1)
  }

  // swiftlint:disable:next function_parameter_count
  private static func intersection(
    _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double,
    _ cx: Double, _ cy: Double, _ dx: Double, _ dy: Double
  ) -> Point2D? {
    let num = (ay - cy) * (dx - cx) - (ax - cx) * (dy - cy)
    let den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx)
    if abs(den) < intersectionEpsilon { return nil }
    let r = num / den
    return Point2D(ax + r * (bx - ax), ay + r * (by - ay))
  }

  private enum JoinKind { case miter, revert }

  // swiftlint:disable:next function_parameter_count
  private func miter(
    _ v0: Point2D, _ v1: Point2D, _ v2: Point2D,
    _ dx1: Double, _ dy1: Double, _ dx2: Double, _ dy2: Double,
    _ kind: JoinKind, _ limit: Double, _ bevel: Double, _ out: inout [Point2D]
  ) {
    var xi = v1.x
    var yi = v1.y
    var di = 1.0
    let lim = halfWidth * limit
    var limitExceeded = true
    var intersectionFailed = true
    if let p = Self.intersection(
      v0.x + dx1, v0.y - dy1, v1.x + dx1, v1.y - dy1, v1.x + dx2, v1.y - dy2, v2.x + dx2, v2.y - dy2)
    {
      xi = p.x
      yi = p.y
      di = Self.distance(v1, p)
      if di <= lim {
        out.append(p)
        limitExceeded = false
      }
      intersectionFailed = false
    } else {
      let x2 = v1.x + dx1
      let y2 = v1.y - dy1
      if (Self.cross(v0.x, v0.y, v1.x, v1.y, x2, y2) < 0) == (Self.cross(v1.x, v1.y, v2.x, v2.y, x2, y2) < 0) {
        out.append(Point2D(v1.x + dx1, v1.y - dy1))
        limitExceeded = false
      }
    }
    guard limitExceeded else { return }
    switch kind {
    case .revert:
      out.append(Point2D(v1.x + dx1, v1.y - dy1))
      out.append(Point2D(v1.x + dx2, v1.y - dy2))
    case .miter:
      if intersectionFailed {
        out.append(Point2D(v1.x + dx1 + dy1 * limit, v1.y - dy1 + dx1 * limit))
        out.append(Point2D(v1.x + dx2 - dy2 * limit, v1.y - dy2 - dx2 * limit))
      } else {
        let x1 = v1.x + dx1
        let y1 = v1.y - dy1
        let x2 = v1.x + dx2
        let y2 = v1.y - dy2
        let k = (lim - bevel) / (di - bevel)
        out.append(Point2D(x1 + (xi - x1) * k, y1 + (yi - y1) * k))
        out.append(Point2D(x2 + (xi - x2) * k, y2 + (yi - y2) * k))
      }
    }
  }

  // swiftlint:disable:next function_parameter_count
  private func join(
    _ v0: Point2D, _ v1: Point2D, _ v2: Point2D, _ len1: Double, _ len2: Double, _ out: inout [Point2D]
  ) {
    let w = halfWidth
    let dx1 = w * (v1.y - v0.y) / len1
    let dy1 = w * (v1.x - v0.x) / len1
    let dx2 = w * (v2.y - v1.y) / len2
    let dy2 = w * (v2.x - v1.x) / len2
    let cp = Self.cross(v0.x, v0.y, v1.x, v1.y, v2.x, v2.y)
    if cp != 0 && (cp > 0) == (w > 0) {
      // Inner join: a miter limited by the shorter segment, else a simple bevel.
      var limit = min(len1, len2) / w
      if limit < Self.innerMiterLimit { limit = Self.innerMiterLimit }
      miter(v0, v1, v2, dx1, dy1, dx2, dy2, .revert, limit, 0, &out)
    } else {
      let dx = (dx1 + dx2) / 2
      let dy = (dy1 + dy2) / 2
      let bevel = (dx * dx + dy * dy).squareRoot()
      miter(v0, v1, v2, dx1, dy1, dx2, dy2, .miter, miterLimit, bevel, &out)
    }
  }
}
