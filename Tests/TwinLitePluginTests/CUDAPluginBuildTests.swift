import Foundation
import Testing
import TwinLiteBackends
import TwinLiteBench
import TwinLiteCore
import TwinLiteNN
import TwinLitePlugin
import _TwinLiteTestSupport

/// `scripts/bench-gpu --compile-only` really compiles and links libtwinlite_cuda.so (nvcc + cuDNN),
/// the loader accepts it as an ABI-version-2 plugin, and `create` reports bad options, a .pth file
/// and a missing GPU as errors instead of crashing. With a GPU, its fp32 logits must match the
/// Swift `reference` backend within 1e-3.
@Suite(
  .enabled(
    if: CUDAToolchain.available, "needs cmake, nvcc and cuDNN (or bench-gpu --compile-only's wheels)"))
struct CUDAPluginBuildTests {
  @Test func pluginCompilesLoadsAndFailsCleanly() throws {
    let dir = try Fixtures.temporaryDirectory("cuda-build")
    let build = dir.appendingPathComponent("build").path
    let script = Fixtures.packageRoot.appendingPathComponent("scripts/bench-gpu").path
    let log = try ToolProcess.output(of: "/bin/bash", [script, "--compile-only", build])
    #expect(log.contains("compile-only: ok"), "\(log)")
    let path = build + "/libtwinlite_cuda.so"
    let library = try PluginLibrary(path: path)
    #expect(library.backendName == "cuda" && library.pluginABIVersion == 2)

    let weights = dir.appendingPathComponent("twinlitenet.safetensors").path
    _ = try SafetensorsExporter.export(weightsPath: PluginFixtures.checkpoint, to: weights)
    let badOption = PluginError.createFailed(
      path: path, code: 1, message: "option precision=int8: expected fp32 or fp16")
    #expect(throws: badOption) {
      try PluginBackend(library: library, modelPath: weights, options: "precision=int8")
    }
    let pth = #expect(throws: PluginError.self) {
      try PluginBackend(library: library, modelPath: PluginFixtures.checkpoint)
    }
    #expect("\(pth.map { "\($0)" } ?? "")".contains("twinlite-bench export-safetensors --weights"))
    do {
      let backend = try PluginBackend(library: library, modelPath: weights, options: "precision=fp32")
      // A GPU is present: the fp32 forward pass must match the reference backend.
      let input = try CPUPluginMatchesInProcessTests.frame()
      let (da, ll) = try backend.infer(input)
      let reference = try ReferenceBackend(stateDict: StateDict(contentsOf: PluginFixtures.checkpoint))
      let expected = try reference.infer(input)
      let pairs = zip(da.data + ll.data, expected.da.data + expected.ll.data)
      let worst = pairs.map { abs($0 - $1) }.max() ?? .nan
      #expect(worst <= 1e-3)
      #expect(try backend.lastTiming()?.deviceMilliseconds ?? 0 > 0)
    } catch PluginError.createFailed(_, let code, let message) {
      // No usable GPU here: a runtime error from CUDA, reported, not a crash.
      #expect(code == 4 && message.hasPrefix("cuda"), "\(message)")
    }
  }
}

enum CUDAToolchain {
  static var available: Bool {
    let env = ProcessInfo.processInfo.environment
    let local = Fixtures.packageRoot.appendingPathComponent(".build-cuda/toolkit").path
    let wheels = [env["TWINLITE_CUDA_WHEELS"], local].compactMap { $0 }.map { $0 + "/nvidia/cu13/bin/nvcc" }
    let installed = wheels.contains(where: FileManager.default.isExecutableFile)
    let nvcc = ToolProcess.which("nvcc") != nil || installed
    return nvcc && ToolProcess.which("cmake") != nil
      && FileManager.default.fileExists(atPath: PluginFixtures.checkpoint)
  }
}
