import Testing
import TwinLiteDataset

/// A 2018 per-image file is used unchanged only when YOLOP's `BddDataset` can read every box in
/// it; otherwise the error names the file, frame, label and what YOLOP would trip over.
@Suite struct PerImageDetectionCheckTests {
  static func check(_ objects: String) throws(LabelError) -> DetectionFrame {
    let json = #"{"name": "f", "frames": [{"timestamp": 10000, "objects": [\#(objects)]}]}"#
    return try LabelReader.perImageDetections(Array(json.utf8), file: "f.json", name: "f")
  }

  static func reason(_ objects: String) -> String? {
    do {
      _ = try check(objects)
      return nil
    } catch {
      guard case .invalidLabel(let file, let frame, _, let reason) = error, file == "f.json", frame == "f"
      else { return "\(error)" }
      return reason
    }
  }

  @Test func boxesAndShapesOfAValidFileAreAccepted() throws {
    let frame = try Self.check(
      """
      {"category": "traffic light", "id": 1, "attributes": {"trafficLightColor": "yellow"},
       "box2d": {"x1": 1, "y1": 2, "x2": 3, "y2": 4}},
      {"category": "bike", "id": 2, "attributes": {}, "box2d": {"x1": 1, "y1": 2, "x2": 3, "y2": 4}},
      {"category": "area/drivable", "id": 3, "attributes": {}, "poly2d": [[0, 0, "L"], [5, 5, "L"]]}
      """)
    #expect(frame.boxes.map(\.yolopClass) == ["tl_yellow", "bike"] && frame.leftOut == 0)
  }

  @Test func whatYOLOPWouldTripOverIsAnError() {
    let box = #""box2d": {"x1": 1, "y1": 2, "x2": 3, "y2": 4}"#
    #expect(Self.reason(#"{"category": "car", "box2d": null}"#) == "'box2d' is null, not an object")
    #expect(
      Self.reason(#"{"category": "car", "box2d": {"x1": 1, "y1": 2, "x2": 3}}"#) == "missing 'box2d.y2'")
    #expect(
      Self.reason(#"{"category": "traffic light", "attributes": {}, \#(box)}"#)
        == "traffic light without 'attributes.trafficLightColor'")
    #expect(
      Self.reason(#"{"category": "traffic light", "attributes": {"trafficLightColor": "G"}, \#(box)}"#)
        == "unknown trafficLightColor 'G' (YOLOP knows green, red, yellow, none)")
    #expect(
      Self.reason(#"{"category": "van", \#(box)}"#) == "box category 'van' has no class in YOLOP's id_dict")
  }

  @Test func aFileWithoutAnObjectListIsAFrameError() {
    let json = Array(#"{"name": "f", "frames": [{"timestamp": 10000}]}"#.utf8)
    let reason = "frames[0] has no 'objects' list (YOLOP reads frames[0].objects)"
    #expect(throws: LabelError.invalidFrame(file: "f.json", frame: "f", reason: reason)) {
      try LabelReader.perImageDetections(json, file: "f.json", name: "f")
    }
  }
}
