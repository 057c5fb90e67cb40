internal import CTwinLiteDNNL
import Foundation

/// How the CPU backend treats the position-attention module (PAM).
public enum PAMMode: String, Sendable, CaseIterable {
  /// Always compute `γ·softmax(QᵀK)·V + x`.
  case compute
  /// Per image, skip the attention product when a bound proves `γ·O + x == x` bit for bit in
  /// Float32 (see `PositionAttention.provablyIdentity`); compute it otherwise.
  case skipWhenExact
}

/// PAM on channels-last activations: 1×1 convs (oneDNN) for Q, K, V, then, per image and per
/// block of query rows, `E = Q·Kᵀ` (sgemm), `exp(E − rowmax)` with the row sums (C kernel),
/// `T = exp(E)·V` (sgemm) and `out += γ·T/rowsum` — the softmax division moved to the 32-wide
/// product. The N×N attention matrix is never held whole: only a block of rows.
final class PositionAttention {
  let name: String
  let channels: Int, reduced: Int, n: Int, plane: Int
  let input: DNNLMemory, output: DNNLMemory
  let mode: PAMMode
  let gamma: Float
  private let query, key, value: DNNLPrimitive
  private let q, k, v: DNNLMemory
  private let rows: Int
  private var energy: [Float]
  private var product: [Float]
  private var sums: [Float]
  /// max over output channels c of (|b_c| + Σ_k |W[c,k]|): bounds |V| by this · max|x| + bias part.
  private let valueRowL1: [Double], valueBias: [Double]
  /// Images of the last run whose attention was skipped by the exactness bound.
  private(set) var skippedImages = 0
  /// oneDNN's implementations of the query, key and value convs, each named once.
  var implementations: [String] {
    [query, key, value].map(\.implementation).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
  }

  init(
    _ name: String, _ engine: DNNLEngine, input: DNNLMemory, output: DNNLMemory, weights: PAMWeights,
    n: Int, h: Int, w: Int, mode: PAMMode
  ) throws(BackendError) {
    self.name = name
    self.input = input
    self.output = output
    self.mode = mode
    self.n = n
    plane = h * w
    channels = weights.value.shape[0]
    reduced = weights.query.shape[0]
    gamma = weights.gamma
    q = try DNNLMemory(engine, activation: n, reduced, h, w, name: name + ".q")
    k = try DNNLMemory(engine, activation: n, reduced, h, w, name: name + ".k")
    v = try DNNLMemory(engine, activation: n, channels, h, w, name: name + ".v")
    query = try DNNLLayers.convolution(
      name + ".query_conv", engine, src: input, dst: q, weight: weights.query,
      bias: weights.queryBias, padding: 0)
    key = try DNNLLayers.convolution(
      name + ".key_conv", engine, src: input, dst: k, weight: weights.key,
      bias: weights.keyBias, padding: 0)
    value = try DNNLLayers.convolution(
      name + ".value_conv", engine, src: input, dst: v, weight: weights.value,
      bias: weights.valueBias, padding: 0)
    rows = min(128, plane)
    energy = [Float](repeating: 0, count: rows * plane)
    product = [Float](repeating: 0, count: rows * channels)
    sums = [Float](repeating: 0, count: rows)
    let c = channels
    valueRowL1 = (0..<c).map { o in (0..<c).reduce(0) { $0 + Double(abs(weights.value.data[o * c + $1])) } }
    valueBias = weights.valueBias.map { Double(abs($0)) }
  }

  /// True when `γ·O + x` rounds to `x` for every element of this image's `x`, whatever the
  /// attention weights: each output O[i, c] is a convex combination of V[·, c], so
  /// |O| ≤ max_c(|b_c| + ‖W_c‖₁·max|x|) =: B. With |γ|·B·2 (a margin for rounding in the
  /// products and sums) below half the float spacing next to every x — at least |x|·2⁻²⁵ for
  /// normal numbers — the addition returns x exactly. Zero, subnormal or non-finite x fail the test.
  func provablyIdentity(image b: Int) -> Bool {
    let x = input.floats + b * plane * channels
    var maxAbs: Float = 0
    var minAbs = Float.infinity
    for i in 0..<(plane * channels) {
      let a = abs(x[i])
      maxAbs = max(maxAbs, a)
      minAbs = min(minAbs, a)
    }
    guard maxAbs.isFinite, minAbs >= Float.leastNormalMagnitude else { return false }
    var bound = 0.0
    for o in 0..<channels { bound = max(bound, valueBias[o] + valueRowL1[o] * Double(maxAbs)) }
    let delta = 2 * Double(abs(gamma)) * bound
    return delta * 33_554_432 < Double(minAbs)  // 2^25
  }

  func run(_ engine: DNNLEngine) throws(BackendError) {
    let size = plane * channels
    output.floats.update(from: input.floats, count: n * size)
    let compute = (0..<n).map { mode == .compute || !provablyIdentity(image: $0) }
    skippedImages = compute.filter { !$0 }.count
    guard compute.contains(true) else { return }
    try query.execute(engine)
    try key.execute(engine)
    try value.execute(engine)
    let no = CChar(UInt8(ascii: "N"))
    let transposed = CChar(UInt8(ascii: "T"))
    let (plane, channels, reduced, rows, gamma) = (
      self.plane, self.channels, self.reduced, self.rows, self.gamma
    )
    try energy.withUnsafeMutableBufferPointer { (eBuffer) throws(BackendError) in
      try product.withUnsafeMutableBufferPointer { (tBuffer) throws(BackendError) in
        try sums.withUnsafeMutableBufferPointer { (sBuffer) throws(BackendError) in
          let (e, t, sum) = (eBuffer.baseAddress!, tBuffer.baseAddress!, sBuffer.baseAddress!)
          for b in 0..<n where compute[b] {
            let qb = q.floats + b * plane * reduced
            let kb = k.floats + b * plane * reduced
            let vb = v.floats + b * size
            let ob = output.floats + b * size
            var start = 0
            while start < plane {
              let count = min(rows, plane - start)
              try dnnlCheck(
                dnnl_sgemm(
                  no, transposed, dnnl_dim_t(count), dnnl_dim_t(plane), dnnl_dim_t(reduced), 1,
                  qb + start * reduced, dnnl_dim_t(reduced), kb, dnnl_dim_t(reduced), 0, e,
                  dnnl_dim_t(plane)), name, "dnnl_sgemm(Q·Kᵀ)")
              OpenMP.parallel { thread, threads in
                let r = OpenMP.slice(count, thread, threads)
                tl_softmax_rows_unnormalised(r.lowerBound, r.upperBound, plane, e, sum)
              }
              try dnnlCheck(
                dnnl_sgemm(
                  no, no, dnnl_dim_t(count), dnnl_dim_t(channels), dnnl_dim_t(plane), 1, e,
                  dnnl_dim_t(plane), vb, dnnl_dim_t(channels), 0, t, dnnl_dim_t(channels)),
                name, "dnnl_sgemm(exp(E)·V)")
              for r in 0..<count {
                let scale = gamma / sum[r]
                let o = ob + (start + r) * channels
                let tr = t + r * channels
                for c in 0..<channels { o[c] += scale * tr[c] }
              }
              start += count
            }
          }
        }
      }
    }
  }
}
