import Foundation
import Testing
import TwinLitePlugin
import _TwinLiteTestSupport

/// Through a version-2 plugin, `speed` reports the end-to-end time of the infer call and, labelled
/// apart, the plugin's own device time of the same calls; the CPU plugin's device time (the forward
/// pass without the copies across the ABI) never exceeds the end-to-end time.
@Suite(.enabled(if: PluginFixtures.cliReady, "needs the built twinlite-bench, the plugin and the checkpoint"))
struct SpeedShowsBothTimingsTests {
  @Test func jsonCarriesEndToEndAndDeviceTimings() throws {
    let plugin = try #require(PluginFixtures.cpuPlugin)
    let result = try ToolProcess.run(
      "twinlite-bench",
      [
        "speed", "--backend", "plugin:" + plugin, "--weights", PluginFixtures.checkpoint, "--runs", "3",
        "--warmup", "0", "--format", "json",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["timing"] as? String == "end-to-end")
    let device = try #require(json["device"] as? [String: Any], "\(result.stdout)")
    #expect(device["timing"] as? String == "device")
    #expect(device["samples"] as? Int == 3)
    let deviceMin = try #require(device["min_ms"] as? Double)
    let endToEndMin = try #require(json["min_ms"] as? Double)
    #expect(deviceMin > 0 && deviceMin <= endToEndMin)
    #expect((device["upload_median_ms"] as? Double ?? -1) >= 0)
  }

  @Test func textLabelsBothTimings() throws {
    let plugin = try #require(PluginFixtures.cpuPlugin)
    let result = try ToolProcess.run(
      "twinlite-bench",
      [
        "speed", "--backend", "plugin:" + plugin, "--weights", PluginFixtures.checkpoint, "--runs", "1",
        "--warmup", "0",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("end-to-end (the infer call, host memory in and out): median"))
    #expect(result.stdout.contains("device (forward on device-resident buffers, measured by the plugin)"))
  }

  @Test func versionOnePluginShowsOnlyTheEndToEndTime() throws {
    let dir = try Fixtures.temporaryDirectory("plugin")
    let path = try PluginFixtures.buildFake(["FAKE_V1"], in: dir, name: "v1")
    let result = try ToolProcess.run(
      "twinlite-bench",
      [
        "speed", "--backend", "plugin:" + path, "--weights", "m.onnx", "--batch", "2", "--runs", "2",
        "--warmup", "0", "--format", "json",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["device"] == nil)
    #expect(json["timing"] as? String == "end-to-end")
  }
}
