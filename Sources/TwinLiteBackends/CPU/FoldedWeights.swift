import Foundation
import TwinLiteCore
import TwinLiteNN

/// BatchNorm eps of every BN in TwinLiteNet.
let foldingEps: Double = 1e-3

/// A BN + PReLU pair as a per-channel affine map followed by the slopes:
/// `prelu(scale·x + shift)` with `scale = γ/√(var+eps)`, `shift = β − mean·scale`.
struct ChannelAffine {
  var scale: [Float]
  var shift: [Float]
  var slopes: [Float]
}

/// A convolution (or transposed convolution) with BN folded into its weights and bias
/// (the paper's re-parameterisation), followed by per-channel PReLU slopes.
struct FoldedConv {
  /// OIHW for convolutions, (Cin, Cout, k, k) for transposed convolutions.
  var weight: Tensor
  var bias: [Float]
  var slopes: [Float]
}

/// The weights of one ESP block: the reducing conv `c1`, the five branches, and BN + PReLU.
struct ESPWeights {
  var c1: Tensor
  var d1, d2, d4, d8, d16: Tensor
  var affine: ChannelAffine
  var n: Int
  var n1: Int
}

/// Position-attention weights: three 1×1 convs with bias, and γ.
struct PAMWeights {
  var query: Tensor, queryBias: [Float]
  var key: Tensor, keyBias: [Float]
  var value: Tensor, valueBias: [Float]
  var gamma: Float
}

/// Reads tensors from a state dict with shape checks (`BackendError` names the key).
struct WeightSource {
  let dict: StateDict

  func tensor(_ key: String, _ shape: [Int]) throws(BackendError) -> Tensor {
    guard let t = dict[key] else { throw .missingWeight(key: key) }
    guard t.shape == shape else { throw .shapeMismatch(key: key, expected: shape, actual: t.shape) }
    return t
  }

  func vector(_ key: String, _ count: Int) throws(BackendError) -> [Float] {
    try tensor(key, [count]).data
  }

  /// BN (`prefix.bn.*`, or `bnPrefix` when given) and PReLU (`actPrefix.weight`) of `channels`.
  func affine(bn: String, act: String, channels c: Int) throws(BackendError) -> ChannelAffine {
    let gamma = try vector(bn + ".weight", c), beta = try vector(bn + ".bias", c)
    let mean = try vector(bn + ".running_mean", c), variance = try vector(bn + ".running_var", c)
    var scale = [Float](repeating: 0, count: c), shift = [Float](repeating: 0, count: c)
    for i in 0..<c {
      let s = Double(gamma[i]) / (Double(variance[i]) + foldingEps).squareRoot()
      scale[i] = Float(s)
      shift[i] = Float(Double(beta[i]) - Double(mean[i]) * s)
    }
    return ChannelAffine(scale: scale, shift: shift, slopes: try vector(act + ".weight", c))
  }

  /// `CBR` at `prefix`: conv k×k (OIHW) → BN → PReLU, BN folded.
  func cbr(_ prefix: String, nIn: Int, nOut: Int, kernel: Int) throws(BackendError) -> FoldedConv {
    let w = try tensor(prefix + ".conv.weight", [nOut, nIn, kernel, kernel])
    let a = try affine(bn: prefix + ".bn", act: prefix + ".act", channels: nOut)
    return FoldedConv(weight: scaleOutputs(w, a.scale, axis: 0), bias: a.shift, slopes: a.slopes)
  }

  /// `UPx2` at `prefix`: ConvTranspose2d 2×2/2 (Cin, Cout, 2, 2) → BN → PReLU, BN folded.
  func up(_ prefix: String, nIn: Int, nOut: Int) throws(BackendError) -> FoldedConv {
    let w = try tensor(prefix + ".deconv.weight", [nIn, nOut, 2, 2])
    let a = try affine(bn: prefix + ".bn", act: prefix + ".act", channels: nOut)
    return FoldedConv(weight: scaleOutputs(w, a.scale, axis: 1), bias: a.shift, slopes: a.slopes)
  }

