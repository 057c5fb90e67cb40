import Foundation
import Testing
import TwinLitePrep
import _TwinLiteTestSupport

/// `scripts/reproduce-paper` end to end on the synthetic sample, with the perturbed tree standing in
/// for YOLOP's published masks: the report carries what the tools measured, labels every
/// definition, and says plainly that the paper comparison means nothing on synthetic data.
@Suite(.serialized) struct ReproducePaperScriptTests {
  static let script = Fixtures.packageRoot.appendingPathComponent("scripts/reproduce-paper")
  static let weights = Fixtures.path("reference/twinlitenet/best.pth")
  static var ready: Bool {
    guard let bin = ToolProcess.binDirectory else { return false }
    return FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("twinlite-bench").path)
      && FileManager.default.fileExists(atPath: weights)
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
  }

  func run(_ arguments: [String]) throws -> ToolProcess.Result {
    let bin = try #require(ToolProcess.binDirectory)
    return try ToolProcess.run(executable: Self.script, arguments, environment: ["TWINLITE_BIN": bin.path])
  }

  @Test(.enabled(if: ready, "needs the built tools, ../shared's best.pth and python3"))
  func writesTheReportFromWhatTheToolsMeasured() throws {
    let trees = try PerturbedMaskTrees.get()
    let folder = try Fixtures.temporaryDirectory("reproduce")
    let work = folder.appendingPathComponent("work").path
    let out = folder.appendingPathComponent("reports").path
    let result = try run([
      trees.sample, "--published", trees.published, "--weights", Self.weights, "--work", work, "--out", out,
      "--threads", "2", "--worst", "2",
    ])
    #expect(result.status == 0, "\(result)")
    for step in ["[1/4] preparing", "[2/4] accuracy", "[3/4] accuracy on the published", "[4/4] comparing"] {
      #expect(result.stderr.contains(step), "\(step)")
    }
    let json = try Data(contentsOf: URL(fileURLWithPath: "\(out)/paper-reproduction.json"))
    let report = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    #expect(report["comparable_with_paper"] as? Bool == false)
    let dataset = try #require(report["dataset"] as? [String: Any])
    #expect(dataset["frames"] as? Int == 6 && dataset["split"] as? String == "val")
    #expect((dataset["labels"] as? String)?.contains("2020") == true)
    let weights = try #require(report["weights"] as? [String: Any])
    #expect(weights["official"] as? Bool == true)

    // The accuracy rows are what twinlite-bench reports for the same masks.
    let runs = try #require(report["runs"] as? [String: Any])
    let accuracy = try ToolProcess.run(
      "twinlite-bench",
      [
        "accuracy", "--data", "\(work)/prepared", "--split", "val", "--weights", Self.weights, "--backend",
        "cpu",
        "--format", "json", "--no-record", "--quiet",
      ])
    #expect(accuracy.status == 0, "\(accuracy)")
    let direct = try #require(
      try JSONSerialization.jsonObject(with: Data(accuracy.stdout.utf8)) as? [String: Any])
    let ours = try #require(runs["ours"] as? [String: Any])
    for key in ["paper", "dataset"] {
      let scores = try #require((ours[key] as? [String: Any])?["scores"] as? [String: Double])
      let expected = try #require(direct[key] as? [String: Any])
      for metric in ["da_miou", "ll_acc", "ll_iou", "ll_pixel_acc"] {
        #expect(scores[metric] == expected[metric] as? Double, "\(key) \(metric)")
      }
    }
    let published = try #require(runs["published"] as? [String: Any])
    #expect(published["frames"] as? Int == 5)  // the frame missing from the published tree is left out

    // The mask comparison is twinlite-prep diff's.
    let diff = try #require(report["diff"] as? [String: Any])
    let library = try MaskTreeDiff.run(
      a: "\(work)/prepared", b: trees.published, options: MaskDiffOptions(split: "val"))
    #expect((diff["lane"] as? [String: Any])?["iou"] as? Double == library.lane.iou)
    #expect((diff["drivable"] as? [String: Any])?["iou"] as? Double == library.drivable.iou)
    #expect(diff["unmatched"] as? Int == 4)

    let markdown = try String(contentsOfFile: "\(out)/paper-reproduction.md", encoding: .utf8)
    for text in [
      "> **Paper comparison NOT MEANINGFUL: 6 frames evaluated",
      "| paper (TwinLiteNet) | as published | 10,000 | 91.30 | 77.80 | 31.08 | 97.30 |",
      "| twinlite-prep masks | paper-exact (batch 16) | 6 |", "| twinlite-prep masks | dataset-level | 6 |",
      "| published masks (yolop) | paper-exact (batch 16) | 5 |",
      "**paper-exact (batch 16)**: confusion matrix",
      "## Our masks against the published masks",
      "Expected on the full 10,000-frame val split on this machine",
      "1 published lane mask(s) stored as 0/1",
    ] {
      #expect(markdown.contains(text), "\(text)")
    }
  }

  @Test(.enabled(if: ready, "needs the built tools, ../shared's best.pth and python3"))
  func badInputsStopWithTheirName() throws {
    let folder = try Fixtures.temporaryDirectory("reproduce-bad").path
    let noRoot = try run(["\(folder)/nope", "--weights", Self.weights])
    #expect(noRoot.status == 2 && noRoot.stderr.contains("\(folder)/nope: BDD100K root not found"))
    let noMasks = try run([folder, "--published", folder, "--weights", Self.weights])
    #expect(noMasks.status == 2 && noMasks.stderr.contains("\(folder): no published val masks"))
    let noWeights = try run([folder, "--weights", "\(folder)/best.pth"])
    #expect(noWeights.status == 2 && noWeights.stderr.contains("\(folder)/best.pth: checkpoint not found"))
  }
}
