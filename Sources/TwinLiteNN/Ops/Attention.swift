import Foundation
import TwinLiteCore

/// The two DANet attention computations TwinLiteNet uses, written out plainly.
public enum AttentionOps {
  /// Position attention core (PAM): with `Q`, `K` (C'×N) and `V` (C×N), N = H·W,
  /// `E = QᵀK`, `A = softmax over keys (rows of E)`, `O = V·Aᵀ`, result `γ·O + x`.
  /// The N×N matrix is never stored: each query row is formed, normalised and consumed in turn.
  public static func position(query: Tensor, key: Tensor, value: Tensor, gamma: Float, residual x: Tensor)
    -> Tensor
  {
    let (n, c, h, w) = x.nchw
    let (qc, count) = (query.nchw.c, h * w)
    precondition(key.shape == query.shape && value.shape == x.shape, "PAM: inconsistent shapes")
    var out = x
    let chunks = min(count, 64)
    for b in 0..<n {
      let q = Array(query.data[(b * qc * count)..<((b + 1) * qc * count)])
      let k = Array(key.data[(b * qc * count)..<((b + 1) * qc * count)])
      let v = Array(value.data[(b * c * count)..<((b + 1) * c * count)])
      var o = [Float](repeating: 0, count: c * count)
      o.withUnsafeMutableBufferPointer { obuf in
        let dst = SharedPointer(base: obuf.baseAddress!)
        parallelFor(chunks) { chunk in
          var row = [Float](repeating: 0, count: count)
          let lo = chunk * count / chunks
          let hi = (chunk + 1) * count / chunks
          for i in lo..<hi {
            for j in 0..<count { row[j] = 0 }
            for cc in 0..<qc {
              let qi = q[cc * count + i]
              let kBase = cc * count
              for j in 0..<count { row[j] += qi * k[kBase + j] }
            }
            var maximum = -Float.infinity
            for j in 0..<count { maximum = max(maximum, row[j]) }
            var sum: Float = 0
            for j in 0..<count {
              row[j] = Foundation.exp(row[j] - maximum)
              sum += row[j]
            }
            for j in 0..<count { row[j] /= sum }
            for cc in 0..<c {
              let vBase = cc * count
              var acc: Float = 0
              for j in 0..<count { acc += v[vBase + j] * row[j] }
              dst.base[cc * count + i] = acc
            }
          }
        }
      }
      for i in 0..<(c * count) { out.data[b * c * count + i] += gamma * o[i] }
    }
    return out
  }

  /// Channel attention (CAM): `E = X·Xᵀ` (C×C), `E' = rowmax(E) − E`, `A = softmax(E')` per row,
  /// result `γ·(A·X) + x`. Energies are accumulated in Double (they are sums over N = H·W products).
  public static func channel(_ x: Tensor, gamma: Float) -> Tensor {
    let (n, c, h, w) = x.nchw
    let count = h * w
    var out = x
    for b in 0..<n {
      let base = b * c * count
      let xs = Array(x.data[base..<(base + c * count)])
      var energy = [Double](repeating: 0, count: c * c)
      for i in 0..<c {
        for j in i..<c {
          var acc: Double = 0
          for t in 0..<count { acc += Double(xs[i * count + t]) * Double(xs[j * count + t]) }
          energy[i * c + j] = acc
          energy[j * c + i] = acc
        }
      }
      var attention = [Float](repeating: 0, count: c * c)
      for i in 0..<c {
        let rowEnergy = energy[(i * c)..<((i + 1) * c)].map(Float.init)
        let rowMax = rowEnergy.max() ?? 0
        let flipped = rowEnergy.map { rowMax - $0 }
        let flippedMax = flipped.max() ?? 0
        let exps = flipped.map { Foundation.exp($0 - flippedMax) }
        let sum = exps.reduce(0, +)
        for j in 0..<c { attention[i * c + j] = exps[j] / sum }
      }
      for i in 0..<c {
        var acc = [Float](repeating: 0, count: count)
        for j in 0..<c {
          let a = attention[i * c + j]
          for t in 0..<count { acc[t] += a * xs[j * count + t] }
        }
        for t in 0..<count { out.data[base + i * count + t] += gamma * acc[t] }
      }
    }
    return out
  }
}
