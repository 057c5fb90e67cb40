import Foundation
import Testing
import TwinLiteBench
import _TwinLiteTestSupport

/// Renders a report with long labels and busy notes in headless Chromium and checks, from the DOM,
/// that every chart label lies inside its SVG and no two labels overlap (scripts/check-report-charts).
@Suite struct ReportChartsFitInChromiumTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains {
    FileManager.default.isExecutableFile(atPath: $0)
  }

  /// Exit status and output of scripts/check-report-charts on `page`.
  static func check(_ page: URL, _ options: String...) throws -> (status: Int32, output: String) {
    let result = try ToolProcess.run(
      executable: URL(fileURLWithPath: "/usr/bin/env"),
      ["python3", root.appendingPathComponent("scripts/check-report-charts").path, page.path] + options,
      mergeStreams: true)
    return (result.status, result.stdout)
  }

  static func report() -> BenchReport {
    let cpu = "AMD EPYC 7B13 64-Core Processor"
    let busy = "machine busy: unreliable (load 17.2 on 2 cores, 14.0 other runnable, p90/median 1.62)"
    let speeds = [
      ReportSpeed(backend: "cpu", threads: 2, batch: 1, fps: 3.1, warmup: 3, runs: 10, note: busy),
      ReportSpeed(backend: "cpu", threads: 1, batch: 1, fps: 16.04, warmup: 3, runs: 10),
      ReportSpeed(backend: "reference", threads: 2, batch: 1, fps: 0.71, warmup: 1, runs: 3),
    ]
    var environment = ReportMarkdownGoldenTests.environment
    environment.cpu = cpu
    let inputs = ReportInputs(
      environment: environment, weightsSHA256: nil, params: 439_633, macs: 4_192_614_000, speeds: speeds,
      accuracy: ReportMarkdownGoldenTests.summary(), laneIoUs: (0..<200).map { Double($0 % 37) / 37 },
      ablation: [], command: "twinlite-bench report", dataDescription: "synthetic sample (not BDD100K)")
    return ReportBuilder.assemble(inputs)
  }

  @Test(.enabled(if: chromium, "needs Debian's chromium (scripts/bootstrap chromium) to render the charts"))
  func everyLabelInsideItsChartAndNoneOverlap() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("charts-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("report.html")
    try ReportRenderer.html(Self.report()).write(to: page, atomically: true, encoding: .utf8)
    let (status, text) = try Self.check(page, "--png-dir", dir.appendingPathComponent("png").path)
    #expect(status == 0, "\(text)")
    #expect(text.contains("3 charts (0 trend charts), 0 problems"), "\(text)")
    let pngs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("png").path)
    #expect(pngs.count == 3)
  }
}
