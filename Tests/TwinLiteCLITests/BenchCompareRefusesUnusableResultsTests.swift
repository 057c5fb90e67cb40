import Foundation
import Testing
import _TwinLiteTestSupport

/// `compare` cannot say "OK" without comparing the metrics it gates: a result without them, with
/// values of the wrong type or out of range, or from another run (split, dataset, weights, input
/// size) ends with exit 2 and a message naming the key, unless `--allow-different-runs` is given.
@Suite(.enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench"))
struct BenchCompareRefusesUnusableResultsTests {
  static let sha = String(repeating: "ab", count: 32)

  /// An `accuracy --format json` result with the given values.
  static func result(
    daMIoU: String = "0.9", fps: String = "10", split: String = "val", sha: String = sha,
    dataset: String = "\"d1\"", extraRun: String = ""
  ) -> String {
    let scores = #""da_miou": \#(daMIoU), "ll_acc": 0.5, "ll_iou": 0.2, "ll_pixel_acc": 0.99"#
    return #"{"paper": {\#(scores), "frames": 4, "batch": 16}, "#
      + #""dataset": {\#(scores), "frames": 4, "batch": 16}, "speed": {"inference_fps": \#(fps)}, "#
      + #""run": {"split": "\#(split)", "weights_sha256": "\#(sha)", "dataset_id": \#(dataset)\#(extraRun)}}"#
  }

  func compare(baseline: String, current: String = result(), _ extra: [String] = []) throws
    -> ToolProcess.Result
  {
    let dir = try Fixtures.temporaryDirectory("bench-compare-hostile")
    defer { try? FileManager.default.removeItem(at: dir) }
    let (b, c) = (dir.appendingPathComponent("b.json").path, dir.appendingPathComponent("c.json").path)
    try baseline.write(toFile: b, atomically: true, encoding: .utf8)
    try current.write(toFile: c, atomically: true, encoding: .utf8)
    return try ToolProcess.run(
      "twinlite-bench", ["compare", "--baseline", b, "--current", c, "--gate-speed"] + extra)
  }

  static let unusable: [(String, String)] = [
    ("{}", "paper: missing"),
    (result().replacingOccurrences(of: "da_miou", with: "daMIoU"), "paper.da_miou: missing"),
    (result(daMIoU: "\"0.9\""), "paper.da_miou: expected a number"),
    (result(daMIoU: "null"), "paper.da_miou: is null"),
    (result(daMIoU: "5.0"), "paper.da_miou: 5.0 is not a fraction in [0, 1]"),
    (result(daMIoU: "-0.1"), "paper.da_miou: -0.1 is not a fraction in [0, 1]"),
    (result(fps: "-5"), "speed.inference_fps: -5.0 is not a positive speed"),
    (result(fps: "0"), "speed.inference_fps: 0.0 is not a positive speed"),
    (result(sha: "abc"), "run.weights_sha256: 'abc' is not a SHA-256"),
    (result(daMIoU: "NaN"), "malformed JSON"),
    ("not json", "malformed JSON"),
    ("[1]", "(top level): expected an object"),
  ]

  @Test(arguments: unusable)
  func unusableBaselineIsExitTwoNamingTheKey(baseline: String, message: String) throws {
    let r = try compare(baseline: baseline)
    #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(!r.stdout.contains("OK"))
  }

  @Test(arguments: unusable)
  func unusableCurrentIsExitTwoToo(current: String, message: String) throws {
    let r = try compare(baseline: Self.result(), current: current)
    #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  static let otherRuns: [(String, String)] = [
    (result(split: "train"), "run.split: baseline 'val', current 'train'"),
    (result(sha: String(repeating: "cd", count: 32)), "run.weights_sha256: baseline abababababab…"),
    (result(dataset: "\"d2\""), "run.dataset_id: baseline 'd1', current 'd2'"),
    (result(dataset: "null"), "run.dataset_id: baseline 'd1', current none"),
    (
      result(extraRun: #", "input_size": [720, 1280]"#),
      "run.input_size: baseline 360×640, current 720×1280"
    ),
  ]

  @Test(arguments: otherRuns)
  func otherRunIsRefusedUnlessAllowed(current: String, difference: String) throws {
    let refused = try compare(baseline: Self.result(), current: current)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("different runs"), "\(refused.stderr)")
    #expect(refused.stderr.contains(difference), "\(refused.stderr)")
    let allowed = try compare(baseline: Self.result(), current: current, ["--allow-different-runs"])
    #expect(allowed.status == 0, "\(allowed.stderr)")
    #expect(allowed.stderr.contains("note: different runs compared: \(difference)"))
    #expect(allowed.stdout.contains("OK: no regression"))
  }

  @Test func sameRunComparesEveryGatedMetric() throws {
    let r = try compare(baseline: Self.result())
    #expect(r.status == 0, "\(r.stderr)")
    for label in ["paper-exact DA mIoU", "dataset-level lane IoU", "inference FPS", "inference ms/frame"] {
      #expect(r.stdout.contains(label), "\(label)")
    }
    let slower = try compare(baseline: Self.result(), current: Self.result(fps: "5"))
    #expect(slower.status == 1)
  }

  @Test func missingFilesAndFoldersReadAsSentences() throws {
    let dir = try Fixtures.temporaryDirectory("bench-compare-missing")
    defer { try? FileManager.default.removeItem(at: dir) }
    let missing = dir.appendingPathComponent("nothing.json").path
    let good = dir.appendingPathComponent("good.json").path
    try Self.result().write(toFile: good, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out").path
    let cases: [([String], String)] = [
      (["--baseline", missing, "--current", good], "\(missing): cannot read: No such file or directory"),
      (["--baseline", dir.path, "--current", good], "\(dir.path): cannot read: is a directory, not a file"),
      (["--baseline", good, "--data", out], "\(out): cannot read: no such folder"),
      (["--baseline", good, "--data", dir.path], "no catalog.sqlite (is this a twinlite-prep output"),
    ]
    for (arguments, message) in cases {
      let r = try ToolProcess.run("twinlite-bench", ["compare"] + arguments)
      #expect(r.status == 2, "\(r.stderr)")
      #expect(r.stderr.contains(message), "\(r.stderr)")
      #expect(!r.stderr.contains("Domain"), "\(r.stderr)")
    }
  }
}
