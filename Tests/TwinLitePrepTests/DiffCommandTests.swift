import Foundation
import Testing
import TwinLiteImageIO
import TwinLitePrep
import _TwinLiteTestSupport

/// `twinlite-prep diff` as a user runs it: the JSON shape, the three formats, overlays and the
/// documented exit codes.
@Suite struct DiffCommandTests {
  static var built: Bool { ToolProcess.binDirectory != nil }

  @Test(.enabled(if: built, "needs the built twinlite-prep (swift build)"))
  func jsonHasTheDocumentedShapeAndTheLibraryFigures() throws {
    let trees = try PerturbedMaskTrees.get()
    let run = try ToolProcess.run(
      "twinlite-prep",
      ["diff", trees.ours, trees.published, "--split", "val", "--format", "json", "--worst", "2"])
    #expect(run.status == 0, "\(run)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["frames"] as? Int == 5)
    let lane = try #require(object["lane"] as? [String: Any])
    for key in ["iou", "precision", "recall", "frames", "only_in_a", "only_in_b", "frame_iou", "pixels"] {
      #expect(lane[key] != nil, "lane.\(key)")
    }
    let library = try MaskTreeDiff.run(
      a: trees.ours, b: trees.published, options: MaskDiffOptions(split: "val"))
    #expect(lane["iou"] as? Double == library.lane.iou)
    let worst = try #require(object["worst"] as? [[String: Any]])
    #expect(worst.count == 4 && worst.first?["head"] as? String == "drivable")
    #expect(worst.first?["frame"] as? String == trees.cut)
  }

  @Test(.enabled(if: built, "needs the built twinlite-prep (swift build)"))
  func textAndMarkdownNameTheTreesAndTheZeroOneMasks() throws {
    let trees = try PerturbedMaskTrees.get()
    for format in ["text", "md"] {
      let run = try ToolProcess.run(
        "twinlite-prep",
        ["diff", trees.ours, trees.published, "--split", "val", "--format", format, "--quiet"])
      #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
      #expect(run.stdout.contains(trees.published) && run.stdout.contains("yolop (da_seg_annotations/"))
      #expect(run.stdout.contains("B stores 1 lane mask(s) as 0/1"))
      #expect(run.stdout.contains("\(trees.ours)/lane/val/\(trees.missing).png"), "\(format)")
    }
  }

  @Test(.enabled(if: built, "needs the built twinlite-prep (swift build)"))
  func overlaysAreThreePanelsWide() throws {
    let trees = try PerturbedMaskTrees.get()
    let folder = try Fixtures.temporaryDirectory("overlays").appendingPathComponent("o").path
    let run = try ToolProcess.run(
      "twinlite-prep",
      [
        "diff", trees.ours, trees.published, "--split", "val", "--worst", "1", "--overlays", folder,
        "--format", "json",
      ])
    #expect(run.status == 0, "\(run)")
    let files = PrepTest.files(folder)
    #expect(files == ["val-drivable-1-\(trees.cut).png", "val-lane-1-\(trees.shifted).png"])
    let image = try PNGDecoder.read(path: "\(folder)/val-lane-1-\(trees.shifted).png")
    #expect(image.width == 3 * 1280 + 16 && image.height == 720 && image.colorType == .rgb)
    // The shifted lane shows up in the difference panel: orange (A only) and blue (B only) pixels.
    let panel = 2 * (1280 + 8)
    var colours = Set<[UInt8]>()
    for y in 0..<720 {
      for x in panel..<(panel + 1280) {
        let o = 3 * (y * image.width + x)
        colours.insert(Array(image.pixels[o..<(o + 3)]))
      }
    }
    #expect(colours.contains([255, 140, 0]) && colours.contains([0, 150, 255]))
  }

  @Test(.enabled(if: built, "needs the built twinlite-prep (swift build)"))
  func exitCodesFollowTheDocumentation() throws {
    let (a, b) = try DiffBadMaskTests.trees()
    let bad = try ToolProcess.run("twinlite-prep", ["diff", a, b, "--format", "json", "--quiet"])
    #expect(bad.status == 3, "\(bad)")
    #expect(bad.stderr.contains("not compared: \(b)/bdd_seg_gt/val/f2.png: mask is 4x4"))
    let missing = try ToolProcess.run("twinlite-prep", ["diff", a, "\(b)/nope"])
    #expect(missing.status == 2 && missing.stderr.contains("\(b)/nope: mask tree B not found"))
    let usage = try ToolProcess.run("twinlite-prep", ["diff", a, b, "--format", "yaml"])
    #expect(usage.status == 64)
    let help = try ToolProcess.run("twinlite-prep", ["help", "diff"])
    #expect(help.status == 0)
    for option in ["--split", "--format", "--worst", "--overlays", "--threads", "da_seg_annotations"] {
      #expect(help.stdout.contains(option), "\(option)")
    }
  }
}
