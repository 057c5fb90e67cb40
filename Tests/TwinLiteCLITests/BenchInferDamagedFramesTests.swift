import Foundation
import Testing
import _TwinLiteTestSupport

/// A JPEG cut short is not decoded into grey rows and used in silence: `infer` names it, writes the
/// other frames, and exits 3 (partial); `--lenient-jpeg` uses it, with a warning and a count.
@Suite(
  .enabled(
    if: ToolProcess.isBuilt("twinlite-bench") && Fixtures.sharedAvailable,
    "needs the built twinlite-bench and ../shared"))
struct BenchInferDamagedFramesTests {
  @Test func damagedFrameIsNamedAndTheOthersAreWritten() throws {
    let dir = try Fixtures.temporaryDirectory("bench-damaged")
    defer { try? FileManager.default.removeItem(at: dir) }
    let frame = Fixtures.path("reference/twinlitenet/images/caeb782d-4a20b7c4.jpg")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: frame))
    let cut = dir.appendingPathComponent("cut.jpg").path
    try bytes.prefix(bytes.count * 3 / 5).write(to: URL(fileURLWithPath: cut))
    let good = dir.appendingPathComponent("good.jpg").path
    try bytes.write(to: URL(fileURLWithPath: good))
    let weights = Fixtures.path("reference/twinlitenet/best.pth")
    let out = dir.appendingPathComponent("out")

    let strict = try ToolProcess.run(
      "twinlite-bench", ["infer", "--weights", weights, "--out", out.path, cut, good])
    #expect(strict.status == 3, "\(strict.stderr)")
    #expect(strict.stderr.contains("\(cut): damaged JPEG: Premature end of JPEG file"), "\(strict.stderr)")
    #expect(strict.stderr.contains("1 of 2 frames could not be used"), "\(strict.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("cut_da.png").path))
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("good_da.png").path))

    let lenient = try ToolProcess.run(
      "twinlite-bench",
      ["infer", "--weights", weights, "--out", out.path, "--lenient-jpeg", cut, good])
    #expect(lenient.status == 0, "\(lenient.stderr)")
    #expect(lenient.stderr.contains("\(cut): damaged JPEG used (--lenient-jpeg): Premature end of JPEG file"))
    #expect(lenient.stderr.contains("1 of 2 frames were damaged JPEGs used under --lenient-jpeg"))
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("cut_da.png").path))
  }
}
