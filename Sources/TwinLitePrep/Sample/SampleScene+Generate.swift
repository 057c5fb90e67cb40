extension SampleScene {
  /// A road scene: three lanes (ego lane direct, neighbours alternative), a white dashed separator
  /// whose two edges run in opposite directions, a yellow solid separator, road curbs (single
  /// edges), sometimes a crosswalk and a stop line; straight (`LL`) or bent (`LCCC`) geometry.
  public static func generate(name: String, split: String, rng: inout SplitMix64) -> SampleScene {
    let road = RoadModel(rng: &rng)
    var areas: [SceneArea] = []
    var lanes: [SceneLane] = []
    var paint: [ScenePaint] = []

    let f1 = 1.0 / 3 + rng.uniform(-0.03...0.03)
    let f2 = 2.0 / 3 + rng.uniform(-0.03...0.03)
    areas.append(SceneArea(kind: "direct", poly: road.region(f1, f2)))
    areas.append(SceneArea(kind: "alternative", poly: road.region(0, f1)))
    if rng.chance(0.7) { areas.append(SceneArea(kind: "alternative", poly: road.region(f2, 1))) }

    // Road surface, then curbs just outside it.
    let left = road.curve(0, offset: 0).flattened()
    let right = road.curve(1, offset: 0).flattened()
    paint.append(ScenePaint(polygon: left + right.reversed(), rgb: (78, 78, 84)))
    for f in [0.0, 1.0] {
      let side = f == 0 ? -1.0 : 1.0
      let inner = road.curve(f, offset: 0).flattened()
      let outer = road.curve(f, offset: side * 5).flattened()
      paint.append(ScenePaint(polygon: inner + outer.reversed(), rgb: (170, 170, 165)))
      lanes.append(
        SceneLane(type: "road curb", direction: "parallel", style: "solid", poly: road.curve(f, offset: 0)))
    }

    // White dashed separator: left edge bottom-up, right edge top-down (opposite directions).
    let w1 = road.curve(f1, offset: -7, taper: -1)
    let w2 = road.curve(f1, offset: 7, taper: 1)
    lanes.append(SceneLane(type: "single white", direction: "parallel", style: "dashed", poly: w1))
    lanes.append(
      SceneLane(type: "single white", direction: "parallel", style: "dashed", poly: w2.reversedPath()))
    paint.append(
      ScenePaint(polygon: w1.flattened() + w2.flattened().reversed(), rgb: (235, 235, 230), dashed: true))

    // Yellow solid separator, both edges bottom-up.
    let y1 = road.curve(f2, offset: -6, taper: -1)
    let y2 = road.curve(f2, offset: 6, taper: 1)
    lanes.append(SceneLane(type: "single yellow", direction: "parallel", style: "solid", poly: y1))
    lanes.append(SceneLane(type: "single yellow", direction: "parallel", style: "solid", poly: y2))
    paint.append(ScenePaint(polygon: y1.flattened() + y2.flattened().reversed(), rgb: (230, 190, 40)))

    if rng.chance(0.5) {
      // Crosswalk: a band given by two transverse edges, stored in opposite directions.
      let top = rng.uniform(600...640).rounded()
      let bottom = top + 40
      let (xl, xr) = road.extent(atY: top)
      let a = ScenePoly(
        vertices: [ScenePoint(xl + 10, top), ScenePoint(xr - 10, top)], types: "LL", closed: false)
      let b = ScenePoly(
        vertices: [ScenePoint(xr - 10, bottom), ScenePoint(xl + 10, bottom)], types: "LL", closed: false)
      lanes.append(SceneLane(type: "crosswalk", direction: "vertical", style: "solid", poly: a))
      lanes.append(SceneLane(type: "crosswalk", direction: "vertical", style: "solid", poly: b))
      var x = xl + 14
      while x + 20 < xr - 10 {
        let stripe = [
          ScenePoint(x, top), ScenePoint(x + 20, top), ScenePoint(x + 20, bottom), ScenePoint(x, bottom),
        ]
        paint.append(ScenePaint(polygon: stripe, rgb: (240, 240, 240)))
        x += 44
      }
      if rng.chance(0.6) {
        // Stop line across the ego lane above the crosswalk: two close transverse edges.
        let y = top - rng.uniform(30...50).rounded()
        let (el, er) = (road.x(f1, atY: y) + 8, road.x(f2, atY: y) - 8)
        let s1 = ScenePoly(vertices: [ScenePoint(el, y), ScenePoint(er, y)], types: "LL", closed: false)
        let s2 = ScenePoly(
          vertices: [ScenePoint(el, y + 10), ScenePoint(er, y + 10)], types: "LL", closed: false)
        lanes.append(SceneLane(type: "single white", direction: "vertical", style: "solid", poly: s1))
        lanes.append(SceneLane(type: "single white", direction: "vertical", style: "solid", poly: s2))
        paint.append(ScenePaint(polygon: s1.vertices + s2.vertices.reversed(), rgb: (240, 240, 240)))
      }
    }
    // Boxes draw from the generator last, so the geometry above is the same as without them.
    return SampleScene(
      name: name, split: split, horizon: road.horizon, areas: areas, lanes: lanes, paint: paint,
      boxes: SceneBox.generate(road: road, rng: &rng))
  }
}

