import Foundation
import Testing
import TwinLiteBackends
import TwinLiteBench
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

/// The CUDA plugin's CUDA-free core, built with the system `c++`: option parsing, the safetensors
/// reader on good and damaged bytes, the network plan from a real export, and the whole plan run on
/// the CPU (naive convolutions, every other step through the very functors the GPU kernels run)
/// within 1e-3 of the Swift `reference` backend's logits on a real frame.
@Suite(.enabled(if: CUDACore.ready, "needs c++ and the checkpoint under ../shared"))
struct CUDAPluginCoreTests {
  @Test func coreChecksAndCPUForwardMatchTheReferenceBackend() throws {
    let dir = try Fixtures.temporaryDirectory("cuda-core")
    let weights = dir.appendingPathComponent("twinlitenet.safetensors").path
    _ = try SafetensorsExporter.export(weightsPath: PluginFixtures.checkpoint, to: weights)
    let input = try CPUPluginMatchesInProcessTests.frame()
    let reference = try ReferenceBackend(stateDict: StateDict(contentsOf: PluginFixtures.checkpoint))
    let (da, ll) = try reference.infer(input)
    var files: [String] = []
    for (name, tensor) in [("input", input), ("da", da), ("ll", ll)] {
      let path = dir.appendingPathComponent(name + ".f32").path
      try tensor.data.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
      files.append(path)
    }
    let output = try ToolProcess.output(
      of:
        "/bin/bash", [CUDACore.script, dir.appendingPathComponent("build").path, weights] + files + ["1"])
    #expect(output.contains("cuda_core_test: all checks passed"), "\(output)")
    #expect(output.contains("tolerance 0.001: ok"), "\(output)")
  }
}

enum CUDACore {
  static let script = Fixtures.packageRoot.appendingPathComponent("backends/cuda/tests/run-core-tests.sh")
    .path

  static var ready: Bool {
    ToolProcess.which("c++") != nil && FileManager.default.fileExists(atPath: PluginFixtures.checkpoint)
  }
}
