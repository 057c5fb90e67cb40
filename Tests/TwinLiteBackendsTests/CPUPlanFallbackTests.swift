import Testing
import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel

/// The plan never runs reference code and never degrades silently: a layer whose first choice is
/// unavailable falls back and is named; a layer with no fast implementation is an error that names
/// the layer and the ISA.
@Suite struct CPUPlanFallbackTests {
  static func input() -> Tensor {
    var rng = Naive.RNG(state: 9)
    return Tensor(shape: [1, 3, 48, 64], data: (0..<(3 * 48 * 64)).map { _ in abs(rng.next()) })
  }

  @Test func fullSizePlanHasNoReferenceImplementation() throws {
    let cpu = try CPUBackend(stateDict: TwinLiteNet.randomWeights(), threads: 1)
    try cpu.prepare(shape: [1, 3, 360, 640])
    #expect(cpu.planSteps.count > 50)
    for step in cpu.planSteps {
      let parts = step.implementation.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      #expect(!parts.isEmpty && parts.allSatisfy { $0 != "?" && !$0.hasPrefix("ref") }, "\(step)")
    }
  }

  @Test func withoutWinogradB1B2B3FallBackToDirectAndAreNamed() throws {
    let weights = TwinLiteNet.randomWeights()
    // oneDNN's Winograd kernels (F(4,3) for large images, F(2,3) for small ones) and the own one.
    let options = CPUBackendOptions(
      pam: .compute, excludedImplementations: ["jit_wino", "jit_fp32_wino", "twinlite_wino"])
    let cpu = try CPUBackend(stateDict: weights, threads: 2, options: options)
    let out = try cpu.infer(Self.input())
    let fallbacks = cpu.planFallbacks
    #expect(fallbacks.count == 3)
    for (line, layer) in zip(fallbacks, ["encoder.b1", "encoder.b2", "encoder.b3"]) {
      #expect(line.hasPrefix(layer + ": winograd: "), "\(line)")
    }
    for step in cpu.planSteps where ["encoder.b1", "encoder.b2", "encoder.b3"].contains(step.name) {
      #expect(!step.implementation.contains("wino") && !step.implementation.hasPrefix("ref"))
    }
    let expected = try ReferenceBackend(stateDict: weights).infer(Self.input())
    #expect(Naive.maxAbsDifference(out.da, expected.da) < 1e-4)
    #expect(Naive.maxAbsDifference(out.ll, expected.ll) < 1e-4)
  }

  @Test func noFastImplementationNamesLayerAndISA() throws {
    // An empty prefix excludes every implementation, as on a CPU where oneDNN has only reference code.
    let options = CPUBackendOptions(excludedImplementations: [""])
    let cpu = try CPUBackend(stateDict: TwinLiteNet.randomWeights(), threads: 1, options: options)
    let error = #expect(throws: BackendError.self) { try cpu.infer(Self.input()) }
    guard case .noImplementation(let layer, let isa, let attempts)? = error else {
      Issue.record("expected noImplementation, got \(String(describing: error))")
      return
    }
    #expect(isa == DNNLRuntime.isa && !layer.isEmpty && !attempts.isEmpty)
    let message = error?.description ?? ""
    #expect(message.contains("'\(layer)'") && message.contains("ISA \(isa)"))
    #expect(message.contains("--backend reference"))
  }
}
