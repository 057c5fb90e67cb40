import TwinLiteCore
import TwinLiteNN

extension TwinLiteNet {
  /// A fixed-seed random state dict with the network's keys and shapes (for speed runs without a
  /// checkpoint): conv/deconv weights uniform in ±1/√fan-in, BN near identity with positive
  /// variances, PReLU slopes 0.25, PAM/CAM γ small. Same seed → same values on every machine.
  public static func randomWeights(seed: UInt64 = 0x7717_1173) -> StateDict {
    var rng = SplitMix64(seed: seed)
    var tensors: [String: Tensor] = [:]
    for (key, shape) in expectedParameters {
      let count = shape.reduce(1, *)
      let fanIn = shape.count == 4 ? (key.contains("deconv") ? shape[0] : shape[1] * shape[2] * shape[3]) : 1
      let bound = 1 / Float(fanIn).squareRoot()
      let values: [Float] = (0..<count).map { _ in
        let u = rng.nextUnit()
        if key.hasSuffix("running_var") { return 0.5 + u }
        if key.hasSuffix("running_mean") { return 0.2 * (u - 0.5) }
        if key.hasSuffix("act.weight") { return 0.25 }
        if key.hasSuffix("gamma") { return 0.1 * (u - 0.5) }
        if key.hasSuffix("bn.weight") { return 0.8 + 0.4 * u }
        if key.hasSuffix("bias") { return 0.2 * (u - 0.5) }
        return bound * (2 * u - 1)
      }
      tensors[key] = Tensor(shape: shape, data: values)
    }
    return StateDict(tensors)
  }
}

/// SplitMix64: a tiny, portable, seedable generator.
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  mutating func nextUnit() -> Float { Float(next() >> 40) / Float(1 << 24) }
}
