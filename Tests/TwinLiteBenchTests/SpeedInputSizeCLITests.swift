import Foundation
import Testing
import _TwinLiteTestSupport

/// `twinlite-bench speed --input-size` runs both builtin backends at the given size, refuses sizes
/// that are not multiples of 8, and `--history` appends the median to a history file.
@Suite struct SpeedInputSizeCLITests {
  @Test(
    .enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench beside the tests"))
  func bothBackendsRunAtTheGivenSize() throws {
    for backend in ["reference", "cpu"] {
      let threads = backend == "cpu" ? ["--threads", "1"] : []
      let run = try ToolProcess.run(
        "twinlite-bench",
        [
          "speed", "--backend", backend, "--input-size", "64x128", "--warmup", "0", "--runs", "1", "--format",
          "json",
        ]
          + threads)
      #expect(run.status == 0, "\(backend)")
      let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
      #expect(object?["height"] as? Int == 64 && object?["width"] as? Int == 128, "\(run.stdout)")
    }
  }

  @Test(
    .enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench beside the tests"))
  func sizeNotAMultipleOfEightIsAUsageError() throws {
    let run = try ToolProcess.run("twinlite-bench", ["speed", "--input-size", "60x128"], environment: [:])
    #expect(run.status != 0 && run.status != 1)
    #expect(run.stderr.contains("--input-size must be HEIGHTxWIDTH, each a positive multiple of 8"))
  }

  @Test(
    .enabled(if: ToolProcess.isBuilt("twinlite-bench"), "needs the built twinlite-bench beside the tests"))
  func historyGetsTheMedianOfThisCommit() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "speed-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: file) }
    let run = try ToolProcess.run(
      "twinlite-bench",
      [
        "speed", "--backend", "cpu", "--threads", "1", "--input-size", "64x128", "--warmup", "0", "--runs",
        "2",
        "--history", file.path,
      ], environment: ["TWINLITE_GIT_COMMIT": "0123456789abcdef"])
    #expect(run.status == 0, "\(run.stderr)")
    let line = try String(contentsOf: file, encoding: .utf8)
    #expect(line.contains("\"commit\":\"0123456789abcdef\""))
    #expect(line.contains("\"metric\":\"speed.cpu.1-thread.64x128.median_ms\""))
    #expect(line.contains("\"unit\":\"ms\""))
  }
}
