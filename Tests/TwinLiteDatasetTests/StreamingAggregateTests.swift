import Foundation
import Testing
import TwinLiteDataset
import _TwinLiteTestSupport

/// A generated multi-frame 2018 aggregate file read frame by frame: order kept, per-frame errors
/// reported and skipped, a broken array ends the stream with one error, the index gives random access.
@Suite struct StreamingAggregateTests {
  static let frameCount = 400

  /// Frame i has i % 5 lanes; frame 123 has an unknown lane type (label 1); frame 250 is malformed JSON.
  static func aggregateText(truncated: Bool = false) -> String {
    var frames: [String] = []
    for i in 0..<frameCount {
      if i == 250 {
        frames.append(#"{"name": "frame-250.jpg", "labels": [1,,2]}"#)
        continue
      }
      var labels = [
        #"{"category": "car", "id": 0, "box2d": {"x1": 1, "y1": 2, "x2": 30, "y2": 40}}"#,
        #"{"category": "drivable area", "id": 1, "attributes": {"areaType": "direct"}, "poly2d": "#
          + #"[{"vertices": [[0,719],[640,400],[1279,719]], "types": "LLL", "closed": true}]}"#,
      ]
      for k in 0..<(i % 5) {
        let type = i == 123 && k == 0 ? "purple" : "single white"
        labels.append(
          #"{"category": "lane", "id": \#(10 + k), "attributes": {"laneDirection": "parallel", "#
            + #""laneStyle": "solid", "laneType": "\#(type)"}, "poly2d": [{"vertices": "#
            + #"[[\#(100 * k), 719], [\#(100 * k + 50), 400.5]], "types": "LL", "closed": false}]}"#
        )
      }
      frames.append(
        #"{"name": "frame-\#(i).jpg", "#
          + #""attributes": {"weather": "clear \"quoted\" [not] {json}"}, "labels": ["#
          + labels.joined(separator: ",") + "]}")
    }
    let body = "[\n" + frames.joined(separator: ",\n") + "\n]\n"
    return truncated ? String(body.dropLast(10)) : body
  }

  static func file(truncated: Bool = false) throws -> URL {
    let url = try Fixtures.temporaryDirectory("aggregate").appendingPathComponent(
      "bdd100k_labels_images_val.json")
    try aggregateText(truncated: truncated).write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  @Test func streamsEveryFrameInOrderWithPerFrameErrors() throws {
    let url = try Self.file()
    var names: [String] = []
    var failures: [LabelError] = []
    for result in try LabelReader.frames(aggregate: url) {
      switch result {
      case .success(let frame):
        names.append(frame.name)
        let i = Int(frame.name.dropFirst("frame-".count))!
        #expect(frame.lanes.count == i % 5)
        #expect(frame.areas.count == 1 && frame.areas[0].kind == .direct)
      case .failure(let error):
        failures.append(error)
      }
    }
    #expect(names.count == Self.frameCount - 2)
    #expect(names == (0..<Self.frameCount).filter { $0 != 123 && $0 != 250 }.map { "frame-\($0)" })
    #expect(failures.count == 2)
    #expect(
      failures[0]
        == .invalidLabel(
          file: url.path, frame: "frame-123.jpg", labelIndex: 2, reason: "unknown lane type 'purple'"))
    if case .malformedJSON(let file, _, _) = failures[1] {
      #expect(file == url.path)
    } else {
      Issue.record("expected malformedJSON, got \(failures[1])")
    }
  }

  @Test func indexGivesTheSameFramesByPosition() throws {
    let url = try Self.file()
    let index = try LabelReader.aggregateIndex(url: url)
    #expect(index.count == Self.frameCount)
    #expect(index.names[7] == "frame-7")
    #expect(index.index(of: "frame-42.jpg") == 42)
    let streamed = try LabelReader.frames(aggregate: url).compactMap { try? $0.get() }
    let byName = Dictionary(uniqueKeysWithValues: streamed.map { ($0.name, $0) })
    for position in [0, 1, 199, 399] {
      let frame = try index.frame(at: position).get()
      #expect(frame == byName[frame.name])
    }
    #expect(throws: LabelError.self) { try index.frame(at: 250).get() }
  }

  @Test func brokenArrayEndsTheStreamWithOneError() throws {
    let url = try Self.file(truncated: true)
    var successes = 0
    var failures: [LabelError] = []
    for result in try LabelReader.frames(aggregate: url) {
      switch result {
      case .success: successes += 1
      case .failure(let error): failures.append(error)
      }
    }
    #expect(successes == Self.frameCount - 3)  // 123 and 250 fail, the truncated last frame is lost
    #expect(failures.count == 3)
    guard case .malformedJSON(_, let offset, _)? = failures.last else {
      Issue.record("expected a final malformedJSON")
      return
    }
    #expect(offset > 0)
    #expect(throws: LabelError.self) { try LabelReader.aggregateIndex(url: url) }
  }

  @Test func aNonArrayFileIsRejected() throws {
    let url = try Fixtures.temporaryDirectory("aggregate").appendingPathComponent("object.json")
    try #"{"name": "x"}"#.write(to: url, atomically: true, encoding: .utf8)
    let results = Array(try LabelReader.frames(aggregate: url))
    #expect(results.count == 1)
    #expect(throws: LabelError.self) { try results[0].get() }
  }
}
