import Testing
import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// Bad weights and inputs fail with a `BackendError` that names the key or the shape.
@Suite struct CPUBackendErrorTests {
  @Test func missingKeyIsNamed() throws {
    var weights = TwinLiteNet.randomWeights()
    weights["encoder.b2.conv.weight"] = nil
    #expect(throws: BackendError.missingWeight(key: "encoder.b2.conv.weight")) {
      try CPUBackend(stateDict: weights)
    }
  }

  @Test func wrongShapeIsNamed() throws {
    var weights = TwinLiteNet.randomWeights()
    weights["up_2_1.deconv.weight"] = Tensor(zeros: [16, 8, 3, 3])
    let error = #expect(throws: BackendError.self) { try CPUBackend(stateDict: weights) }
    #expect(error == .shapeMismatch(key: "up_2_1.deconv.weight", expected: [16, 8, 2, 2], actual: [16, 8, 3, 3]))
    #expect(error?.description.contains("up_2_1.deconv.weight") == true)
  }

  @Test func badInputShapesAreRejected() throws {
    let cpu = try CPUBackend(stateDict: TwinLiteNet.randomWeights(), threads: 1)
    for shape in [[1, 4, 16, 16], [1, 3, 20, 16], [3, 16, 16], [0, 3, 16, 16]] {
      let error = #expect(throws: BackendError.self) { try cpu.infer(Tensor(zeros: shape)) }
      #expect(error?.description.contains("\(shape)") == true)
    }
    #expect(throws: BackendError.self) { try CPUBackend(stateDict: TwinLiteNet.randomWeights(), threads: 0) }
  }

  @Test func smallInputsRunOnRandomWeights() throws {
    // Any size divisible by 8 works (primitives are created per shape); outputs keep the input size.
    let cpu = try CPUBackend(stateDict: TwinLiteNet.randomWeights(), threads: 2, options: .init(pam: .compute))
    let reference = try ReferenceBackend(stateDict: TwinLiteNet.randomWeights())
    var rng = Naive.RNG(state: 1)
    let x = Tensor(shape: [1, 3, 48, 64], data: (0..<(3 * 48 * 64)).map { _ in abs(rng.next()) })
    let a = try cpu.infer(x), b = try reference.infer(x)
    #expect(a.da.shape == [1, 2, 48, 64])
    #expect(Naive.maxAbsDifference(a.da, b.da) < 1e-4)
    #expect(Naive.maxAbsDifference(a.ll, b.ll) < 1e-4)
  }
}
