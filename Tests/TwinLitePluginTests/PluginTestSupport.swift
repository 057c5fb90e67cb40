import Foundation
import _TwinLiteTestSupport

/// Builds the fake plugins of `Fakes/fake_plugin.c` with the system C compiler (`cc`, present on CI)
/// and finds the built CPU plugin beside the test bundle.
enum PluginFixtures {
  static let fakeSource = Fixtures.packageRoot.appendingPathComponent(
    "Tests/TwinLitePluginTests/Fakes/fake_plugin.c")
  static let abiInclude = Fixtures.packageRoot.appendingPathComponent("Sources/CTwinLiteBackendABI/include")
  static let checkpoint = Fixtures.path("reference/twinlitenet/best.pth")

  static var compilerAvailable: Bool { which("cc") != nil }

  static func which(_ tool: String) -> String? {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
    return paths.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Compiles the fake plugin with `defines` (e.g. `["FAKE_ABI_VERSION=99"]`) into `directory`.
  static func buildFake(_ defines: [String], in directory: URL, name: String = "fake") throws -> String {
    let output = directory.appendingPathComponent("lib\(name).so").path
    let arguments =
      ["-shared", "-fPIC", "-O1", "-I", abiInclude.path] + defines.map { "-D" + $0 }
      + [fakeSource.path, "-o", output]
    try run(which("cc") ?? "/usr/bin/cc", arguments)
    return output
  }

  /// `libTwinLiteCPUPlugin.so`, built by `swift build` / `swift test` into the same folder as the tests.
  static var cpuPlugin: String? {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL.deletingLastPathComponent(),
      Bundle.main.bundleURL,
    ].map { $0.appendingPathComponent("libTwinLiteCPUPlugin.so").path }
    return candidates.first { FileManager.default.fileExists(atPath: $0) }
  }

  struct ToolFailure: Error, CustomStringConvertible {
    let description: String
  }

  @discardableResult
  static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) throws
    -> String
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw ToolFailure(description: "\(tool) \(arguments.joined(separator: " ")) failed:\n\(text)")
    }
    return text
  }
}
