import Foundation
import Testing
import TwinLiteBench
import _TwinLiteTestSupport

/// `twinlite-bench compare` exit codes (0 pass, 1 regression, 2 unreadable input) and the root
/// command's `--report FORMAT` spelling.
@Suite(.enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench"))
struct CompareCLIExitCodeTests {
  func write(_ text: String, _ name: String, in dir: URL) throws -> String {
    let path = dir.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func results(daMIoU: Double, fps: Double) -> String {
    let scores = #""da_miou": \#(daMIoU), "ll_acc": 0.5, "ll_iou": 0.2, "ll_pixel_acc": 0.99"#
    let run = #""run": {"split": "val", "weights_sha256": "\#(String(repeating: "0f", count: 32))"}"#
    return #"{"paper": {\#(scores), "frames": 4, "batch": 16}, "#
      + #""dataset": {\#(scores), "frames": 4, "batch": 16}, "speed": {"inference_fps": \#(fps)}, \#(run)}"#
  }

  @Test func exitCodes() throws {
    let dir = try Fixtures.temporaryDirectory("bench-compare")
    defer { try? FileManager.default.removeItem(at: dir) }
    let baseline = try write(results(daMIoU: 0.9, fps: 10), "baseline.json", in: dir)
    let same = try write(results(daMIoU: 0.9, fps: 10), "same.json", in: dir)
    let worse = try write(results(daMIoU: 0.8, fps: 10), "worse.json", in: dir)
    let slower = try write(results(daMIoU: 0.9, fps: 5), "slower.json", in: dir)
    let broken = try write("not json", "broken.json", in: dir)

    let ok = try ToolProcess.run("twinlite-bench", ["compare", "--baseline", baseline, "--current", same])
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("OK: no regression"))
    let regression = try ToolProcess.run(
      "twinlite-bench", ["compare", "--baseline", baseline, "--current", worse])
    #expect(regression.status == 1)
    #expect(regression.stdout.contains("regressed"))
    #expect(
      try ToolProcess.run("twinlite-bench", ["compare", "--baseline", baseline, "--current", slower]).status
        == 0)
    #expect(
      try ToolProcess.run(
        "twinlite-bench", ["compare", "--baseline", baseline, "--current", slower, "--gate-speed"]
      ).status
        == 1)
    let loose = ["--tolerance-accuracy", "0.2"]
    #expect(
      try ToolProcess.run("twinlite-bench", ["compare", "--baseline", baseline, "--current", worse] + loose)
        .status == 0)
    #expect(
      try ToolProcess.run("twinlite-bench", ["compare", "--baseline", baseline, "--current", broken]).status
        == 2)
    let action = try ToolProcess.run(
      "twinlite-bench",
      ["compare", "--baseline", baseline, "--current", worse, "--format", "github-action-benchmark"])
    #expect(action.status == 1)
    let entries = try JSONSerialization.jsonObject(with: Data(action.stdout.utf8)) as? [[String: Any]]
    #expect(entries?.first { $0["name"] as? String == "paper-exact DA mIoU" }?["value"] as? Double == 80)
  }

  @Test func rootReportOptionRendersASavedReport() throws {
    let dir = try Fixtures.temporaryDirectory("bench-report")
    defer { try? FileManager.default.removeItem(at: dir) }
    let report = BenchReport(
      title: "Saved", metadata: [["date", "d"]],
      tables: [ReportTable(id: "I", title: "x", columns: ["a"], rows: [["published"]])])
    let saved = try write(try ReportRenderer.json(report), "report.json", in: dir)
    let md = try ToolProcess.run("twinlite-bench", ["--report", "md", "--from", saved])
    #expect(md.status == 0)
    #expect(md.stdout == ReportRenderer.markdown(report))
    let sub = try ToolProcess.run("twinlite-bench", ["report", "--format", "csv", "--from", saved])
    #expect(sub.stdout == "table,a\nI,published\n")
  }
}
