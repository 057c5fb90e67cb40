import Foundation
import Testing
import _TwinLiteTestSupport

/// `twinlite-bench speed --backend plugin:PATH` runs the CPU plugin end to end, a missing plugin
/// is a one-line error naming the path, and `export-onnx` writes the model and the check sample.
@Suite(.enabled(if: PluginFixtures.cliReady, "needs the built twinlite-bench, the plugin and the checkpoint"))
struct PluginCLITests {
  @Test func speedRunsThroughThePlugin() throws {
    let plugin = try #require(PluginFixtures.cpuPlugin)
    let result = try ToolProcess.run(
      "twinlite-bench",
      [
        "speed", "--backend", "plugin:" + plugin, "--weights", PluginFixtures.checkpoint, "--runs", "2",
        "--warmup", "0", "--format", "json",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["backend"] as? String == "plugin:" + plugin)
    #expect((json["median_ms"] as? Double ?? 0) > 0)
  }

  @Test func missingPluginIsReportedWithItsPath() throws {
    let result = try ToolProcess.run(
      "twinlite-bench",
      [
        "speed", "--backend", "plugin:/nonexistent/libx.so", "--weights", PluginFixtures.checkpoint, "--runs",
        "1",
      ])
    #expect(result.status != 0)
    #expect(result.stderr.contains("plugin /nonexistent/libx.so: file not found"), "\(result.stderr)")
  }

  @Test func exportOnnxWritesModelAndSample() throws {
    let dir = try Fixtures.temporaryDirectory("export-cli")
    let model = dir.appendingPathComponent("sub/model.onnx").path
    let image = Fixtures.path("reference/twinlitenet/images/caeb782d-4a20b7c4.jpg")
    let result = try ToolProcess.run(
      "twinlite-bench",
      [
        "export-onnx", "--weights", PluginFixtures.checkpoint, "--out", model, "--fold-bn", "--sample", image,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("\(model): "), "\(result.stdout)")
    for name in ["sub/model.onnx", "sub/input.npy", "sub/da.npy", "sub/ll.npy"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
    }
  }
}
