import Foundation
import Testing
import _TwinLiteTestSupport

/// `twinlite-bench speed --backend plugin:PATH` runs the CPU plugin end to end, a missing plugin
/// is a one-line error naming the path, and `export-onnx` writes the model and the check sample.
@Suite(.enabled(if: PluginCLI.ready, "needs the built twinlite-bench, the plugin and the checkpoint"))
struct PluginCLITests {
  @Test func speedRunsThroughThePlugin() throws {
    let plugin = try #require(PluginFixtures.cpuPlugin)
    let result = try PluginCLI.run([
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
    let result = try PluginCLI.run([
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
    let result = try PluginCLI.run([
      "export-onnx", "--weights", PluginFixtures.checkpoint, "--out", model, "--fold-bn", "--sample", image,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("\(model): "), "\(result.stdout)")
    for name in ["sub/model.onnx", "sub/input.npy", "sub/da.npy", "sub/ll.npy"] {
      #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
    }
  }
}

enum PluginCLI {
  static var executable: String? {
    let dirs = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
    ]
    return dirs.map { $0.appendingPathComponent("twinlite-bench").path }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static var ready: Bool {
    executable != nil && PluginFixtures.cpuPlugin != nil
      && FileManager.default.fileExists(atPath: PluginFixtures.checkpoint)
  }

  struct Result {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static func run(_ arguments: [String]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(executable))
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }
}
