import Testing
import TwinLiteBench

/// The Markdown renderer against golden text, and the assembled tables' published/measured rows.
@Suite struct ReportMarkdownGoldenTests {
  static let small = BenchReport(
    title: "T",
    metadata: [["date", "2026-01-02T03:04:05Z"], ["git commit", "abc"]],
    tables: [
      ReportTable(
        id: "II", title: "Drivable area", columns: ["model", "source", "DA mIoU (%)"],
        rows: [["TwinLiteNet", "published (paper)", "91.3"], ["Swift | ref", "measured", "90.12"]],
        notes: ["one note"]),
      ReportTable(id: "IV", title: "Ablation", columns: ["variant"], rows: [["baseline"]]),
    ])

  @Test func markdownMatchesGolden() {
    let golden = """
      # T

      - date: 2026-01-02T03:04:05Z
      - git commit: abc

      ## Table II: Drivable area

      | model | source | DA mIoU (%) |
      |---|---|---|
      | TwinLiteNet | published (paper) | 91.3 |
      | Swift \\| ref | measured | 90.12 |

      - one note

      ## Table IV: Ablation

      | variant |
      |---|
      | baseline |

      """
    #expect(ReportRenderer.markdown(Self.small) == golden)
  }

  @Test func csvQuotesAndPrefixesTableIDs() {
    let report = BenchReport(
      title: "T", metadata: [],
      tables: [ReportTable(id: "I", title: "x", columns: ["a", "b"], rows: [["1,5", "say \"hi\""]])])
    #expect(ReportRenderer.csv(report) == "table,a,b\nI,\"1,5\",\"say \"\"hi\"\"\"\n")
  }

  @Test func htmlHasInlineSVGAndNoScript() {
    var report = Self.small
    report.fpsVsParams = [ReportPoint(label: "m", params: 0.44, fps: 10, measured: true)]
    report.laneIoUs = [0.05, 0.31, 0.32, 0.99]
    let html = ReportRenderer.html(report)
    #expect(html.components(separatedBy: "<svg").count == 3)
    #expect(!html.lowercased().contains("<script"))
    #expect(html.contains("Swift | ref"))
    #expect(html.contains("lane IoU per image (4 images)"))
  }

  static let environment = ReportEnvironment(
    host: "box", cpu: "CPU X", cores: 2, threads: 2, gitCommit: "0123456789abcdef", build: "release",
    date: "2026-01-02T03:04:05Z", isa: "AVX2")

  static func summary() -> AccuracySummary {
    let scores = SegmentationScores(daMIoU: 0.9, llAcc: 0.7, llIoU: 0.3, llPixelAcc: 0.97)
    let dataset = SegmentationScores(daMIoU: 0.91, llAcc: 0.71, llIoU: 0.31, llPixelAcc: 0.98)
    return AccuracySummary(
      paper: AccuracyAggregate(scores: scores, frames: 4, batch: 16, aggregation: "p"),
      dataset: AccuracyAggregate(scores: dataset, frames: 4, batch: 16, aggregation: "d"),
      run: AccuracyRunInfo(
        backend: "cpu", split: "val", weights: "w.pth", weightsSHA256: String(repeating: "ab", count: 32),
        datasetID: "planhash:optionshash", catalogRunID: 1, order: "sorted", environment: environment),
      speed: AccuracySpeed(inferenceSeconds: 1, wallSeconds: 2, inferenceFPS: 4))
  }

  @Test func assembledTablesPutMeasuredRowsBesidePublished() {
    let inputs = ReportInputs(
      environment: Self.environment, weightsSHA256: nil, params: 439_633, macs: 4_192_614_000,
      speeds: [ReportSpeed(backend: "cpu", threads: 2, batch: 1, fps: 9.5, warmup: 3, runs: 10)],
      accuracy: Self.summary(),
      laneIoUs: [0.3], ablation: [], command: "twinlite-bench report")
    let report = ReportBuilder.assemble(inputs)
    #expect(report.tables.map(\.id) == ["I", "II", "III", "IV"])
    let md = ReportRenderer.markdown(report)
    // Published rows, exact figures from the model doc.
    #expect(md.contains("| TwinLiteNet | published (paper) | 0.44 M (paper table: 439,339) |"))
    #expect(md.contains("| 415 |"))
    #expect(md.contains("| 60 |"))
    #expect(md.contains("| TwinLiteNet | published (paper) | 91.3 |"))
    #expect(md.contains("| TwinLiteNet | published (paper) | — | 97.3 | 31.08 |"))
    #expect(md.contains("| TwinLiteNet | published (Plus README, current code) | 77.8 | — | 31.1 |"))
    // Measured rows with their setup.
    // No --data-description: the row says so rather than guessing what the data is.
    let data = "data not described (dataset planhash:options) · val, 4 frames"
    let setup =
      "box · CPU X · 2 threads · cpu (oneDNN AVX2) · weights abababababab · dataset planhash:options · "
      + "2026-01-02 "
      + "· commit 0123456789"
    #expect(
      md.contains(
        "| TwinLiteNet (Swift) | measured | 439,633 | 4.193 G MACs | 9.50 | 1 | box · CPU X · 2 threads · "
          + "cpu (oneDNN AVX2) ·"))
    #expect(
      md.contains(
        "| TwinLiteNet (Swift) | measured | 90.00 | paper-exact | \(data) · \(setup) · batch 16 |"))
    #expect(
      md.contains(
        "| TwinLiteNet (Swift) | measured | 71.00 | 98.00 | 31.00 | dataset-level | \(data) · \(setup)"))
  }

  @Test func missingAccuracySaysSoInsteadOfNumbers() {
    let inputs = ReportInputs(
      environment: Self.environment, weightsSHA256: nil, params: 1, macs: 1, speeds: [], accuracy: nil,
      laneIoUs: [], ablation: [], command: "")
    let md = ReportRenderer.markdown(ReportBuilder.assemble(inputs))
    #expect(md.contains("| TwinLiteNet (Swift) | measured | no accuracy run |"))
  }
}
