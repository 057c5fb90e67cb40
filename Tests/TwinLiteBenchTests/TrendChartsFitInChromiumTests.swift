import Foundation
import Testing
import TwinLiteBench

/// `report --format html --history`: a fixed history of four commits drawn as trend charts (DA mIoU,
/// lane IoU, median ms, instruction counts) with the gates marked, checked in headless Chromium:
/// every label, point and gate line inside its chart, no labels overlapping.
@Suite struct TrendChartsFitInChromiumTests {
  static let commits = [
    "1f3a5c7e9b2d4f6a8c0e", "2a4c6e8f0b1d3f5a7c9e", "3b5d7f9a1c3e5a7c9e1f", "4c6e8a0b2d4f6a8c0e2a",
  ]

  static func history() -> [HistoryEntry] {
    var entries: [HistoryEntry] = []
    for (i, commit) in commits.enumerated() {
      func add(_ metric: String, _ value: Double, _ unit: String, _ gate: Double?) {
        entries.append(
          HistoryEntry(
            commit: commit, date: "2026-12-0\(i + 1)T10:00:00Z", machine: "AMD EPYC 7B13 64-Core Processor",
            isa: "AVX2", metric: metric, value: value, unit: unit, threshold: gate,
            data: "synthetic sample (not BDD100K) · val, 32 frames"))
      }
      add("accuracy.paper.da_miou", 64.54 - 0.1 * Double(i), "%", 64.04)
      add("accuracy.paper.ll_iou", 22.1 + 0.05 * Double(i), "%", 21.6)
      add("speed.cpu.2-threads.360x640.median_ms", [41.2, 39.9, 44.7, 40.3][i], "ms", nil)
      add(
        "instructions.prep-32", [466_413_602, 466_420_117, 471_002_540, 466_401_990][i], "instructions",
        466_413_602 * 1.02)
      add(
        "instructions.cpu-forward", [1_873_551_204, 1_873_551_900, 1_701_220_004, 1_701_219_870][i],
        "instructions", i < 2 ? 1_873_551_204 * 1.02 : 1_701_220_004 * 1.02)
    }
    return entries
  }

  @Test func rendersOneChartPerMetricWithGates() {
    let html = ReportRenderer.html(ReportChartsFitInChromiumTests.report(), history: Self.history())
    #expect(html.components(separatedBy: "aria-label=\"trend: ").count == 6)
    #expect(html.components(separatedBy: "<circle class=\"point\"").count == 21)
    // Every metric but the ungated median ms has a gate segment per commit.
    #expect(html.components(separatedBy: "<line class=\"gate\"").count == 17)
    #expect(html.contains("1f3a5c7") && html.contains("4c6e8a0"))
    #expect(html.contains("466.4 M"))
  }

  @Test(
    .enabled(
      if: ReportChartsFitInChromiumTests.chromium,
      "needs Debian's chromium (scripts/bootstrap chromium) to render the charts"))
  func trendChartsFitInChromium() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trends-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let page = dir.appendingPathComponent("report.html")
    let html = ReportRenderer.html(ReportChartsFitInChromiumTests.report(), history: Self.history())
    try html.write(to: page, atomically: true, encoding: .utf8)
    let (status, text) = try ReportChartsFitInChromiumTests.check(page)
    #expect(status == 0, "\(text)")
    #expect(text.contains("8 charts (5 trend charts), 0 problems"), "\(text)")
    #expect(text.contains("4 points, 4 gate segments"), "\(text)")
  }
}
