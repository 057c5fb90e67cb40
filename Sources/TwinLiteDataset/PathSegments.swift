/// A `poly2d` read with the `C` rule (`docs/bdd100k-labels.md` §1): the first vertex is the start;
/// a `C` at index i makes a cubic with control points i, i+1 and end point i+2, whatever their letters.
package struct PathSegments: Sendable, Equatable {
  package enum Segment: Sendable, Equatable {
    case line(Point2D)
    case cubic(Point2D, Point2D, Point2D)

    package var end: Point2D {
      switch self {
      case .line(let p): p
      case .cubic(_, _, let p): p
      }
    }

    package var isCubic: Bool {
      if case .cubic = self { return true }
      return false
    }
  }

  package var start: Point2D
  package var segments: [Segment]

  package init(start: Point2D, segments: [Segment]) {
    self.start = start
    self.segments = segments
  }

  /// Reads `poly`; when `closed`, vertex 0 is appended as an `L` vertex first (2020 toolkit).
  /// `transform` is applied to every vertex (snapping). A `C` without two vertices after it
  /// (rejected by the readers) degrades to straight lines here rather than crash.
  package init(_ poly: Poly2D, closed: Bool, transform: (Point2D) -> Point2D = { $0 }) {
    var points = poly.vertices.map(transform)
    var kinds = poly.kinds
    if closed, let first = points.first {
      points.append(first)
      kinds.append(.line)
    }
    start = points.first ?? Point2D(0, 0)
    segments = []
    segments.reserveCapacity(points.count)
    var i = 1
    while i < points.count {
      if kinds[i] == .curve && i + 2 < points.count {
        segments.append(.cubic(points[i], points[i + 1], points[i + 2]))
        i += 3
      } else {
        segments.append(.line(points[i]))
        i += 1
      }
    }
  }

  /// The same path traversed backwards (cubic control points swap).
  package func reversed() -> PathSegments {
    guard !segments.isEmpty else { return self }
    var result: [Segment] = []
    result.reserveCapacity(segments.count)
    var ends = [start]
    for segment in segments { ends.append(segment.end) }
    for index in stride(from: segments.count - 1, through: 0, by: -1) {
      let from = ends[index]
      switch segments[index] {
      case .line: result.append(.line(from))
      case .cubic(let c1, let c2, _): result.append(.cubic(c2, c1, from))
      }
    }
    return PathSegments(start: segments.last!.end, segments: result)
  }

  /// The polyline after Agg `curve4_div` flattening of every cubic.
  package func flattened(into points: inout [Point2D]) {
    points.removeAll(keepingCapacity: true)
    points.append(start)
    var current = start
    for segment in segments {
      switch segment {
      case .line(let p):
        points.append(p)
      case .cubic(let c1, let c2, let end):
        CurveSubdivision.appendCubic(from: current, c1, c2, end, to: &points)
      }
      current = segment.end
    }
  }

  package func flattened() -> [Point2D] {
    var points: [Point2D] = []
    flattened(into: &points)
    return points
  }
}

/// matplotlib's snapping of every vertex (control points included) before flattening:
/// `floor(v + 0.5) + offset`, offset 0 for fills and 0.5 for odd-width strokes.
package func snapped(_ offset: Double) -> (Point2D) -> Point2D {
  { Point2D((($0.x + 0.5).rounded(.down)) + offset, (($0.y + 0.5).rounded(.down)) + offset) }
}
