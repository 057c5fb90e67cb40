import TwinLiteCore
import TwinLiteDataset

extension SampleScene {
  /// The scene's labels as the dataset module's model (what any layout decodes to).
  public var labelFrame: LabelFrame {
    func poly(_ p: ScenePoly) -> Poly2D {
      Poly2D(vertices: p.vertices.map { Point2D($0.x, $0.y) },
             kinds: p.types.map { $0 == "C" ? .curve : .line }, closed: p.closed)
    }
    let areas = areas.map { DrivableArea(kind: $0.kind == "direct" ? .direct : .alternative, polygons: [poly($0.poly)]) }
    let lanes = lanes.compactMap { lane -> LaneEdge? in
      guard let type = LaneType(name: lane.type), let direction = LaneDirection(name: lane.direction),
        let style = LaneStyle(name: lane.style)
      else { return nil }
      return LaneEdge(type: type, direction: direction, style: style, poly: poly(lane.poly))
    }
    return LabelFrame(name: name, areas: areas, lanes: lanes)
  }

  /// Drivable PNG label maps of the scene: the 2020 encoding (0 direct, 1 alternative,
  /// 2 background) and the 2018 one (0 background, 1 direct, 2 alternative).
  public func drivableMaps(renderer: inout MaskRenderer) -> (masks2020: Mask, drivableId2018: Mask) {
    var map = Mask(width: Self.width, height: Self.height)
    renderer.renderDrivable(labelFrame.areas, format: .bdd100k, into: &map)
    var legacy = map
    let table: [UInt8] = [1, 2, 0]
    for i in 0..<legacy.pixels.count { legacy.pixels[i] = table[Int(min(map.pixels[i], 2))] }
    return (map, legacy)
  }
}