extension ScenePoly {
  /// The same curve traversed the other way (cubic control points swap order).
  func reversedPath() -> ScenePoly {
    ScenePoly(vertices: vertices.reversed(), types: types, closed: closed)
  }
}

/// Road boundaries as a family of curves indexed by lateral position f (0 left edge, 1 right edge).
struct RoadModel {
  let horizon: Double
  let bottomLeft: Double
  let bottomRight: Double
  let topLeft: Double
  let topRight: Double
  /// Horizontal displacement of both cubic control points; 0 = straight road (`LL` labels).
  let bend: Double

  init(rng: inout SplitMix64) {
    horizon = rng.uniform(370...420).rounded()
    let vanishing = rng.uniform(560...720)
    let halfTop = rng.uniform(28...48)
    bottomLeft = rng.uniform(40...200).rounded()
    bottomRight = rng.uniform(1080...1240).rounded()
    topLeft = (vanishing - halfTop).rounded()
    topRight = (vanishing + halfTop).rounded()
    bend = rng.chance(0.35) ? 0 : rng.uniform(-90...90).rounded()
  }

  var top: Double { horizon + 4 }

  /// Boundary or paint-edge curve at lateral position f, shifted horizontally by `offset` at the
  /// bottom; `taper` (±1) shrinks the shift towards the top (paint narrows with distance).
  func curve(_ f: Double, offset: Double, taper: Double = 0) -> ScenePoly {
    let bx = bottomLeft + f * (bottomRight - bottomLeft)
    let tx = topLeft + f * (topRight - topLeft)
    func shift(_ t: Double) -> Double { taper == 0 ? offset : offset * (1 - 0.85 * t) }
    let b = ScenePoint(round2(bx + shift(0)), 720)
    let t = ScenePoint(round2(tx + shift(1)), top)
    if bend == 0 { return ScenePoly(vertices: [b, t], types: "LL", closed: false) }
    let dy = top - 720
    let c1 = ScenePoint(round2(bx + (tx - bx) / 3 + bend + shift(1.0 / 3)), round2(720 + dy / 3))
    let c2 = ScenePoint(round2(bx + 2 * (tx - bx) / 3 + bend + shift(2.0 / 3)), round2(720 + 2 * dy / 3))
    return ScenePoly(vertices: [b, c1, c2, t], types: "LCCC", closed: false)
  }

  /// Closed drivable polygon between positions fa < fb: up the left curve, down the right one.
  func region(_ fa: Double, _ fb: Double) -> ScenePoly {
    let a = curve(fa, offset: 0)
    let b = curve(fb, offset: 0).reversedPath()
    return ScenePoly(vertices: a.vertices + b.vertices, types: a.types + b.types, closed: true)
  }

  /// x of the boundary at position f where it crosses row y (from the flattened curve).
  func x(_ f: Double, atY y: Double) -> Double {
    let points = curve(f, offset: 0).flattened(segments: 64)
    for (a, b) in zip(points, points.dropFirst()) where (a.y - y) * (b.y - y) <= 0 && a.y != b.y {
      return (a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x)).rounded()
    }
    return points[0].x.rounded()
  }

  func extent(atY y: Double) -> (Double, Double) { (x(0, atY: y), x(1, atY: y)) }
}

func round2(_ v: Double) -> Double { (v * 100).rounded() / 100 }
