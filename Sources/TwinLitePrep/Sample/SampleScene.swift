/// A point in image coordinates (origin at the top-left corner of the top-left pixel).
public struct ScenePoint: Sendable, Equatable {
  public var x: Double
  public var y: Double
  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }
}

/// A label polyline or polygon in BDD form: vertices plus one `L`/`C` letter per vertex.
public struct ScenePoly: Sendable, Equatable {
  public var vertices: [ScenePoint]
  public var types: String
  public var closed: Bool

  /// The curve flattened to points (cubics sampled), closed polygons not repeated at the end.
  public func flattened(segments: Int = 24) -> [ScenePoint] {
    let letters = Array(types)
    var out = [vertices[0]]
    var i = 1
    var pts = vertices
    var kinds = letters
    if closed {
      pts.append(vertices[0])
      kinds.append("L")
    }
    while i < pts.count {
      if kinds[i] == "C" && i + 2 < pts.count {
        let (p0, p1, p2, p3) = (pts[i - 1], pts[i], pts[i + 1], pts[i + 2])
        for s in 1...segments {
          let t = Double(s) / Double(segments)
          let u = 1 - t
          let a = u * u * u
          let b = 3 * u * u * t
          let c = 3 * u * t * t
          let d = t * t * t
          out.append(
            ScenePoint(a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y))
        }
        i += 3
      } else {
        out.append(pts[i])
        i += 1
      }
    }
    if closed { out.removeLast() }
    return out
  }
}

/// One lane edge label.
public struct SceneLane: Sendable, Equatable {
  /// BDD lane type name (`single white`, `road curb`, `crosswalk`, …).
  public var type: String
  /// `parallel` (longitudinal) or `vertical` (transverse, e.g. crosswalk edges).
  public var direction: String
  public var style: String
  public var poly: ScenePoly
}

/// One drivable area label.
public struct SceneArea: Sendable, Equatable {
  /// `direct` or `alternative`.
  public var kind: String
  public var poly: ScenePoly
}

/// What gets painted in the image (not labels): filled polygons with a colour.
public struct ScenePaint: Sendable, Equatable {
  public var polygon: [ScenePoint]
  public var rgb: (UInt8, UInt8, UInt8)
  /// Painted only on alternate bands of rows, shorter towards the horizon (dashed lane paint).
  public var dashed: Bool

  public init(polygon: [ScenePoint], rgb: (UInt8, UInt8, UInt8), dashed: Bool = false) {
    self.polygon = polygon
    self.rgb = rgb
    self.dashed = dashed
  }

  public static func == (a: ScenePaint, b: ScenePaint) -> Bool {
    a.polygon == b.polygon && a.rgb == b.rgb && a.dashed == b.dashed
  }
}

/// A procedurally drawn road scene and its labels.
public struct SampleScene: Sendable, Equatable {
  public static let width = 1280
  public static let height = 720

  public var name: String
  public var split: String
  public var horizon: Double
  public var areas: [SceneArea]
  public var lanes: [SceneLane]
  /// Road surface polygon, then paint, in drawing order.
  public var paint: [ScenePaint]
  /// Detection boxes (labels only: the image does not draw them).
  public var boxes: [SceneBox] = []
}