  /// An ESP block at `prefix`; `strided` is `DownSamplerB` (3×3/2 `c1`, BN at `.bn`), otherwise
  /// the residual block (1×1 `c1`, BN at `.bn.bn`, PReLU at `.bn.act`).
  func esp(_ prefix: String, nIn: Int, nOut: Int, strided: Bool) throws(BackendError) -> ESPWeights {
    let n = nOut / 5, n1 = nOut - 4 * n
    let k = strided ? 3 : 1
    let bn = strided ? prefix + ".bn" : prefix + ".bn.bn"
    let act = strided ? prefix + ".act" : prefix + ".bn.act"
    return ESPWeights(
      c1: try tensor(prefix + ".c1.conv.weight", [n, nIn, k, k]),
      d1: try tensor(prefix + ".d1.conv.weight", [n1, n, 3, 3]),
      d2: try tensor(prefix + ".d2.conv.weight", [n, n, 3, 3]),
      d4: try tensor(prefix + ".d4.conv.weight", [n, n, 3, 3]),
      d8: try tensor(prefix + ".d8.conv.weight", [n, n, 3, 3]),
      d16: try tensor(prefix + ".d16.conv.weight", [n, n, 3, 3]),
      affine: try affine(bn: bn, act: act, channels: nOut), n: n, n1: n1)
  }

  func pam(_ prefix: String, channels c: Int) throws(BackendError) -> PAMWeights {
    let q = c / 8
    return PAMWeights(
      query: try tensor(prefix + ".query_conv.weight", [q, c, 1, 1]),
      queryBias: try vector(prefix + ".query_conv.bias", q),
      key: try tensor(prefix + ".key_conv.weight", [q, c, 1, 1]),
      keyBias: try vector(prefix + ".key_conv.bias", q),
      value: try tensor(prefix + ".value_conv.weight", [c, c, 1, 1]),
      valueBias: try vector(prefix + ".value_conv.bias", c),
      gamma: try vector(prefix + ".gamma", 1)[0])
  }

  /// Multiplies every slice along `axis` (0 = conv O, 1 = deconv Cout) by `scale`.
  private func scaleOutputs(_ w: Tensor, _ scale: [Float], axis: Int) -> Tensor {
    var out = w
    let inner = w.shape[(axis + 1)...].reduce(1, *)
    let outer = w.shape[..<axis].reduce(1, *)
    let count = w.shape[axis]
    for o in 0..<outer {
      for c in 0..<count {
        let base = (o * count + c) * inner
        for i in 0..<inner { out.data[base + i] = w.data[base + i] * scale[c] }
      }
    }
    return out
  }
}

/// Every tensor of TwinLiteNet the CPU backend runs, BN folded where it follows a conv.
struct CPUWeights {
  var level1, b1, b2, b3, convSA, convSC, classifier: FoldedConv
  var level2_0, level3_0: ESPWeights
  var level2: [ESPWeights]
  var level3: [ESPWeights]
  var pam: PAMWeights
  var camGamma: Float
  /// up_1, up_2, classifier of the drivable-area head and of the lane head.
  var drivableHead: [FoldedConv]
  var laneHead: [FoldedConv]

  init(_ dict: StateDict) throws(BackendError) {
    let w = WeightSource(dict: dict)
    level1 = try w.cbr("encoder.level1", nIn: 3, nOut: 16, kernel: 3)
    b1 = try w.cbr("encoder.b1", nIn: 19, nOut: 19, kernel: 3)
    level2_0 = try w.esp("encoder.level2_0", nIn: 19, nOut: 64, strided: true)
    level2 = [try w.esp("encoder.level2.0", nIn: 64, nOut: 64, strided: false),
              try w.esp("encoder.level2.1", nIn: 64, nOut: 64, strided: false)]
    b2 = try w.cbr("encoder.b2", nIn: 131, nOut: 131, kernel: 3)
    level3_0 = try w.esp("encoder.level3_0", nIn: 131, nOut: 128, strided: true)
    var l3: [ESPWeights] = []
    for i in 0..<3 { l3.append(try w.esp("encoder.level3.\(i)", nIn: 128, nOut: 128, strided: false)) }
    level3 = l3
    b3 = try w.cbr("encoder.b3", nIn: 256, nOut: 32, kernel: 3)
    pam = try w.pam("encoder.sa", channels: 32)
    camGamma = try w.vector("encoder.sc.gamma", 1)[0]
    convSA = try w.cbr("encoder.conv_sa", nIn: 32, nOut: 32, kernel: 3)
    convSC = try w.cbr("encoder.conv_sc", nIn: 32, nOut: 32, kernel: 3)
    classifier = try w.cbr("encoder.classifier", nIn: 32, nOut: 32, kernel: 1)
    drivableHead = [try w.up("up_1_1", nIn: 32, nOut: 16), try w.up("up_2_1", nIn: 16, nOut: 8),
                    try w.up("classifier_1", nIn: 8, nOut: 2)]
    laneHead = [try w.up("up_1_2", nIn: 32, nOut: 16), try w.up("up_2_2", nIn: 16, nOut: 8),
                try w.up("classifier_2", nIn: 8, nOut: 2)]
  }
}
