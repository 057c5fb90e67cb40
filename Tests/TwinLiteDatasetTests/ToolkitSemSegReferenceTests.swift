import Foundation
import Testing
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO
import _TwinLiteTestSupport

/// The official toolkit's own test case: `to_mask` sem_seg output for `example_annotation.json`
/// (4 `car` labels, 8 closed polygons with Bézier runs). Our fill path must match it pixel for pixel.
@Suite struct ToolkitSemSegReferenceTests {
  static let folder = "fixtures/bdd100k/bdd100k__bdd100k/"

  /// trainIds are the category positions in `configs/sem_seg.toml`.
  static func trainIds() throws -> [String: UInt8] {
    let text = try String(contentsOfFile: Fixtures.path(folder + "bdd100k/configs/sem_seg.toml"), encoding: .utf8)
    var ids: [String: UInt8] = [:]
    for line in text.split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("name ="), let open = trimmed.firstIndex(of: "\""),
        let close = trimmed.lastIndex(of: "\""), open < close
      else { continue }
      ids[String(trimmed[trimmed.index(after: open)..<close])] = UInt8(ids.count)
    }
    return ids
  }

  @Test func semSegMaskMatchesTheToolkitPixelForPixel() throws {
    let ids = try Self.trainIds()
    #expect(ids["car"] == 13)
    let url = URL(fileURLWithPath: Fixtures.path(Self.folder + "tests/label/testcases/example_annotation.json"))
    let frames = try LabelReader.genericScalabel(url: url, closed: true)
    #expect(frames.count == 1)
    var renderer = MaskRenderer()
    var mask = Mask(width: 1280, height: 720, fill: 255)
    var polygons = 0
    for label in frames[0] {
      let value = try #require(ids[label.category])
      for polygon in label.polygons {
        renderer.fillOfficial(polygon, value: value, into: &mask)
        polygons += 1
      }
    }
    #expect(polygons == 8)

    let reference = try PNGDecoder.decodeMask(
      Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.path(Self.folder + "tests/label/testcases/semseg_mask.png")))),
      name: "semseg_mask.png")
    #expect(reference.width == 1280 && reference.height == 720)
    let differing = zip(mask.pixels, reference.pixels).filter { $0 != $1 }.count
    #expect(reference.pixels.filter { $0 == 13 }.count == 121_254)
    #expect(differing == 0)
    if differing > 0 {
      // Keep the raw render for inspection.
      let out = try Fixtures.temporaryDirectory("semseg").appendingPathComponent("ours.raw")
      try Data(mask.pixels).write(to: out)
      print("semseg: \(differing) differing pixels; ours at \(out.path)")
    }
  }
}
