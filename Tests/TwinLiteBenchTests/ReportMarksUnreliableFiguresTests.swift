import Testing
import TwinLiteBench
import TwinLiteModel

/// Figures that contradict each other (more threads slower, folded network slower) or were timed on
/// a busy machine are marked in the tables and the chart; accuracy rows name the data they ran on.
@Suite struct ReportMarksUnreliableFiguresTests {
  static func report(speeds: [ReportSpeed], ablation: [AblationRow] = []) -> BenchReport {
    ReportBuilder.assemble(
      ReportInputs(
        environment: ReportMarkdownGoldenTests.environment, weightsSHA256: nil, params: 439_633,
        macs: 4_192_614_000, speeds: speeds, accuracy: ReportMarkdownGoldenTests.summary(),
        laneIoUs: [0.3], ablation: ablation, command: "twinlite-bench report",
        dataDescription: "synthetic sample (not BDD100K)"))
  }

  @Test func moreThreadsSlowerIsFlagged() {
    let report = Self.report(speeds: [
      ReportSpeed(backend: "cpu", threads: 2, batch: 1, fps: 8.12, warmup: 3, runs: 10),
      ReportSpeed(backend: "cpu", threads: 1, batch: 1, fps: 16.04, warmup: 3, runs: 10),
    ])
    let rows = report.tables[0].rows.filter { $0[1] == "measured" }
    #expect(rows[0][4].hasPrefix("8.12 (thread scaling backwards: 2 threads slower than fewer"))
    #expect(rows[0][4].contains("machine busy: unreliable"))
    #expect(rows[1][4] == "16.04")
    #expect(report.fpsVsParams.filter(\.measured).map { $0.note != nil } == [true, false])
  }

  @Test func busyTimingCarriesItsLoadIntoTheRow() {
    let note = "machine busy: unreliable (load 5.4 on 2 cores, 3.0 other runnable, p90/median 1.40)"
    let report = Self.report(speeds: [
      ReportSpeed(backend: "cpu", threads: 1, batch: 1, fps: 10, warmup: 3, runs: 10, note: note)
    ])
    #expect(report.tables[0].rows.last?[4] == "10.00 (\(note))")
  }

  @Test func foldedSlowerThanUnfoldedIsFlagged() {
    func row(_ name: String, _ reparam: Bool, _ fps: Double) -> AblationRow {
      AblationRow(
        name: name, config: TwinLiteVariantConfig(attention: true, twoHeads: true, reparameterised: reparam),
        params: 1, macs: 1, referenceFPS: fps, cpuFPS: nil, checkpoint: nil, paper: nil, dataset: nil,
        accuracyNote: "")
    }
    let report = Self.report(
      speeds: [], ablation: [row("+two-heads", false, 1.06), row("+reparam", true, 0.70)])
    let fps = report.tables[3].rows.map { $0[6] }
    #expect(fps[0] == "1.06")
    #expect(fps[1].hasPrefix("0.70 (slower than +two-heads, which does more work: timing noise"))
    // Within 5 %, timed in turns: no flag.
    let close = Self.report(
      speeds: [], ablation: [row("+two-heads", false, 2.00), row("+reparam", true, 1.97)])
    #expect(close.tables[3].rows.map { $0[6] } == ["2.00", "1.97"])
  }

  @Test func accuracyNamesSyntheticDataAndCitesNoIssue() {
    let report = Self.report(speeds: [])
    let measured = report.tables[1].rows.filter { $0[1] == "measured" }
    #expect(measured.allSatisfy { $0[4].hasPrefix("synthetic sample (not BDD100K) · val, 4 frames · ") })
    #expect(report.accuracyData == "synthetic sample (not BDD100K) · val, 4 frames")
    #expect(report.accuracyBars?.count == 6)
    let html = ReportRenderer.html(report)
    #expect(html.contains("measured on: synthetic sample (not BDD100K)"))
    #expect(html.range(of: #"issue \d"#, options: .regularExpression) == nil)
  }
}
