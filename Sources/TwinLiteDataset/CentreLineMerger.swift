/// The PROPOSED centre-line algorithm of `docs/bdd100k-labels.md` §7 (D2–D10):
/// edges of the same type, direction and style pair greedily by increasing mean distance
/// (each edge used once, so every accepted pair is mutually nearest among the edges left),
/// if that distance is ≤ T and they overlap ≥ O of the shorter edge; the second edge is reversed
/// when its endpoints say so; the centre averages control points when both edges have the same
/// segment layout, else the two flattened edges resampled by arc length. Unpaired edges stay as drawn.
package enum CentreLineMerger {
  /// A lane line to draw: a polyline in continuous pixel coordinates.
  package struct Line: Sendable, Equatable {
    package var points: [Point2D]
    /// Indices (into the input edges) this line came from: one edge, or the two edges of a pair.
    package var sources: [Int]
  }

  /// A prepared edge: parsed segments, flattened polyline, distance samples.
  struct Prepared {
    var index: Int
    var edge: LaneEdge
    var segments: PathSegments
    var polyline: [Point2D]
    var length: Double
    var samples: [Point2D]
    var minX, minY, maxX, maxY: Double
  }

  /// How many points of the shorter edge are used to measure distance and overlap.
  static let maximumSamples = 64

  package static func lines(for edges: [LaneEdge], options: LaneOptions) -> [Line] {
    var prepared: [Prepared] = []
    for (index, edge) in edges.enumerated() where options.keeps(edge) {
      let segments = PathSegments(edge.poly, closed: false)
      let polyline = segments.flattened()
      let length = Polyline.length(polyline)
      let count = min(maximumSamples, max(2, Int((length / 2).rounded(.up)) + 1))
      var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
      for p in polyline {
        minX = min(minX, p.x)
        minY = min(minY, p.y)
        maxX = max(maxX, p.x)
        maxY = max(maxY, p.y)
      }
      prepared.append(
        Prepared(
          index: index, edge: edge, segments: segments, polyline: polyline, length: length,
          samples: Polyline.resample(polyline, count: count), minX: minX, minY: minY, maxX: maxX, maxY: maxY))
    }
    guard options.mergeCentreLines else {
      return prepared.map { Line(points: $0.polyline, sources: [$0.index]) }
    }

    // Candidate pairs (D4, D6–D8).
    var candidates: [(distance: Double, a: Int, b: Int)] = []
    let threshold = options.pairDistanceThreshold
    for a in prepared.indices {
      for b in (a + 1)..<prepared.count {
        let ea = prepared[a]
        let eb = prepared[b]
        guard ea.edge.type == eb.edge.type, ea.edge.direction == eb.edge.direction,
          ea.edge.style == eb.edge.style
        else { continue }
        // Bounding boxes farther apart than T cannot pair.
        if ea.minX - eb.maxX > threshold || eb.minX - ea.maxX > threshold || ea.minY - eb.maxY > threshold
          || eb.minY - ea.maxY > threshold
        {
          continue
        }
        guard let measure = pairMeasure(ea, eb), measure.overlap >= options.minimumOverlap,
          measure.distance <= threshold
        else { continue }
        candidates.append((measure.distance, a, b))
      }
    }
    candidates.sort { ($0.distance, $0.a, $0.b) < ($1.distance, $1.a, $1.b) }

    var used = [Bool](repeating: false, count: prepared.count)
    var partner = [Int?](repeating: nil, count: prepared.count)
    for candidate in candidates where !used[candidate.a] && !used[candidate.b] {
      used[candidate.a] = true
      used[candidate.b] = true
      partner[candidate.a] = candidate.b
    }

    var lines: [Line] = []
    var emitted = [Bool](repeating: false, count: prepared.count)
    for a in prepared.indices where !emitted[a] {
      emitted[a] = true
      if let b = partner[a] {
        emitted[b] = true
        lines.append(
          Line(points: centre(prepared[a], prepared[b], step: options.resampleStep),
               sources: [prepared[a].index, prepared[b].index]))
      } else if !used[a] {
        lines.append(Line(points: prepared[a].polyline, sources: [prepared[a].index]))
      }
    }
    return lines
  }

  /// Mean point-to-polyline distance from the shorter edge's samples that project inside the other
  /// edge, and the fraction of such samples (the overlap). Nil when nothing overlaps.
  static func pairMeasure(_ a: Prepared, _ b: Prepared) -> (distance: Double, overlap: Double)? {
    let (short, long) = a.length <= b.length ? (a, b) : (b, a)
    var total = 0.0
    var inside = 0
    for p in short.samples {
      let hit = Polyline.closestPoint(on: long.polyline, to: p)
      if hit.interior {
        total += hit.distance
        inside += 1
      }
    }
    guard inside > 0 else { return nil }
    return (total / Double(inside), Double(inside) / Double(short.samples.count))
  }

  /// D5: reverse `b` when its start is nearer `a`'s end than `a`'s start.
  static func shouldReverse(_ a: [Point2D], _ b: [Point2D]) -> Bool {
    guard let a0 = a.first, let a1 = a.last, let b0 = b.first, let b1 = b.last else { return false }
    let same = Polyline.distance(a0, b0) + Polyline.distance(a1, b1)
    let crossed = Polyline.distance(a0, b1) + Polyline.distance(a1, b0)
    return same > crossed
  }

  /// D9: the centre line of two paired edges.
  static func centre(_ a: Prepared, _ b: Prepared, step: Double) -> [Point2D] {
    let reverse = shouldReverse(a.edge.poly.vertices, b.edge.poly.vertices)
    let bSegments = reverse ? b.segments.reversed() : b.segments
    if a.segments.segments.count == bSegments.segments.count
      && zip(a.segments.segments, bSegments.segments).allSatisfy({ $0.isCubic == $1.isCubic })
    {
      // Same layout: average control points (exact for cubics, which are linear in them).
      func mid(_ p: Point2D, _ q: Point2D) -> Point2D { Point2D((p.x + q.x) / 2, (p.y + q.y) / 2) }
      var segments: [PathSegments.Segment] = []
      for (sa, sb) in zip(a.segments.segments, bSegments.segments) {
        switch (sa, sb) {
        case (.line(let p), .line(let q)):
          segments.append(.line(mid(p, q)))
        case (.cubic(let p1, let p2, let p3), .cubic(let q1, let q2, let q3)):
          segments.append(.cubic(mid(p1, q1), mid(p2, q2), mid(p3, q3)))
        default:
          break
        }
      }
      return PathSegments(start: mid(a.segments.start, bSegments.start), segments: segments).flattened()
    }
    let bPolyline = reverse ? Array(b.polyline.reversed()) : b.polyline
    let count = max(2, Int((max(a.length, b.length) / max(step, 1e-3)).rounded(.up)) + 1)
    let pa = Polyline.resample(a.polyline, count: count)
    let pb = Polyline.resample(bPolyline, count: count)
    return zip(pa, pb).map { Point2D(($0.x + $1.x) / 2, ($0.y + $1.y) / 2) }
  }
}
