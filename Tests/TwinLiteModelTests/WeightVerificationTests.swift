import Testing
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN
import _TwinLiteTestSupport

@Suite struct WeightVerificationTests {
  func problems(_ weights: StateDict) -> [KeyProblem]? {
    do { _ = try TwinLiteNet(weights: weights, source: "test.pth") } catch let
      CheckpointError.verificationFailed(source, problems)
    {
      #expect(source == "test.pth")
      return problems
    } catch { Issue.record("unexpected error \(error)") }
    return nil
  }

  @Test func expectedKeysAreTheCheckpointsLearnablesAndStatistics() throws {
    let expected = TwinLiteNet.expectedParameters
    #expect(expected.count == 163)
    let weights = try StateDict(contentsOf: Fixtures.path("reference/twinlitenet/best.pth"))
    #expect(Set(expected.map(\.key)) == Set(weights.keys))
    for (key, shape) in expected { #expect(weights[key]?.shape == shape, "\(key)") }
  }

  @Test func missingUnexpectedAndMisshapedKeysAreAllNamed() throws {
    var weights = TwinLiteNet.randomWeights()
    weights["encoder.b2.conv.weight"] = nil
    weights["encoder.level1.conv.weight"] = Tensor(zeros: [16, 3, 1, 1])
    weights["encoder.extra.weight"] = Tensor(zeros: [3])
    weights["encoder.b1.bn.num_batches_tracked"] = Tensor(zeros: [])  // allowed bookkeeping
    let found = try #require(problems(weights))
    #expect(found.count == 3)
    #expect(found.contains(.missing(key: "encoder.b2.conv.weight", expected: [131, 131, 3, 3])))
    #expect(
      found.contains(
        .shapeMismatch(key: "encoder.level1.conv.weight", expected: [16, 3, 3, 3], actual: [16, 3, 1, 1])))
    #expect(found.contains(.unexpected(key: "encoder.extra.weight", shape: [3])))
    let message = CheckpointError.verificationFailed(source: "test.pth", problems: found).description
    #expect(message.contains("missing key 'encoder.b2.conv.weight'"))
    #expect(message.contains("unexpected key 'encoder.extra.weight'"))
  }

  @Test func keepingTheDataParallelPrefixFailsLoudly() throws {
    let verbatim = try TorchCheckpoint.load(
      contentsOf: Fixtures.path("reference/twinlitenet/best.pth"),
      options: LoadOptions(keyRules: [], integers: .drop(suffixes: ["num_batches_tracked"])))
    let found = try #require(problems(verbatim))
    #expect(found.filter { if case .missing = $0 { true } else { false } }.count == 163)
    #expect(found.contains(.unexpected(key: "module.encoder.b2.conv.weight", shape: [131, 131, 3, 3])))
  }

  @Test func randomWeightsAreDeterministicAndComplete() throws {
    let a = TwinLiteNet.randomWeights(seed: 1)
    #expect(a.tensors == TwinLiteNet.randomWeights(seed: 1).tensors)
    #expect(a.tensors != TwinLiteNet.randomWeights(seed: 2).tensors)
    _ = try TwinLiteNet(weights: a)
    #expect(
      a.keys.filter { $0.hasSuffix("running_var") }.allSatisfy { a[$0]?.data.allSatisfy { $0 > 0 } == true })
  }
}
