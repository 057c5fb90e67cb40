import Testing
import TwinLiteCore
import TwinLiteDataset

/// Frames built in code (not read from files) may hold values the readers reject; rendering them
/// must not trap.
@Suite struct ProgrammaticInputTests {
  @Test func nonFiniteAndHugeCoordinatesDoNotTrap() {
    let bad: [Point2D] = [
      Point2D(.nan, 10), Point2D(1e300, -1e300), Point2D(100, .infinity), Point2D(200, 300),
    ]
    let poly = Poly2D(vertices: bad, kinds: [.line, .line, .line, .line], closed: true)
    let frame = LabelFrame(
      name: "bad", areas: [DrivableArea(kind: .direct, polygons: [poly])],
      lanes: [LaneEdge(type: .roadCurb, direction: .parallel, style: .solid, poly: poly)])
    for format in MaskFormat.allCases {
      let masks = MaskRenderer().render(frame, isTrain: true, format: format)
      #expect(masks.drivable.width == 1280 && masks.lane.height == 720)
    }
  }

  @Test func degenerateGeometryDrawsNothing() {
    let point = Poly2D(vertices: [Point2D(5, 5)], kinds: [.line], closed: false)
    let same = Poly2D(vertices: [Point2D(5, 5), Point2D(5, 5)], kinds: [.line, .line], closed: false)
    let frame = LabelFrame(
      name: "tiny", areas: [DrivableArea(kind: .direct, polygons: [point, same])],
      lanes: [point, same].map { LaneEdge(type: .roadCurb, direction: .parallel, style: .solid, poly: $0) })
    let masks = MaskRenderer().render(frame, isTrain: true, format: .twinlite)
    #expect(masks.drivable.nonZeroCount == 0)
    #expect(masks.lane.nonZeroCount == 0)
  }
}
