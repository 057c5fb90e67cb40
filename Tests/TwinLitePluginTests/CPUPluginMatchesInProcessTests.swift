import Foundation
import Testing
import TwinLiteBackends
import TwinLiteBench
import TwinLiteCore
import TwinLiteImageIO
import TwinLiteModel
import TwinLiteNN
import TwinLitePlugin
import _TwinLiteTestSupport

/// The CPU backend loaded as `libTwinLiteCPUPlugin.so` through the loader (`--backend plugin:PATH`)
/// gives the same logits, bit for bit, as the in-process backend.
@Suite struct CPUPluginMatchesInProcessTests {
  static var ready: Bool {
    PluginFixtures.cpuPlugin != nil && FileManager.default.fileExists(atPath: PluginFixtures.checkpoint)
  }

  static func frame() throws -> Tensor {
    let dir = Fixtures.path("reference/twinlitenet/images")
    let name = try #require(
      try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".jpg") }.sorted().first)
    let decoder = try JPEGDecoder()
    let image = Resize.linear(
      try decoder.decode(contentsOf: dir + "/" + name, order: .bgr),
      width: TwinLiteInput.width, height: TwinLiteInput.height)
    return TwinLiteInput.tensor(pixels: image.pixels, width: image.width, height: image.height, bgr: true)
  }

  @Test func pluginLibraryIsBuiltBesideTheTests() {
    // The plugin path must run on every CI machine: a missing library is a failure, not a skip.
    #expect(
      PluginFixtures.cpuPlugin != nil, "libTwinLiteCPUPlugin.so not found beside \(CommandLine.arguments[0])")
  }

  @Test(.enabled(if: ready, "needs the built CPU plugin and the checkpoint in ../shared"))
  func cpuPluginEqualsInProcessCPUBackend() throws {
    let path = try #require(PluginFixtures.cpuPlugin)
    let input = try Self.frame()
    let plugin = try BackendFactory.make(
      "plugin:" + path, stateDict: StateDict(),
      source: PluginFixtures.checkpoint, threads: 2)
    #expect(plugin.name == "plugin:cpu")
    let local = try CPUBackend(stateDict: StateDict(contentsOf: PluginFixtures.checkpoint), threads: 2)
    let viaPlugin = try plugin.infer(input)
    let inProcess = try local.infer(input)
    #expect(viaPlugin.da == inProcess.da)
    #expect(viaPlugin.ll == inProcess.ll)
  }

  @Test(.enabled(if: ready, "needs the built CPU plugin and the checkpoint in ../shared"))
  func cpuPluginReportsBadOptionsAndFiles() throws {
    let path = try #require(PluginFixtures.cpuPlugin)
    #expect(
      throws: PluginError.createFailed(
        path: path, code: 1, message: "unknown option 'precision' (known: backend, threads, pam)")
    ) {
      try PluginBackend(path: path, modelPath: PluginFixtures.checkpoint, options: "precision=fp16")
    }
    let dir = try Fixtures.temporaryDirectory("plugin")
    let missing = dir.appendingPathComponent("none.pth").path
    #expect(
      throws: PluginError.createFailed(path: path, code: 2, message: "model file \(missing): not found")
    ) {
      try PluginBackend(path: path, modelPath: missing)
    }
  }
}
