import Foundation
import Testing
import TwinLiteCore
import TwinLiteImageIO
import TwinLitePrep
import _TwinLiteTestSupport

/// A size mismatch or an unreadable PNG is a per-frame problem naming the file: the other frames
/// and the other head of the same frame are still compared. Palette PNGs are read by colour.
@Suite struct DiffBadMaskTests {
  /// An 8×4 mask with the given pixels set to 255.
  static func mask(_ on: [Int], width: Int = 8, height: Int = 4) -> Mask {
    var m = Mask(width: width, height: height)
    for i in on { m.pixels[i] = 255 }
    return m
  }

  /// A: twinlite layout, four frames. B: YOLOP config names; f1 drivable as a palette PNG, f2
  /// drivable 4×4, f3 drivable not a PNG, f4 as in A.
  static func trees() throws -> (a: String, b: String) {
    let root = try Fixtures.temporaryDirectory("diff-bad")
    let a = root.appendingPathComponent("a").path
    let b = root.appendingPathComponent("b").path
    let writer = PNGWriter()
    for folder in ["\(a)/segments/val", "\(a)/lane/val", "\(b)/bdd_seg_gt/val", "\(b)/bdd_lane_gt/val"] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    for frame in ["f1", "f2", "f3", "f4"] {
      try writer.write(mask([1, 2, 3, 9]), to: "\(a)/segments/val/\(frame).png")
      try writer.write(mask([5, 13]), to: "\(a)/lane/val/\(frame).png")
      try writer.write(mask([5, 14]), to: "\(b)/bdd_lane_gt/val/\(frame).png")
    }
    // Index 1 is white: the palette colour, not the index, is the value.
    let indices = Mask(width: 8, height: 4, pixels: mask([1, 2, 3, 9]).pixels.map { $0 == 0 ? 0 : 1 })
    try writer.writePalette(indices, palette: [0, 0, 0, 255, 255, 255], to: "\(b)/bdd_seg_gt/val/f1.png")
    try writer.write(mask([1, 2], width: 4, height: 4), to: "\(b)/bdd_seg_gt/val/f2.png")
    try Data("not a png".utf8).write(to: URL(fileURLWithPath: "\(b)/bdd_seg_gt/val/f3.png"))
    try writer.write(mask([1, 2, 3, 9]), to: "\(b)/bdd_seg_gt/val/f4.png")
    return (a, b)
  }

  @Test func badFramesAreListedAndTheRestIsCompared() throws {
    let (a, b) = try Self.trees()
    let report = try MaskTreeDiff.run(a: a, b: b, options: MaskDiffOptions())
    #expect(report.b.layout == "yolop-config" && report.frames == 4)
    #expect(report.drivable.frames == 2 && report.drivable.errors == 2 && report.drivable.iou == 1)
    #expect(report.drivable.pixels == DiffPixelCounts(a: 8, b: 8, intersection: 8, union: 8))
    #expect(report.drivable.zeroOneFrames == DiffSideCounts(a: 0, b: 0))
    // Lanes: {5, 13} against {5, 14} in each of the four frames.
    #expect(report.lane.frames == 4 && report.lane.errors == 0 && report.lane.iou == 4.0 / 12.0)
    #expect(report.lane.precision == 0.5 && report.lane.recall == 0.5)
    let problems = Dictionary(uniqueKeysWithValues: report.errors.map { ($0.frame, $0) })
    #expect(problems.count == 2)
    #expect(problems["f2"]?.file == "\(b)/bdd_seg_gt/val/f2.png")
    #expect(problems["f2"]?.problem == "mask is 4x4, but A's \(a)/segments/val/f2.png is 8x4")
    #expect(problems["f3"]?.file == "\(b)/bdd_seg_gt/val/f3.png")
    #expect(problems["f3"]?.problem.contains("not a PNG") == true)
    #expect(report.text.contains("\(b)/bdd_seg_gt/val/f3.png: not a PNG"))
  }
}
