import Foundation
import Testing
import TwinLiteDataset
import _TwinLiteTestSupport

/// Boxes read from the 2018 per-image, 2018 aggregate and 2020 `det_20` layouts come out in the
/// 2018 names and colours YOLOP's `id_dict` expects, and are written in the 2018 per-image shape.
@Suite struct DetectionBoxesFromEveryLayoutTests {
  static func list(_ json: String) throws -> URL {
    let url = try Fixtures.temporaryDirectory("det").appendingPathComponent("det.json")
    try Data(json.utf8).write(to: url)
    return url
  }

  @Test func theGeneratedFrameHasTheSameCarInBothTwoThousandEighteenLayouts() throws {
    let v0Path = Fixtures.path("fixtures/bdd100k/generated/synthetic-0001.json")
    let v0 = try LabelReader.perImageDetections(
      Array(try Data(contentsOf: URL(fileURLWithPath: v0Path))), file: v0Path, name: "synthetic-0001")
    let aggregatePath = Fixtures.path("fixtures/bdd100k/generated/synthetic_labels_images_2018.json")
    let aggregate = try LabelReader.aggregateIndex(url: URL(fileURLWithPath: aggregatePath))
    let split = try aggregate.detectionFrame(at: 0).get()
    #expect(v0.boxes.count == 1 && split.boxes.count == 1)
    for box in v0.boxes + split.boxes {
      #expect(box.category == "car" && box.yolopClass == "car" && box.trafficLightColor == "none")
      #expect([box.x1, box.y1, box.x2, box.y2] == [700, 380, 780, 440])
    }
    #expect(split.boxes[0].id == 100 && split.name == "synthetic-0001" && split.leftOut == 0)
  }

  @Test func twentyTwentyNamesAndColoursBecomeTheTwoThousandEighteenOnes() throws {
    let index = try LabelReader.detectionIndex(
      url: try Self.list(
        """
        [{"name": "a.jpg", "attributes": {"weather": "clear"}, "timestamp": 10000, "labels": [
          {"id": "7", "category": "pedestrian", "attributes": {"occluded": true, "trafficLightColor": "NA"},
           "box2d": {"x1": 1, "y1": 2, "x2": 3.5, "y2": 4.25}},
          {"id": "8", "category": "traffic light", "attributes": {"trafficLightColor": "G"},
           "box2d": {"x1": 10, "y1": 20, "x2": 14, "y2": 30}},
          {"id": "9", "category": "traffic light", "attributes": {},
           "box2d": {"x1": 11, "y1": 21, "x2": 15, "y2": 31}},
          {"id": "10", "category": "other vehicle", "box2d": {"x1": 0, "y1": 0, "x2": 5, "y2": 5}},
          {"id": "11", "category": "motorcycle", "box2d": {"x1": 5, "y1": 5, "x2": 9, "y2": 9}},
          {"id": "12", "category": "bicycle", "box2d": {"x1": 6, "y1": 6, "x2": 9, "y2": 9}},
          {"id": "x", "category": "car", "box2d": {"x1": 7, "y1": 7, "x2": 9, "y2": 9}},
          {"id": "13", "category": "car", "box2d": null, "poly2d": null}]},
         {"name": "b.jpg"}]
        """))
    let a = try index.detectionFrame(at: 0).get()
    #expect(a.boxes.map(\.yolopClass) == ["person", "tl_green", "tl_none", "motor", "bike", "car"])
    #expect(a.boxes.map(\.id) == [7, 8, 9, 11, 12, 6])
    #expect(a.boxes[0].trafficLightColor == "none" && a.leftOut == 1)
    #expect(a.boxes.allSatisfy { DetectionNames.yolopClasses.contains($0.yolopClass) })
    let b = try index.detectionFrame(at: 1).get()
    #expect(b.boxes.isEmpty && b.name == "b")
  }

  @Test func writtenDocumentHasTheTwoThousandEighteenPerImageShape() throws {
    let index = try LabelReader.detectionIndex(
      url: try Self.list(
        """
        [{"name": "a\\"b.jpg", "attributes": {"weather": "clear", "scene": "highway"}, "labels": [
          {"id": "3", "category": "traffic light",
           "attributes": {"occluded": false, "truncated": true, "trafficLightColor": "R"},
           "box2d": {"x1": 735.902983, "y1": 100, "x2": 1e-5, "y2": 200.5}}]}]
        """))
    let text = String(decoding: try index.detectionFrame(at: 0).get().yolopJSON, as: UTF8.self)
    #expect(
      text == #"{"name":"a\"b","attributes":{"scene":"highway","weather":"clear"},"#
        + #""frames":[{"timestamp":10000,"objects":[{"category":"traffic light","id":3,"#
        + #""attributes":{"occluded":false,"trafficLightColor":"red","truncated":true},"#
        + #""box2d":{"x1":735.902983,"y1":100,"x2":1e-05,"y2":200.5}}]}]}"# + "\n")
    let empty = String(decoding: DetectionFrame.empty(name: "n").yolopJSON, as: UTF8.self)
    #expect(empty == #"{"name":"n","attributes":{},"frames":[{"timestamp":10000,"objects":[]}]}"# + "\n")
  }

  @Test func aBrokenBoxNamesTheFileFrameAndLabel() throws {
    let url = try Self.list(
      """
      [{"name": "a.jpg", "labels": [
        {"category": "car", "box2d": {"x1": 1, "y1": "2", "x2": 3, "y2": 4}}]},
       {"name": "b.jpg", "labels": [{"category": "traffic light", "attributes": {"trafficLightColor": "B"},
        "box2d": {"x1": 1, "y1": 2, "x2": 3, "y2": 4}}]}]
      """)
    let index = try LabelReader.detectionIndex(url: url)
    let first = index.detectionFrame(at: 0)
    #expect(
      throws: LabelError.invalidLabel(
        file: url.path, frame: "a.jpg", labelIndex: 0, reason: "box2d.y1 is a string, not a number")
    ) {
      try first.get()
    }
    let second = index.detectionFrame(at: 1)
    #expect(
      throws: LabelError.invalidLabel(
        file: url.path, frame: "b.jpg", labelIndex: 0,
        reason: "unknown trafficLightColor 'B' (YOLOP knows green, red, yellow, none)")
    ) {
      try second.get()
    }
  }
}
