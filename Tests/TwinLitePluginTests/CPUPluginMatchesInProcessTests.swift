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
/// gives the same logits as the in-process backend: the same masks, and logits within
/// `LogitTolerance.betweenImplementations` (the plugin's copy of the backend times b1/b2/b3's
/// candidates for itself, so it may keep another kernel than the in-process plan, with other rounding).
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
    for (a, b) in [(viaPlugin.da, inProcess.da), (viaPlugin.ll, inProcess.ll)] {
      try #require(a.shape == b.shape)
      let delta = zip(a.data, b.data).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
      #expect(delta <= LogitTolerance.betweenImplementations, "max |Δ| = \(delta)")
      // One image: class 1 wins where its plane's logit is larger.
      let masks = [a, b].map { t in (0..<(t.count / 2)).map { t.data[t.count / 2 + $0] > t.data[$0] } }
      #expect(zip(masks[0], masks[1]).filter { $0 != $1 }.isEmpty, "masks differ")
    }
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
