/// Agg's `curve4_div` recursive cubic subdivision with matplotlib's settings: approximation scale 1
/// (distance tolerance² 0.25), angle tolerance 0, cusp limit 0, recursion limit 32.
package enum CurveSubdivision {
  static let distanceToleranceSquare = 0.25
  static let collinearityEpsilon = 1e-30
  static let recursionLimit = 32

  /// Appends the flattened points of the cubic after `p1` (excluding it), ending with `p4`.
  package static func appendCubic(
    from p1: Point2D, _ p2: Point2D, _ p3: Point2D, _ p4: Point2D, to points: inout [Point2D]
  ) {
    recurse(p1.x, p1.y, p2.x, p2.y, p3.x, p3.y, p4.x, p4.y, 0, &points)
    points.append(p4)
  }

  private static func squaredDistance(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> Double {
    let dx = x2 - x1
    let dy = y2 - y1
    return dx * dx + dy * dy
  }

  // swiftlint:disable:next function_parameter_count
  private static func recurse(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double,
    _ x3: Double, _ y3: Double, _ x4: Double, _ y4: Double,
    _ level: Int, _ points: inout [Point2D]
  ) {
    if level > recursionLimit { return }
    let x12 = (x1 + x2) / 2
    let y12 = (y1 + y2) / 2
    let x23 = (x2 + x3) / 2
    let y23 = (y2 + y3) / 2
    let x34 = (x3 + x4) / 2
    let y34 = (y3 + y4) / 2
    let x123 = (x12 + x23) / 2
    let y123 = (y12 + y23) / 2
    let x234 = (x23 + x34) / 2
    let y234 = (y23 + y34) / 2
    let x1234 = (x123 + x234) / 2
    let y1234 = (y123 + y234) / 2

    let dx = x4 - x1
    let dy = y4 - y1
    var d2 = abs((x2 - x4) * dy - (y2 - y4) * dx)
    var d3 = abs((x3 - x4) * dy - (y3 - y4) * dx)
    let tolerance = distanceToleranceSquare

    switch ((d2 > collinearityEpsilon ? 1 : 0) << 1) + (d3 > collinearityEpsilon ? 1 : 0) {
    case 0:
      // All collinear, or p1 == p4.
      var k = dx * dx + dy * dy
      if k == 0 {
        d2 = squaredDistance(x1, y1, x2, y2)
        d3 = squaredDistance(x4, y4, x3, y3)
      } else {
        k = 1 / k
        d2 = k * ((x2 - x1) * dx + (y2 - y1) * dy)
        d3 = k * ((x3 - x1) * dx + (y3 - y1) * dy)
        if d2 > 0 && d2 < 1 && d3 > 0 && d3 < 1 { return }
        if d2 <= 0 {
          d2 = squaredDistance(x2, y2, x1, y1)
        } else if d2 >= 1 {
          d2 = squaredDistance(x2, y2, x4, y4)
        } else {
          d2 = squaredDistance(x2, y2, x1 + d2 * dx, y1 + d2 * dy)
        }
        if d3 <= 0 {
          d3 = squaredDistance(x3, y3, x1, y1)
        } else if d3 >= 1 {
          d3 = squaredDistance(x3, y3, x4, y4)
        } else {
          d3 = squaredDistance(x3, y3, x1 + d3 * dx, y1 + d3 * dy)
        }
      }
      if d2 > d3 {
        if d2 < tolerance {
          points.append(Point2D(x2, y2))
          return
        }
      } else if d3 < tolerance {
        points.append(Point2D(x3, y3))
        return
      }
    case 1:
      if d3 * d3 <= tolerance * (dx * dx + dy * dy) {
        points.append(Point2D(x23, y23))
        return
      }
    case 2:
      if d2 * d2 <= tolerance * (dx * dx + dy * dy) {
        points.append(Point2D(x23, y23))
        return
      }
    default:
      if (d2 + d3) * (d2 + d3) <= tolerance * (dx * dx + dy * dy) {
        points.append(Point2D(x23, y23))
        return
      }
    }
    recurse(x1, y1, x12, y12, x123, y123, x1234, y1234, level + 1, &points)
    recurse(x1234, y1234, x234, y234, x34, y34, x4, y4, level + 1, &points)
  }
}
