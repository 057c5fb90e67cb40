import Testing
import TwinLiteBench
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN

/// Ablation variants built by configuration: the full configuration is the released network, folding
/// changes nothing but rounding, and the counts follow the architecture.
@Suite struct AblationVariantTests {
  static func input() -> Tensor {
    var state: UInt32 = 12345
    let data: [Float] = (0..<(3 * 32 * 64)).map { _ in
      state = state &* 1_664_525 &+ 1_013_904_223
      return Float(state >> 8) / Float(1 << 24)
    }
    return Tensor(shape: [1, 3, 32, 64], data: data)
  }

  @Test func fullConfigurationEqualsTwinLiteNet() throws {
    let weights = TwinLiteNet.randomWeights()
    let net = try TwinLiteNet(weights: weights)
    let variant = try TwinLiteVariant(config: .full, weights: weights)
    let x = Self.input()
    let a = net(x)
    let b = variant(x)
    #expect(a.drivable == b.drivable)
    #expect(a.lane == b.lane)
  }

  @Test func reparameterisedMatchesWithinRounding() throws {
    let weights = TwinLiteNet.randomWeights()
    let plain = try TwinLiteVariant(config: .full, weights: weights)
    let folded = try TwinLiteVariant(
      config: TwinLiteVariantConfig(attention: true, twoHeads: true, reparameterised: true), weights: weights)
    let x = Self.input()
    let a = plain(x)
    let b = folded(x)
    let diff =
      zip(a.drivable.data + a.lane.data, b.drivable.data + b.lane.data).map { abs($0 - $1) }.max() ?? 1
    #expect(diff < 1e-3)
  }

  @Test func parameterAndMACCounts() throws {
    let names = Dictionary(uniqueKeysWithValues: TwinLiteVariantConfig.ablation.map { ($0.name, $0.config) })
    let full = try #require(names["+two-heads"])
    #expect(AblationRunner.parameters(full) == 439_633)
    #expect(try AblationRunner.macs(full) == LayerTable.architecture().totalMACs)
    // Folding removes one vector per CBR (7 encoder CBRs: 294 channels) and UPx2 (2 × (16 + 8 + 2)).
    #expect(AblationRunner.parameters(try #require(names["+reparam"])) == 439_633 - 294 - 52)
    // No attention: PAM (1,321), CAM γ (1), conv_sa and conv_sc (2 × 9,312) are gone.
    let noAttention = TwinLiteVariantConfig(attention: false, twoHeads: true, reparameterised: false)
    #expect(AblationRunner.parameters(noAttention) == 439_633 - 1_321 - 1 - 2 * 9_312)
    // One head with 3 classes instead of two heads: − 2,702 + (8·3·4 + 3·3) for the wider classifier.
    let single = try #require(names["+attention"])
    #expect(AblationRunner.parameters(single) == 439_633 - 2_702 - 70 + (8 * 3 * 4 + 3 * 3))
    #expect(try AblationRunner.macs(single) < AblationRunner.macs(full))
  }

  @Test func singleHeadSplitsThreeClassesLikeArgmax() throws {
    let config = try #require(TwinLiteVariantConfig.ablation.first?.config)
    let weights = AblationRunner.randomWeights(config)
    let variant = try TwinLiteVariant(config: config, weights: weights)
    let out = variant(Self.input())
    #expect(out.drivable.shape == [1, 2, 32, 64])
    // A pixel is never both drivable and lane: the 3-class argmax picks one class.
    let plane = 32 * 64
    for i in 0..<plane {
      let da = out.drivable.data[plane + i] > out.drivable.data[i]
      let ll = out.lane.data[plane + i] > out.lane.data[i]
      #expect(!(da && ll))
    }
  }
}
