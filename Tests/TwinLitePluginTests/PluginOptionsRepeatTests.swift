import Foundation
import Testing
import _TwinLiteTestSupport

/// `--plugin-options` is a list: each repeated value reaches the plugin, as do `a;b` pairs in one
/// value (the older spelling), so a bad second option is refused by the plugin, naming it.
@Suite(.enabled(if: PluginFixtures.cliReady, "needs the built twinlite-bench, the plugin and the checkpoint"))
struct PluginOptionsRepeatTests {
  func speed(_ options: [String]) throws -> ToolProcess.Result {
    let plugin = try #require(PluginFixtures.cpuPlugin)
    return try ToolProcess.run(
      "twinlite-bench",
      [
        "speed", "--backend", "plugin:" + plugin, "--weights", PluginFixtures.checkpoint, "--runs", "1",
        "--warmup", "0",
      ] + options)
  }

  @Test func everyValueReachesThePlugin() throws {
    let repeated = try speed(["--plugin-options", "backend=cpu", "--plugin-options", "pam=sometimes"])
    #expect(repeated.status != 0 && repeated.stderr.contains("pam=sometimes"), "\(repeated.stderr)")
    let joined = try speed(["--plugin-options", "backend=cpu;pam=sometimes"])
    #expect(joined.status != 0 && joined.stderr.contains("pam=sometimes"), "\(joined.stderr)")
    let good = try speed(["--plugin-options", "backend=cpu", "--plugin-options", "pam=compute"])
    #expect(good.status == 0, "\(good.stderr)")
  }
}
