import Foundation
import Testing
import TwinLiteBench
import _TwinLiteTestSupport

/// Measured accuracy rows say what data they ran on without `--data-description`: a
/// `twinlite-prep sample` tree is "synthetic sample (not BDD100K)", from what the catalog records.
@Suite struct ReportLabelsSyntheticDataTests {
  static func tables(_ summary: AccuracySummary, description: String? = nil) -> String {
    let inputs = ReportInputs(
      environment: ReportMarkdownGoldenTests.environment, weightsSHA256: nil, params: 439_633,
      macs: 4_192_614_000, speeds: [], accuracy: summary, laneIoUs: [], ablation: [],
      command: "twinlite-bench report", dataDescription: description)
    return ReportRenderer.markdown(ReportBuilder.assemble(inputs))
  }

  @Test func recordedSourceLabelsTheMeasuredRowsAndTheOverrideWins() {
    var summary = ReportMarkdownGoldenTests.summary()
    summary.run.dataSource = "synthetic sample (not BDD100K)"
    let md = Self.tables(summary)
    #expect(
      md.contains("| measured | 90.00 | paper-exact | synthetic sample (not BDD100K) · val, 4 frames ·"))
    let overridden = Self.tables(summary, description: "BDD100K val (official masks)")
    #expect(overridden.contains("BDD100K val (official masks) · val, 4 frames"))
    #expect(!overridden.contains("synthetic sample"))
  }

  @Test(
    .enabled(
      if: ToolProcess.isBuilt("twinlite-bench") && Fixtures.sharedAvailable,
      "needs the built tools and ../shared/reference/twinlitenet/best.pth"))
  func accuracyOnAPreparedSampleRecordsItAsSynthetic() throws {
    let dir = try Fixtures.temporaryDirectory("bench-synthetic-label")
    defer { try? FileManager.default.removeItem(at: dir) }
    let sample = dir.appendingPathComponent("sample").path
    let out = dir.appendingPathComponent("out").path
    let made = try ToolProcess.run("twinlite-prep", ["sample", sample, "--frames", "4", "--quiet"])
    #expect(made.status == 0, "\(made)")
    let prep = try ToolProcess.run("twinlite-prep", [sample, "--out", out, "--quiet", "--no-sync"])
    #expect(prep.status == 0, "\(prep)")
    let run = try ToolProcess.run(
      "twinlite-bench",
      [
        "accuracy", "--data", out, "--weights", Fixtures.path("reference/twinlitenet/best.pth"), "--backend",
        "cpu",
        "--threads", "1", "--format", "json", "--quiet", "--no-record",
      ])
    #expect(run.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let info = object?["run"] as? [String: Any]
    #expect(info?["data_source"] as? String == "synthetic sample (not BDD100K)", "\(run.stdout)")
  }
}
