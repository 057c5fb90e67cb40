import Foundation
import Testing
import _TwinLiteTestSupport

/// Broken source JPEGs and drivable PNG maps, end to end: exit 3, a failure line naming the file and
/// the problem, every other frame converted.
@Suite struct BadImageInputTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    /// The damaged file relative to the sample root, from the first train frame's stem.
    let file: @Sendable (String) -> String
    let damage: @Sendable (Data) throws -> Data
    var arguments: [String] = []
    let expect: [String]
    var testDescription: String { name }
  }

  static let corpus = FuzzCorpusReplayTests.corpus
  static func seed(_ path: String) throws -> Data {
    try Data(contentsOf: corpus.appendingPathComponent(path))
  }
  static let jpeg: @Sendable (String) -> String = { "images/100k/train/\($0).jpg" }
  static let map: @Sendable (String) -> String = { "labels/drivable/masks/train/\($0).png" }
  static let maps = ["--labels", "2020", "--drivable-source", "maps"]

  static let cases: [Case] = [
    Case(
      name: "JPEG: garbage after SOI", file: jpeg,
      damage: { Data([0xFF, 0xD8, 0x12, 0x34]) + $0.dropFirst(4) },
      expect: ["corrupt JPEG", "no marker"]),
    Case(
      name: "JPEG: truncated to half", file: jpeg, damage: { $0.truncated(0.5) }, expect: ["truncated JPEG"]),
    Case(name: "JPEG: header only", file: jpeg, damage: { $0.prefix(600) }, expect: ["truncated JPEG"]),
    Case(name: "JPEG: empty file", file: jpeg, damage: { _ in Data() }, expect: ["truncated JPEG"]),
    Case(
      name: "JPEG: a PNG named .jpg", file: jpeg, damage: { _ in try seed("png/seed-gray8.png") },
      expect: ["not a JPEG"]),
    Case(
      name: "JPEG: 16x16 instead of 1280x720", file: jpeg, damage: { _ in try seed("jpeg/seed-420.jpg") },
      expect: ["image is 16x16, expected 1280x720"]),
    Case(
      name: "map PNG: flipped IDAT bytes", file: map,
      damage: { data in
        var bytes = [UInt8](data)
        for i in stride(from: 60, to: min(bytes.count - 20, 400), by: 3) { bytes[i] ^= 0x5A }
        return Data(bytes)
      }, arguments: maps, expect: ["PNG"]),
    Case(
      name: "map PNG: truncated", file: map, damage: { $0.truncated(0.5) }, arguments: maps, expect: ["PNG"]),
    Case(name: "map PNG: empty file", file: map, damage: { _ in Data() }, arguments: maps, expect: ["PNG"]),
    Case(
      name: "map PNG: 8x8 instead of 1280x720", file: map, damage: { _ in try seed("png/seed-gray8.png") },
      arguments: maps, expect: ["image is 8x8, expected 1280x720"]),
    Case(
      name: "map PNG: RGB colour type", file: map, damage: { _ in try seed("png/seed-rgb8.png") },
      arguments: maps, expect: ["colour type"]),
    Case(
      name: "map PNG: a JPEG named .png", file: map, damage: { _ in try seed("jpeg/seed-420.jpg") },
      arguments: maps, expect: ["not a PNG"]),
  ]

  @Test(arguments: cases)
  func brokenImageFailsOnlyItsFrame(_ broken: Case) throws {
    let root = try PrepSample.freshSample()
    let out = root.deletingLastPathComponent().appendingPathComponent("out")
    let train = try PrepSample.frames(root, split: "train")
    let val = try PrepSample.frames(root, split: "val")
    let first = try #require(train.first)
    let url = root.appendingPathComponent(broken.file(first))
    try broken.damage(try Data(contentsOf: url)).write(to: url)
    let result = try ToolProcess.run(
      "twinlite-prep", [root.path, "--out", out.path, "--quiet"] + broken.arguments)
    #expect(result.status == 3, "\(result)")
    let line = result.stderr.split(separator: "\n").first { $0.contains(url.path) } ?? ""
    #expect(
      broken.expect.allSatisfy { line.contains($0) },
      "want \(broken.expect) in a line naming the file: \(result)")
    let expected = Set(train.dropFirst().map { "train/\($0)" } + val.map { "val/\($0)" })
    #expect(PrepSample.converted(out) == expected, "\(result)")
  }
}
