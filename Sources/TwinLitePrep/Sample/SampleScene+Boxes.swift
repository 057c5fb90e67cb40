/// One detection box of a sample scene, in 2020 terms.
public struct SceneBox: Sendable, Equatable {
  /// 2020 category: `car`, `truck`, `bus`, `motorcycle` or `traffic light`.
  public var category: String
  /// `G`, `R`, `Y` or `NA` (2020 letters); `NA` for everything but traffic lights.
  public var colour: String
  public var occluded: Bool
  public var x1: Double
  public var y1: Double
  public var x2: Double
  public var y2: Double

  /// The 2018 name of the category (what the 2018 layouts and YOLOP's `id_dict` use).
  public var category2018: String { category == "motorcycle" ? "motor" : category }

  /// The 2018 colour word (`green`, `red`, `yellow`, `none`).
  public var colour2018: String { ["G": "green", "R": "red", "Y": "yellow"][colour] ?? "none" }

  /// One to three vehicles on the road, sized by distance below the horizon, and one or two
  /// traffic lights above it.
  static func generate(road: RoadModel, rng: inout SplitMix64) -> [SceneBox] {
    var boxes: [SceneBox] = []
    for _ in 0..<rng.integer(1...3) {
      let bottom = rng.uniform((road.horizon + 40)...700).rounded()
      let (left, right) = road.extent(atY: bottom)
      let roadWidth = right - left
      let centre = left + rng.uniform(0.15...0.85) * roadWidth
      let kind = rng.integer(0...9)
      let (category, widthShare, aspect) =
        switch kind {
        case 0: ("truck", 0.26, 1.1)
        case 1: ("bus", 0.28, 1.0)
        case 2: ("motorcycle", 0.08, 1.6)
        default: ("car", 0.22, 0.8)
        }
      let width = widthShare * roadWidth
      boxes.append(
        SceneBox(
          category: category, colour: "NA", occluded: rng.chance(0.3), x1: round2(centre - width / 2),
          y1: round2(bottom - width * aspect), x2: round2(centre + width / 2), y2: bottom))
    }
    for _ in 0..<rng.integer(1...2) {
      let width = rng.uniform(12...24).rounded()
      let x = rng.uniform(150...1100).rounded()
      let y = rng.uniform(max(20, road.horizon - 260)...(road.horizon - 80)).rounded()
      boxes.append(
        SceneBox(
          category: "traffic light", colour: ["G", "R", "Y", "NA"][rng.integer(0...3)], occluded: false,
          x1: x, y1: y, x2: x + width, y2: round2(y + width * 2.4)))
    }
    return boxes
  }
}
