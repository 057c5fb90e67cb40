/// matplotlib's `PathClipper` for unfilled paths: before snapping, straight segments are clipped to
/// the canvas grown by 1 px (Agg's Liang–Barsky `clip_line_segment`); a segment whose start moved
/// starts a new subpath; cubic segments pass through whole. Off-canvas lanes therefore keep the
/// slope matplotlib draws, and a lane that leaves and re-enters the frame becomes two strokes.
package struct StrokeClipper {
  let x1: Double
  let y1: Double
  let x2: Double
  let y2: Double

  package init(width: Int, height: Int) {
    x1 = -1
    y1 = -1
    x2 = Double(width) + 1
    y2 = Double(height) + 1
  }

  @inline(__always)
  private func flags(_ x: Double, _ y: Double) -> UInt32 {
    (x > x2 ? 1 : 0) | (y > y2 ? 2 : 0) | (x < x1 ? 4 : 0) | (y < y1 ? 8 : 0)
  }

  private func movePoint(
    _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ x: inout Double, _ y: inout Double,
    _ pointFlags: UInt32
  ) -> Bool {
    var f = pointFlags
    if f & 5 != 0 {
      if ax == bx { return false }
      let bound = f & 4 != 0 ? x1 : x2
      y = (bound - ax) * (by - ay) / (bx - ax) + ay
      x = bound
    }
    f = (y > y2 ? 2 : 0) | (y < y1 ? 8 : 0)
    if f & 10 != 0 {
      if ay == by { return false }
      let bound = f & 8 != 0 ? y1 : y2
      x = (bound - ay) * (bx - ax) / (by - ay) + ax
      y = bound
    }
    return true
  }

  /// Returns 0 visible, bit 1 start moved, bit 2 end moved, ≥ 4 fully clipped.
  private func clip(_ a: inout Point2D, _ b: inout Point2D) -> UInt32 {
    let f1 = flags(a.x, a.y)
    let f2 = flags(b.x, b.y)
    if (f1 | f2) == 0 { return 0 }
    if (f1 & 5) != 0 && (f1 & 5) == (f2 & 5) { return 4 }
    if (f1 & 10) != 0 && (f1 & 10) == (f2 & 10) { return 4 }
    let (ax, ay, bx, by) = (a.x, a.y, b.x, b.y)
    var result: UInt32 = 0
    if f1 != 0 {
      if !movePoint(ax, ay, bx, by, &a.x, &a.y, f1) { return 4 }
      if a == b { return 4 }
      result |= 1
    }
    if f2 != 0 {
      if !movePoint(ax, ay, bx, by, &b.x, &b.y, f2) { return 4 }
      if a == b { return 4 }
      result |= 2
    }
    return result
  }

  /// Splits `path` (raw label coordinates) into the subpaths matplotlib strokes.
  package func clip(_ path: PathSegments) -> [PathSegments] {
    var result: [PathSegments] = []
    var current: PathSegments?
    var last = path.start
    var pendingMove = true  // `m_moveto`: the next drawn piece starts a subpath at its first point
    func flush() {
      if let piece = current, !piece.segments.isEmpty { result.append(piece) }
      current = nil
    }
    for segment in path.segments {
      switch segment {
      case .line(let end):
        var a = last
        var b = end
        let moved = clip(&a, &b)
        if moved < 4 {
          if moved & 1 != 0 || pendingMove {
            flush()
            current = PathSegments(start: a, segments: [])
          }
          current?.segments.append(.line(b))
          pendingMove = false
        }
        last = end
      case .cubic:
        if pendingMove {
          flush()
          current = PathSegments(start: last, segments: [])
          pendingMove = false
        }
        current?.segments.append(segment)
        last = segment.end
      }
    }
    flush()
    return result
  }
}
