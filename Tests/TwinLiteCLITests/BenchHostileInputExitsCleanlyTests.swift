import Foundation
import Testing
import _TwinLiteTestSupport

/// Values and files that used to end `twinlite-bench` by a signal (overflow traps, index out of
/// range, unbounded allocation) now end with a sentence and an exit status: 64 for a value the
/// command line refuses, 2 for an input file that cannot be used.
@Suite(.enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench"))
struct BenchHostileInputExitsCleanlyTests {
  static func report(
    metadata: String = #"[["date", "d"]]"#, rows: String = #"[["1"]]"#,
    points: String = "[]", ious: String = "[]"
  ) -> String {
    #"{"title": "t", "metadata": \#(metadata), "tables": [{"id": "I", "title": "x", "columns": ["a"], "#
      + #""rows": \#(rows), "notes": []}], "fpsVsParams": \#(points), "laneIoUs": \#(ious)}"#
  }

  static func point(fps: String, params: String = "0.44") -> String {
    #"[{"label": "p", "params": \#(params), "fps": \#(fps), "measured": true}]"#
  }

  struct Case: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    /// `@REPORT` in `arguments` becomes the path of a file holding this text.
    let file: String?
    let status: Int32
    let message: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  static let cases: [Case] = [
    Case(
      arguments: ["macs", "--height", "262144", "--width", "262144"], file: nil, status: 64,
      message: "height and width must be multiples of 8 from 8 to 65536, got 262144×262144"),
    Case(arguments: ["macs", "--height", "-8"], file: nil, status: 64, message: "got -8×640"),
    Case(
      arguments: ["speed", "--threads", "-1"], file: nil, status: 64,
      message: "--threads: must be at least 1, got -1"),
    Case(
      arguments: ["speed", "--threads", "100000"], file: nil, status: 64,
      message: "--threads: must be at most"),
    Case(
      arguments: ["speed", "--backend", "reference", "--threads", "4"], file: nil, status: 64,
      message: "the reference backend runs on Dispatch's threads"),
    Case(
      arguments: ["speed", "--runs", "0"], file: nil, status: 64,
      message: "--runs: must be at least 1, got 0"),
    Case(
      arguments: ["speed", "--batch", "100000"], file: nil, status: 64,
      message: "--batch: must be at most 4096"),
    // Within the count bound, but far beyond any machine's memory: refused by the estimate.
    Case(
      arguments: ["speed", "--backend", "reference", "--batch", "4096", "--runs", "1"], file: nil,
      status: 64, message: "--batch: 4096 needs about"),
    Case(
      arguments: ["accuracy", "--data", "d", "--weights", "w", "--batch", "-3"], file: nil, status: 64,
      message: "--batch: must be at least 1, got -3"),
    Case(
      arguments: ["compare", "--baseline", "b", "--current", "c", "--tolerance-accuracy", "-0.1"],
      file: nil, status: 64, message: "--tolerance-accuracy must be ≥ 0, got -0.1"),
    Case(
      arguments: ["ablation", "--checkpoint", "baseline="], file: nil, status: 64,
      message: "the PATH after '=' is empty"),
    Case(
      arguments: ["ablation", "--checkpoint", "huge=x.pth"], file: nil, status: 64,
      message: "unknown variant 'huge'"),
    Case(
      arguments: ["report", "--from", "@REPORT"], file: report(ious: "[0.5, 1e300]"), status: 2,
      message: "laneIoUs[1]: 1e+300 is not an IoU in [0, 1]"),
    Case(
      arguments: ["report", "--from", "@REPORT"], file: report(points: point(fps: "1e19")), status: 2,
      message: "fpsVsParams[0].fps: 1e+19 is not an FPS from 0 to 1e9"),
    Case(
      arguments: ["report", "--from", "@REPORT"], file: report(points: point(fps: "10", params: "-1")),
      status: 2, message: "fpsVsParams[0].params: -1.0 is not millions of parameters"),
    Case(
      arguments: ["report", "--from", "@REPORT"], file: report(metadata: #"[["x"]]"#), status: 2,
      message: "metadata[0]: expected a [key, value] pair, found 1 string(s)"),
    Case(
      arguments: ["report", "--from", "@REPORT"], file: report(metadata: #""x""#), status: 2,
      message: "metadata: expected an array"),
    Case(
      arguments: ["report", "--from", "@REPORT"], file: report(rows: #"[["1", "2"]]"#), status: 2,
      message: "tables[0].rows[0]: 2 cells for 1 columns"),
    Case(
      arguments: ["report", "--from", "@REPORT"], file: #"{"title": 3}"#, status: 2,
      message: "title: expected a string"),
    Case(
      arguments: ["--report", "html", "--from", "@REPORT"], file: report(points: point(fps: "415")),
      status: 0, message: ""),
  ]

  @Test(arguments: cases)
  func exitsWithAMessageNotASignal(_ c: Case) throws {
    let dir = try Fixtures.temporaryDirectory("bench-hostile")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("report.json").path
    if let file = c.file { try file.write(toFile: path, atomically: true, encoding: .utf8) }
    let result = try ToolProcess.run("twinlite-bench", c.arguments.map { $0 == "@REPORT" ? path : $0 })
    #expect(!result.signalled, "ended by a signal: \(result.stderr)")
    #expect(result.status == c.status, "\(result.stderr)")
    if !c.message.isEmpty { #expect(result.stderr.contains(c.message), "\(result.stderr)") }
  }
}
