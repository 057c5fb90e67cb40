import Testing
import TwinLiteBench

/// `compare`: tolerance logic, speed gating and the exit code.
@Suite struct CompareToleranceTests {
  static let baseline: [String: Double] = [
    "paper.da_miou": 0.90, "paper.ll_iou": 0.30, "dataset.ll_acc": 0.70, "paper.frames": 4,
    "speed.inference_fps": 10, "speed.ms_per_frame": 100,
  ]

  func run(_ changes: [String: Double], _ options: CompareOptions = CompareOptions()) -> CompareResult {
    Compare.compare(baseline: Self.baseline, current: Self.baseline.merging(changes) { $1 }, options: options)
  }

  func status(_ r: CompareResult, _ key: String) -> CompareRow.Status? {
    r.rows.first { $0.metric.key == key }?.status
  }

  @Test func identicalResultsPass() {
    let r = run([:])
    #expect(r.exitCode == .success)
    #expect(r.rows.count == 5)
    #expect(r.rows.allSatisfy { $0.status == .ok })
  }

  @Test func accuracyDropBeyondAbsoluteToleranceFails() {
    let within = run(["paper.da_miou": 0.896])
    #expect(status(within, "paper.da_miou") == .ok)
    #expect(within.exitCode == .success)
    let beyond = run(["paper.da_miou": 0.894])
    #expect(status(beyond, "paper.da_miou") == .regressed)
    #expect(beyond.exitCode == .failure)
    let looser = run(["paper.da_miou": 0.894], CompareOptions(toleranceAccuracy: 0.01))
    #expect(looser.exitCode == .success)
  }

  @Test func accuracyGainIsImprovementNotFailure() {
    let r = run(["paper.ll_iou": 0.35])
    #expect(status(r, "paper.ll_iou") == .improved)
    #expect(r.exitCode == .success)
  }

  @Test func speedGatesOnlyWhenAsked() {
    // 20 % slower: beyond the 15 % default.
    let slower = ["speed.inference_fps": 8.0, "speed.ms_per_frame": 125.0]
    let ungated = run(slower)
    #expect(status(ungated, "speed.inference_fps") == .slowerNotGated)
    #expect(status(ungated, "speed.ms_per_frame") == .slowerNotGated)
    #expect(ungated.exitCode == .success)
    let gated = run(slower, CompareOptions(gateSpeed: true))
    #expect(status(gated, "speed.ms_per_frame") == .regressed)
    #expect(gated.exitCode == .failure)
    let tolerant = run(slower, CompareOptions(toleranceSpeed: 0.3, gateSpeed: true))
    #expect(tolerant.exitCode == .success)
  }

  @Test func missingMetricAndFrameMismatchFail() {
    var current = Self.baseline
    current["paper.ll_iou"] = nil
    let missing = Compare.compare(baseline: Self.baseline, current: current, options: CompareOptions())
    #expect(status(missing, "paper.ll_iou") == .missing)
    #expect(missing.exitCode == .failure)
    let frames = run(["paper.frames": 5])
    #expect(frames.mismatches.count == 1)
    #expect(frames.exitCode == .failure)
  }

  @Test func resultJSONGivesTheGatedMetricsAndDerivesMillisecondsPerFrame() throws {
    let scores =
      #""da_miou": 0.5, "ll_acc": 0.6, "ll_iou": 0.2, "ll_pixel_acc": 0.9, "frames": 4, "batch": 2"#
    let sha = String(repeating: "a", count: 64)
    let input = try CompareInput.parse(
      json: #"{"paper": {\#(scores)}, "dataset": {\#(scores)}, "speed": {"inference_fps": 4}, "#
        + #""run": {"split": "val", "weights_sha256": "\#(sha)", "dataset_id": null}}"#,
      source: "x")
    #expect(input.values["paper.da_miou"] == 0.5)
    #expect(input.values["paper.frames"] == 4)
    #expect(input.values["speed.ms_per_frame"] == 250)
    let identity = CompareRunIdentity(
      split: "val", datasetID: nil, weightsSHA256: sha, inputSize: [360, 640])
    #expect(input.identity == identity)
    #expect(throws: BenchError.self) { try CompareInput.parse(json: "[1]", source: "x") }
  }

  @Test func githubActionBenchmarkSplitsByDirection() throws {
    let bigger = try Compare.githubActionBenchmark(
      current: Self.baseline, baseline: Self.baseline, biggerIsBetter: true, options: CompareOptions())
    #expect(bigger.contains("\"name\" : \"paper-exact DA mIoU\""))
    #expect(bigger.contains("\"value\" : 90"))
    #expect(!bigger.contains("ms/frame"))
    let smaller = try Compare.githubActionBenchmark(
      current: Self.baseline, baseline: Self.baseline, biggerIsBetter: false, options: CompareOptions())
    #expect(smaller.contains("inference ms/frame"))
    #expect(!smaller.contains("DA mIoU"))
  }
}
