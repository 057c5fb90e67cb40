import Foundation
import Testing
import _TwinLiteTestSupport

/// `twinlite-prep --layout yolop` end to end: det_annotations beside the masks, the detection
/// source in the report, the count of frames without boxes in the summary, `--det-annotations`.
@Suite struct PrepYOLOPDetectionCLITests {
  func run(_ arguments: [String]) throws -> ToolProcess.Result {
    try ToolProcess.run("twinlite-prep", arguments)
  }

  func files(_ path: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted()
  }

  @Test func theYOLOPLayoutHasADetectionFileForEveryMask() throws {
    let folder = try Fixtures.temporaryDirectory("cli-det")
    let data = folder.appendingPathComponent("bdd100k").path
    #expect(try run(["sample", data, "--frames", "8", "--quiet"]).status == 0)
    let out = folder.appendingPathComponent("yolop").path
    let result = try run([data, "--out", out, "--layout", "yolop"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("train: det_annotations from 2020 det_20 boxes (converted to 2018 names)"))
    #expect(
      result.stdout.contains(", 0 frames without detection labels (empty object lists)"), "\(result.stdout)")
    for split in ["train", "val"] {
      let masks = files("\(out)/da_seg_annotations/\(split)").map { $0.dropLast(4) }
      #expect(!masks.isEmpty && files("\(out)/det_annotations/\(split)").map { $0.dropLast(5) } == masks)
    }
    #expect(try run(["verify", out]).status == 0)
  }

  @Test func offWritesNoneAndASourceNeedsTheYOLOPLayout() throws {
    let folder = try Fixtures.temporaryDirectory("cli-det-off")
    let data = folder.appendingPathComponent("bdd100k").path
    #expect(try run(["sample", data, "--frames", "4", "--quiet"]).status == 0)
    let out = folder.appendingPathComponent("yolop").path
    let off = try run([data, "--out", out, "--layout", "yolop", "--det-annotations", "off", "--quiet"])
    #expect(off.status == 0 && !off.stdout.contains("det_annotations"))
    #expect(!FileManager.default.fileExists(atPath: "\(out)/det_annotations"))
    let twinlite = try run([data, "--out", "\(folder.path)/t", "--det-annotations", "2020"])
    #expect(twinlite.status == 64 && twinlite.stderr.contains("needs --layout yolop"))
    let bad = try run([data, "--out", "\(folder.path)/b", "--layout", "yolop", "--det-annotations", "yes"])
    #expect(bad.status == 64)
    let help = try run(["convert", "--help"])
    #expect(help.stdout.contains("--det-annotations") && help.stdout.contains("det_annotations/"))
  }
}
