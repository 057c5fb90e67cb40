import Foundation
import Testing
import TwinLiteCore
import TwinLiteDataset
import _TwinLiteTestSupport

/// Every label reader applies the frame-name rule where names enter: a name that would leave the
/// output folder (or break a file name) is an error naming the file, the entry and the name,
/// never a frame; the good frames beside it are read as usual.
@Suite struct LabelReadersRejectHostileNamesTests {
  static let hostile = [
    "../../../../../../../../../../tmp/twinlite-escape-probe.jpg", "../one-up.jpg", "/tmp/absolute.jpg",
    "sub/folder/x.jpg", ".", "..", "", ".jpg", "nul\u{0}byte.jpg", "..\\..\\back.jpg", "bell\u{7}.jpg",
    String(repeating: "z", count: 300) + ".jpg",
  ]

  static func write(_ bytes: [UInt8], _ name: String) throws -> URL {
    let url = try Fixtures.temporaryDirectory("hostile-names").appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
  }

  /// A JSON string literal for `name` (escapes as a JSON writer would).
  static func literal(_ name: String) throws -> [UInt8] {
    Array(try JSONSerialization.data(withJSONObject: name, options: .fragmentsAllowed))
  }

  /// An array file: a good frame, every hostile name, a raw non-UTF-8 name, a good frame.
  static func arrayFile() throws -> [UInt8] {
    var bytes = Array(#"[{"name": "good-first.jpg", "labels": []}"#.utf8)
    for name in hostile {
      bytes += Array(#", {"name": "#.utf8) + (try literal(name)) + Array(#", "labels": []}"#.utf8)
    }
    bytes += Array(#", {"name": "raw"#.utf8) + [0xFF] + Array(#"name.jpg", "labels": []}"#.utf8)
    bytes += Array(#", {"name": "good-last", "labels": []}]"#.utf8)
    return bytes
  }

  @Test(arguments: hostile)
  func perImageFileWithHostileNameIsRefused(_ name: String) throws {
    let url = try Self.write(
      Array(#"{"name": "#.utf8) + (try Self.literal(name)) + Array(#", "frames": [{"objects": []}]}"#.utf8),
      "frame.json")
    let error = #expect(throws: LabelError.self) { try LabelReader.readPerImage(url: url) }
    guard case .invalidFrameName(let file, let entry, let quoted, _)? = error else {
      Issue.record("expected invalidFrameName, got \(String(describing: error))")
      return
    }
    #expect(file == url.path && entry == nil && quoted == FrameName.quoted(name))
    #expect(error!.description.contains("frame name \(FrameName.quoted(name)) rejected"))
  }

  @Test func aggregateIndexRejectsEachHostileEntryByPosition() throws {
    let url = try Self.write(try Self.arrayFile(), "aggregate.json")
    let index = try LabelReader.aggregateIndex(url: url)
    #expect(index.count == Self.hostile.count + 3)
    #expect(index.acceptedNames == ["good-first", "good-last"])
    #expect(Set(index.rejectedNames.keys) == Set(1...(Self.hostile.count + 1)))
    for (offset, name) in Self.hostile.enumerated() {
      let entry = offset + 1
      #expect(
        index.rejectedNames[entry]
          == .invalidFrameName(
            file: url.path, entry: entry, name: FrameName.quoted(name),
            problem: FrameName.problem(String(name.hasSuffix(".jpg") ? name.dropLast(4) : name[...]))!))
      #expect(index.frame(at: entry) == .failure(index.rejectedNames[entry]!))
    }
    let raw = Self.hostile.count + 1
    let message = index.rejectedNames[raw]?.description ?? ""
    #expect(message.contains("entry \(raw): frame name 'raw\\x{FF}name.jpg' rejected: is not valid UTF-8"))
    #expect(try index.frame(at: 0).get().name == "good-first")
    #expect(try index.frame(at: index.count - 1).get().name == "good-last")
  }

  @Test func streamingAggregateYieldsHostileEntriesAsErrors() throws {
    let url = try Self.write(try Self.arrayFile(), "aggregate.json")
    var accepted: [String] = []
    var refused: [Int?] = []
    for result in try LabelReader.frames(aggregate: url) {
      switch result {
      case .success(let frame): accepted.append(frame.name)
      case .failure(.invalidFrameName(_, let entry, _, _)): refused.append(entry)
      case .failure: refused.append(nil)
      }
    }
    #expect(accepted == ["good-first", "good-last"])
    // The non-UTF-8 element fails as malformed JSON here (the streaming reader decodes it whole).
    #expect(refused == Array(1...Self.hostile.count).map { Optional($0) } + [nil])
  }

  @Test func scalabelJoinNeverListsAHostileName() throws {
    let url = try Self.write(try Self.arrayFile(), "drivable.json")
    let list = #"[{"name": "../../lane-only.jpg", "labels": []}, {"name": "good-last.jpg", "labels": []}]"#
    let lane = try Self.write(Array(list.utf8), "lane.json")
    let index = try LabelReader.scalabel2020(drivable: url, lane: lane)
    #expect(index.names == ["good-first", "good-last"])
    #expect(index.lane?.rejectedNames[0]?.description.contains("'../../lane-only.jpg'") == true)
    for name in index.names { #expect(try index.frame(named: name).get().name == name) }
  }

  /// `.jpg` comes off once: `a.jpg.jpg` is frame `a.jpg` (not `a`), and `.jpg.jpg` is `.jpg`, never
  /// the empty name (found by the fuzz property check: the join used to strip it twice).
  @Test func doubleExtensionIsStrippedOnce() throws {
    let area = #"{"category": "direct", "poly2d": [{"vertices": [[0, 0], [9, 0], [9, 9]], "types": "LLL"}]}"#
    let list =
      #"[{"name": ".jpg.jpg", "labels": []}, {"name": "a.jpg.jpg", "labels": ["#
      + area + #"]}, {"name": "a.jpg", "labels": []}]"#
    let index = try LabelReader.scalabel2020(drivable: try Self.write(Array(list.utf8), "d.json"), lane: nil)
    #expect(index.names == [".jpg", "a.jpg", "a"])
    for name in index.names { #expect(try index.frame(named: name).get().name == name) }
    #expect(try index.frame(named: "a.jpg").get().areas.count == 1)
    #expect(try index.frame(named: "a").get().areas.isEmpty)
  }

  @Test func loneSurrogateIsNotSilentlyReplaced() throws {
    let url = try Self.write(Array(#"{"name": "a\ud800b", "frames": [{"objects": []}]}"#.utf8), "frame.json")
    let error = #expect(throws: LabelError.self) { try LabelReader.readPerImage(url: url) }
    #expect(error?.description.contains("lone surrogate") == true, "\(String(describing: error))")
  }
}
