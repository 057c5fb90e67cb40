import Foundation
import Testing
import _TwinLiteTestSupport

/// `twinlite-bench accuracy --format json` prints one object with both aggregations.
@Suite(
  .enabled(
    if: ToolProcess.isBuilt("twinlite-bench") && Fixtures.sharedAvailable,
    "needs the built twinlite-bench and ../shared"))
struct AccuracyCLIJSONTests {
  @Test func jsonHasPaperAndDatasetFractions() throws {
    let out = try Fixtures.temporaryDirectory("bench-accuracy-cli")
    defer { try? FileManager.default.removeItem(at: out) }
    let fm = FileManager.default
    let name = "caeb782d-4a20b7c4"
    let links = [
      ("images", "jpg", "reference/twinlitenet/images/\(name).jpg"),
      ("segments", "png", "reference/twinlitenet/numpy_outputs/\(name)_da.png"),
      ("lane", "png", "reference/twinlitenet/numpy_outputs/\(name)_ll.png"),
    ]
    for (kind, ext, target) in links {
      try fm.createDirectory(at: out.appendingPathComponent("\(kind)/val"), withIntermediateDirectories: true)
      try fm.createSymbolicLink(
        atPath: out.appendingPathComponent("\(kind)/val/\(name).\(ext)").path,
        withDestinationPath: Fixtures.path(target))
    }
    let result = try ToolProcess.run(
      "twinlite-bench",
      [
        "accuracy", "--data", out.path, "--weights", Fixtures.path("reference/twinlitenet/best.pth"),
        "--backend", "cpu", "--format", "json", "--quiet",
      ])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    for aggregation in ["paper", "dataset"] {
      let scores = try #require(object[aggregation] as? [String: Any])
      for key in ["da_miou", "ll_acc", "ll_iou", "ll_pixel_acc"] {
        let value = try #require(scores[key] as? Double)
        #expect(value > 0.98 && value <= 1)
      }
      #expect(scores["frames"] as? Int == 1)
      #expect(scores["batch"] as? Int == 16)
    }
    // No catalog in this folder: nothing recorded, nothing created.
    #expect(!fm.fileExists(atPath: out.appendingPathComponent("catalog.sqlite").path))
  }
}
