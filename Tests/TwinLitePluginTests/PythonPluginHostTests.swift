import Foundation
import Testing
import _TwinLiteTestSupport

/// `scripts/plugin_host.py`, the ctypes host that drives plugins on the GPU machine (no Swift there),
/// reads version-1 and version-2 tables the way the Swift loader does: data flow, error text and
/// the plugin's own timings all come through.
@Suite(.enabled(if: PythonHost.available, "needs cc, and python3 with numpy"))
struct PythonPluginHostTests {
  @Test(arguments: [[], ["FAKE_V1"], ["FAKE_NO_TIMING"]])
  func selftestPassesOnTheFakePlugin(defines: [String]) throws {
    let dir = try Fixtures.temporaryDirectory("python-host")
    let plugin = try PluginFixtures.buildFake(defines, in: dir)
    let output = try ToolProcess.output(of: PythonHost.python, [PythonHost.script, "selftest", plugin])
    let version = defines == ["FAKE_V1"] ? 1 : 2
    let timing = defines.isEmpty ? "True" : "False"
    #expect(output.contains("selftest: ABI version \(version), timing \(timing): ok"), "\(output)")
  }
}

enum PythonHost {
  static let script = Fixtures.packageRoot.appendingPathComponent("scripts/plugin_host.py").path
  static var python: String { ToolProcess.which("python3") ?? "/usr/bin/python3" }

  static var available: Bool {
    PluginFixtures.compilerAvailable && (try? ToolProcess.output(of: python, ["-c", "import numpy"])) != nil
  }
}
