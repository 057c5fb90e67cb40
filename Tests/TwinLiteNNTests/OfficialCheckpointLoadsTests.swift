import Testing
import TwinLiteCore
import TwinLiteNN
import _TwinLiteTestSupport

@Suite struct OfficialCheckpointLoadsTests {
  let pth = Fixtures.path("reference/twinlitenet/best.pth")
  let npz = Fixtures.path("reference/twinlitenet/weights.npz")

  @Test func verbatimLoadMatchesNumpyExportForEveryKey() throws {
    let weights = try TorchCheckpoint.load(contentsOf: pth, options: .verbatim)
    let reference = try NPY.readArchive(contentsOf: npz)
    #expect(weights.tensors.count == 183)
    #expect(reference.count == 183)
    #expect(Set(weights.keys) == Set(reference.keys))
    for (key, expected) in reference {
      let got = try #require(weights[key], "missing \(key)")
      #expect(got.shape == expected.shape, "\(key)")
      #expect(got.data == expected.data, "\(key) values differ")
    }
  }

  @Test func standardLoadDropsPrefixAndBookkeeping() throws {
    let weights = try StateDict(contentsOf: pth)
    #expect(weights.tensors.count == 163)
    #expect(weights.keys.allSatisfy { !$0.hasPrefix("module.") && !$0.hasSuffix("num_batches_tracked") })
    #expect(weights["encoder.level1.conv.weight"]?.shape == [16, 3, 3, 3])
    #expect(weights["up_1_1.deconv.weight"]?.shape == [32, 16, 2, 2])
    #expect(weights["encoder.b2.conv.weight"]?.shape == [131, 131, 3, 3])
    #expect(weights["encoder.sa.query_conv.weight"]?.shape == [4, 32, 1, 1])
    #expect(weights["encoder.sa.gamma"]?.shape == [1])
    let slopes = try #require(weights["classifier_2.act.weight"])
    #expect(abs(slopes.data[0] - -1.0856) < 1e-4 && abs(slopes.data[1] - 2.7970) < 1e-4)
  }

  @Test func keptIntegerBookkeepingHoldsTheIterationCount() throws {
    let options = LoadOptions(integers: .keepAsFloat(suffixes: ["num_batches_tracked"]))
    let weights = try TorchCheckpoint.load(contentsOf: pth, options: options)
    let counters = weights.keys.filter { $0.hasSuffix("num_batches_tracked") }
    #expect(counters.count == 20)
    for key in counters { #expect(weights[key]?.data == [437_500], "\(key)") }
  }
}
