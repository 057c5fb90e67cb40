import Foundation
import Testing
import TwinLiteCore
import TwinLiteDataset
import _TwinLiteTestSupport

/// Drivable masks of the synthetic frame: the 0/255 union and the official 0/1/2 encoding agree.
@Suite struct DrivableMaskTests {
  @Test func unionAndOfficialEncodingAgree() throws {
    let frame = try LabelReader.readPerImage(
      url: URL(fileURLWithPath: Fixtures.path("fixtures/bdd100k/generated/synthetic-0001.json")))
    let renderer = MaskRenderer()
    let union = renderer.render(frame, isTrain: true, format: .twinlite).drivable
    let official = renderer.render(frame, isTrain: true, format: .bdd100k).drivable
    #expect(Set(union.pixels) == [0, 255])
    #expect(Set(official.pixels) == [0, 1, 2])
    #expect(zip(union.pixels, official.pixels).allSatisfy { ($0 == 255) == ($1 != 2) })
    // Direct area around the ego lane, alternative areas on both sides, sky above.
    #expect(official[650, 650] == 0)
    #expect(official[100, 700] == 1)
    #expect(official[1200, 700] == 1)
    #expect(official[640, 100] == 2)
  }

  @Test func laterAreasWinInTheOfficialEncodingOnly() {
    func square(_ x0: Double, _ kind: AreaKind) -> DrivableArea {
      let vertices = [Point2D(x0, 100), Point2D(x0 + 200, 100), Point2D(x0 + 200, 300), Point2D(x0, 300)]
      return DrivableArea(
        kind: kind, polygons: [Poly2D(vertices: vertices, kinds: [.line, .line, .line, .line], closed: true)])
    }
    let frame = LabelFrame(name: "overlap", areas: [square(100, .direct), square(200, .alternative)])
    let renderer = MaskRenderer()
    let official = renderer.render(frame, isTrain: false, format: .bdd100k).drivable
    #expect(official[150, 200] == 0)
    #expect(official[250, 200] == 1)  // painted last
    #expect(official[350, 200] == 1)
    #expect(official[450, 200] == 2)
    let union = renderer.render(frame, isTrain: false, format: .twinlite).drivable
    #expect((100..<400).allSatisfy { union[$0, 200] == 255 })
    // Snapped to pixel corners: columns 100…399, rows 100…299 exactly.
    #expect(union.nonZeroCount == 300 * 200)
  }

  @Test func emptyFrameGivesBackgroundMasks() {
    let renderer = MaskRenderer()
    let twin = renderer.render(LabelFrame(name: "empty"), isTrain: true, format: .twinlite)
    #expect(twin.drivable.nonZeroCount == 0 && twin.lane.nonZeroCount == 0)
    let official = renderer.render(LabelFrame(name: "empty"), isTrain: true, format: .bdd100k)
    #expect(Set(official.drivable.pixels) == [2] && Set(official.lane.pixels) == [255])
  }

  @Test func reusedBuffersGiveTheSameMasks() throws {
    let frame = try LabelReader.readPerImage(
      url: URL(fileURLWithPath: Fixtures.path("fixtures/bdd100k/generated/synthetic-0001.json")))
    var renderer = MaskRenderer()
    var drivable = Mask(width: 1, height: 1)
    var lane = Mask(width: 1, height: 1)
    for format in [MaskFormat.bdd100k, .twinlite, .twinlite] {
      renderer.render(frame, isTrain: true, format: format, drivable: &drivable, lane: &lane)
      let fresh = MaskRenderer().render(frame, isTrain: true, format: format)
      #expect(drivable == fresh.drivable && lane == fresh.lane)
    }
  }
}
