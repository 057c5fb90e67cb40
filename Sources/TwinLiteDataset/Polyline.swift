/// Small polyline helpers for the centre-line merge.
package enum Polyline {
  @inline(__always)
  package static func distance(_ a: Point2D, _ b: Point2D) -> Double {
    let dx = b.x - a.x
    let dy = b.y - a.y
    return (dx * dx + dy * dy).squareRoot()
  }

  package static func length(_ points: [Point2D]) -> Double {
    guard points.count > 1 else { return 0 }
    var total = 0.0
    for i in 1..<points.count { total += distance(points[i - 1], points[i]) }
    return total
  }

  /// `count` points at equal arc-length fractions from the first to the last point.
  package static func resample(_ points: [Point2D], count: Int) -> [Point2D] {
    precondition(count >= 2, "Polyline.resample: count \(count) < 2")
    guard let first = points.first else { return [] }
    let total = length(points)
    guard total > 0 else { return [Point2D](repeating: first, count: count) }
    var result: [Point2D] = []
    result.reserveCapacity(count)
    var segment = 0
    var walked = 0.0  // arc length at the start of `segment`
    var segmentLength = distance(points[0], points[1])
    for k in 0..<count {
      let target = total * Double(k) / Double(count - 1)
      while segment < points.count - 2 && walked + segmentLength < target {
        walked += segmentLength
        segment += 1
        segmentLength = distance(points[segment], points[segment + 1])
      }
      let t = segmentLength > 0 ? min(1, max(0, (target - walked) / segmentLength)) : 0
      let p = points[segment]
      let q = points[segment + 1]
      result.append(Point2D(p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t))
    }
    result[count - 1] = points[points.count - 1]
    return result
  }

  /// Distance from `p` to the polyline, and whether the closest point lies strictly inside it
  /// (not at its first or last point): samples beyond an end do not count as overlap.
  package static func closestPoint(on points: [Point2D], to p: Point2D) -> (distance: Double, interior: Bool) {
    guard points.count > 1 else { return (points.first.map { distance($0, p) } ?? .infinity, false) }
    var best = Double.infinity
    var interior = false
    let last = points.count - 2
    for i in 0...last {
      let a = points[i]
      let b = points[i + 1]
      let dx = b.x - a.x
      let dy = b.y - a.y
      let lengthSquared = dx * dx + dy * dy
      var t = lengthSquared > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared : 0
      t = min(1, max(0, t))
      let cx = a.x + t * dx - p.x
      let cy = a.y + t * dy - p.y
      let d = (cx * cx + cy * cy).squareRoot()
      if d < best {
        best = d
        let atStart = i == 0 && t <= 1e-9
        let atEnd = i == last && t >= 1 - 1e-9
        interior = !(atStart || atEnd)
      }
    }
    return (best, interior)
  }
}
