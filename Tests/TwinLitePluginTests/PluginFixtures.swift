import Foundation
import _TwinLiteTestSupport

/// Builds the fake plugins of `Fakes/fake_plugin.c` with the system C compiler (`cc`, present on CI)
/// and finds the built CPU plugin beside the test bundle.
enum PluginFixtures {
  static let fakeSource = Fixtures.packageRoot.appendingPathComponent(
    "Tests/TwinLitePluginTests/Fakes/fake_plugin.c")
  static let abiInclude = Fixtures.packageRoot.appendingPathComponent("Sources/CTwinLiteBackendABI/include")
  static let checkpoint = Fixtures.path("reference/twinlitenet/best.pth")

  static var compilerAvailable: Bool { ToolProcess.which("cc") != nil }

  /// Compiles the fake plugin with `defines` (e.g. `["FAKE_ABI_VERSION=99"]`) into `directory`.
  static func buildFake(_ defines: [String], in directory: URL, name: String = "fake") throws -> String {
    let output = directory.appendingPathComponent("lib\(name).so").path
    let arguments =
      ["-shared", "-fPIC", "-O1", "-I", abiInclude.path] + defines.map { "-D" + $0 }
      + [fakeSource.path, "-o", output]
    try ToolProcess.output(of: ToolProcess.which("cc") ?? "/usr/bin/cc", arguments)
    return output
  }

  /// `libTwinLiteCPUPlugin.so`, built by `swift build` / `swift test` beside the tests.
  static var cpuPlugin: String? { ToolProcess.product("libTwinLiteCPUPlugin.so")?.path }

  /// The built `twinlite-bench`, the CPU plugin and the official checkpoint are all there.
  static var cliReady: Bool {
    ToolProcess.isBuilt("twinlite-bench") && cpuPlugin != nil
      && FileManager.default.fileExists(atPath: checkpoint)
  }
}
