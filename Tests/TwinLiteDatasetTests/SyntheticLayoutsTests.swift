import Foundation
import Testing
import TwinLiteDataset
import _TwinLiteTestSupport

/// The four generated files describe one frame; every layout must decode to the same `LabelFrame`.
@Suite struct SyntheticLayoutsTests {
  static let folder = "fixtures/bdd100k/generated/"

  static func url(_ name: String) -> URL { URL(fileURLWithPath: Fixtures.path(folder + name)) }

  @Test func allThreeLayoutsDecodeToTheSameFrame() throws {
    let v0 = try LabelReader.readPerImage(url: Self.url("synthetic-0001.json"))
    let aggregate = try LabelReader.frames(aggregate: Self.url("synthetic_labels_images_2018.json"))
      .map { try $0.get() }
    let index = try LabelReader.scalabel2020(
      drivable: Self.url("synthetic_drivable_2020.json"), lane: Self.url("synthetic_lane_2020.json"))
    let scalabel = try index.frame(named: "synthetic-0001.jpg").get()

    #expect(v0.name == "synthetic-0001")
    #expect(v0.areas.map(\.kind) == [.direct, .alternative, .alternative])
    #expect(v0.lanes.count == 9)
    #expect(v0.lanes[0].type == .singleWhite && v0.lanes[0].style == .dashed)
    #expect(v0.lanes[5].type == .crosswalk && v0.lanes[5].direction == .vertical)
    #expect(v0.areas[2].polygons[0].typesString == "LCCCLLL")
    #expect(aggregate == [v0])
    #expect(scalabel == v0)
    #expect(index.names == ["synthetic-0001"])
  }

  @Test func scalabelFilesJoinByNameAndEitherMayBeMissing() throws {
    let drivableOnly = try LabelReader.scalabel2020(
      drivable: Self.url("synthetic_drivable_2020.json"), lane: nil)
    let areas = try drivableOnly.frame(named: "synthetic-0001").get()
    #expect(areas.areas.count == 3 && areas.lanes.isEmpty)
    let laneOnly = try LabelReader.scalabel2020(drivable: nil, lane: Self.url("synthetic_lane_2020.json"))
    let lanes = try laneOnly.frame(named: "synthetic-0001.jpg").get()
    #expect(lanes.lanes.count == 9 && lanes.areas.isEmpty)
    #expect(laneOnly.lane?.index(of: "synthetic-0001") == 0)
    // A name in neither file is an empty frame (no labels: all-background masks).
    #expect(try laneOnly.frame(named: "missing").get() == LabelFrame(name: "missing"))
  }
}
