import Foundation
import Testing
import TwinLiteCore
import TwinLiteNN

@Suite struct AttentionOpTests {
  func softmax(_ row: [Double]) -> [Double] {
    let m = row.max() ?? 0
    let e = row.map { Foundation.exp($0 - m) }
    let s = e.reduce(0, +)
    return e.map { $0 / s }
  }

  @Test func positionAttentionNormalisesOverKeys() {
    // N = 3 positions, one query/key channel, two value channels.
    let q: [Float] = [1, 0, -1]
    let k: [Float] = [2, 0, 1]
    let v: [Float] = [1, 2, 3, 10, 20, 30]
    let x = Tensor(shape: [1, 2, 1, 3], data: [0.5, 0.5, 0.5, 1, 1, 1])
    let y = AttentionOps.position(
      query: Tensor(shape: [1, 1, 1, 3], data: q), key: Tensor(shape: [1, 1, 1, 3], data: k),
      value: Tensor(shape: [1, 2, 1, 3], data: v), gamma: 0.5, residual: x)
    for i in 0..<3 {
      let a = softmax((0..<3).map { Double(q[i] * k[$0]) })  // A[i, :] over keys j
      for c in 0..<2 {
        let o = (0..<3).reduce(0.0) { $0 + Double(v[c * 3 + $1]) * a[$1] }
        #expect(abs(Double(y.data[c * 3 + i]) - (0.5 * o + Double(x.data[c * 3 + i]))) < 1e-5)
      }
    }
  }

  @Test func positionAttentionWithZeroGammaIsIdentity() {
    var rng = TestRandom(7)
    let x = rng.tensor([1, 8, 3, 4])
    let y = AttentionOps.position(
      query: rng.tensor([1, 1, 3, 4]), key: rng.tensor([1, 1, 3, 4]),
      value: rng.tensor([1, 8, 3, 4]), gamma: 0, residual: x)
    #expect(y == x)
  }

  @Test func channelAttentionUsesRowMaxMinusEnergy() {
    var rng = TestRandom(9)
    let x = rng.tensor([1, 3, 2, 2])
    let (c, n) = (3, 4)
    let y = AttentionOps.channel(x, gamma: 0.7)
    for i in 0..<c {
      let energy = (0..<c).map { j in
        (0..<n).reduce(0.0) { $0 + Double(x.data[i * n + $1] * x.data[j * n + $1]) }
      }
      let rowMax = energy.max() ?? 0
      let a = softmax(energy.map { rowMax - $0 })
      for t in 0..<n {
        let o = (0..<c).reduce(0.0) { $0 + a[$1] * Double(x.data[$1 * n + t]) }
        #expect(abs(Double(y.data[i * n + t]) - (0.7 * o + Double(x.data[i * n + t]))) < 1e-5)
      }
    }
  }
}
