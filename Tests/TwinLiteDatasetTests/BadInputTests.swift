import Foundation
import Testing
import TwinLiteDataset
import _TwinLiteTestSupport

/// Bad label input gives a `LabelError` naming the file, the frame, the label index and the problem.
@Suite struct BadInputTests {
  static func write(_ text: String, _ name: String) throws -> URL {
    let url = try Fixtures.temporaryDirectory("bad").appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  /// A v0 file whose third object (index 2) is `object`.
  static func v0(_ object: String) -> String {
    """
    {"name": "bad-0001", "frames": [{"objects": [
      {"category": "car", "box2d": {"x1": 1, "y1": 2, "x2": 3, "y2": 4}},
      {"category": "lane/road curb", "attributes": {}, "poly2d": [[0, 600, "L"], [560, 405, "L"]]},
      \(object)]}]}
    """
  }

  static func expectLabelError(_ object: String, containing text: String) throws {
    let url = try write(v0(object), "bad-0001.json")
    let error = #expect(throws: LabelError.self) { try LabelReader.readPerImage(url: url) }
    guard case .invalidLabel(let file, let frame, let index, let reason)? = error else {
      Issue.record("expected invalidLabel, got \(String(describing: error))")
      return
    }
    #expect(file == url.path)
    #expect(frame == "bad-0001")
    #expect(index == 2)
    #expect(reason.contains(text), "\(reason)")
    let description = error!.description
    #expect(description.contains(url.path) && description.contains("label 2"))
  }

  @Test func unknownLaneType() throws {
    try Self.expectLabelError(
      #"{"category": "lane/purple", "poly2d": [[0, 0, "L"], [1, 1, "L"]]}"#, containing: "purple")
  }

  @Test func unknownAreaType() throws {
    try Self.expectLabelError(
      #"{"category": "area/parking", "poly2d": [[0, 0, "L"], [1, 1, "L"]]}"#, containing: "parking")
  }

  @Test func unknownDirection() throws {
    try Self.expectLabelError(
      #"{"category": "lane/crosswalk", "attributes": {"direction": "diagonal"}, "#
        + #""poly2d": [[0, 0, "L"], [1, 1, "L"]]}"#,
      containing: "diagonal")
  }

  @Test func nanAndInfiniteCoordinates() throws {
    try Self.expectLabelError(
      #"{"category": "lane/crosswalk", "poly2d": [[NaN, 0, "L"], [1, 1, "L"]]}"#, containing: "nan")
    try Self.expectLabelError(
      #"{"category": "lane/crosswalk", "poly2d": [[1, -Infinity, "L"], [1, 1, "L"]]}"#, containing: "inf")
  }

  @Test func absurdCoordinates() throws {
    try Self.expectLabelError(
      #"{"category": "area/drivable", "poly2d": [[0, 0, "L"], [3e7, 1, "L"], [5, 5, "L"]]}"#,
      containing: "far outside")
  }

  @Test func emptyPoly2d() throws {
    try Self.expectLabelError(#"{"category": "area/drivable", "poly2d": []}"#, containing: "empty poly2d")
  }

  @Test func wrongTypes() throws {
    try Self.expectLabelError(
      #"{"category": "lane/crosswalk", "poly2d": [["0", 0, "L"], [1, 1, "L"]]}"#, containing: "not a number")
    try Self.expectLabelError(#"{"category": 7, "poly2d": []}"#, containing: "category")
    try Self.expectLabelError(
      #"{"category": "lane/crosswalk", "poly2d": [[0, 0, "Q"], [1, 1, "L"]]}"#, containing: "'Q'")
  }

  @Test func curveWithoutTwoFollowingVertices() throws {
    // Open lane: C at vertex 2 has one vertex after it.
    try Self.expectLabelError(
      #"{"category": "lane/single white", "poly2d": [[0, 0, "L"], [5, 5, "L"], [9, 9, "C"], [12, 12, "C"]]}"#,
      containing: "'C' at vertex 2")
  }

  @Test func closedAreaMayEndInCC() throws {
    // Closed: vertex 0 is appended, so the trailing CC is a valid cubic back to the start.
    let url = try Self.write(
      Self.v0(
        #"{"category": "area/alternative", "#
          + #""poly2d": [[0, 0, "L"], [50, 0, "L"], [60, 40, "C"], [10, 50, "C"]]}"#
      ),
      "ok.json")
    let frame = try LabelReader.readPerImage(url: url)
    #expect(frame.areas.count == 1 && frame.lanes.count == 1)
  }

  @Test func malformedJSONNamesFileAndOffset() throws {
    let text = #"{"name": "x", "frames": [{"objects": [}"#
    let url = try Self.write(text, "broken.json")
    let error = #expect(throws: LabelError.self) { try LabelReader.readPerImage(url: url) }
    guard case .malformedJSON(let file, let offset, _)? = error else {
      Issue.record("expected malformedJSON, got \(String(describing: error))")
      return
    }
    #expect(file == url.path)
    #expect(offset == text.utf8.count - 1)  // the stray '}'
    #expect(error?.description.contains("broken.json") == true)
  }

  @Test func missingFile() {
    let error = #expect(throws: LabelError.self) {
      try LabelReader.readPerImage(url: URL(fileURLWithPath: "/nonexistent/labels/x.json"))
    }
    #expect(error?.description.contains("/nonexistent/labels/x.json") == true)
  }

  @Test func scalabelUnknownCategoryIsNamed() throws {
    let url = try Self.write(
      #"[{"name": "f.jpg", "labels": [{"id": "0", "category": "direct", "poly2d": "#
        + #"[{"vertices": [[0,0],[9,0],[9,9]], "types": "LLL", "closed": true}]}, "#
        + #"{"id": "1", "category": "parking", "poly2d": []}]}]"#,
      "drivable_val.json")
    let index = try LabelReader.scalabel2020(drivable: url, lane: nil)
    let result = index.frame(named: "f")
    guard case .failure(.invalidLabel(let file, let frame, let labelIndex, let reason)) = result else {
      Issue.record("expected invalidLabel, got \(result)")
      return
    }
    #expect(file == url.path && frame == "f.jpg" && labelIndex == 1 && reason.contains("parking"))
  }

  @Test func typesLengthMustMatchVertices() throws {
    let url = try Self.write(
      #"[{"name": "f.jpg", "labels": [{"id": "0", "category": "road curb", "poly2d": "#
        + #"[{"vertices": [[0,0],[9,0],[9,9]], "types": "LL", "closed": false}]}]}]"#,
      "lane_val.json")
    let result = try LabelReader.scalabel2020(drivable: nil, lane: url).frame(named: "f.jpg")
    guard case .failure(.invalidLabel(_, _, 0, let reason)) = result else {
      Issue.record("expected invalidLabel, got \(result)")
      return
    }
    #expect(reason.contains("2 types for 3 vertices"))
  }
}
