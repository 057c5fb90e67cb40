import Testing
import TwinLiteBackends
import TwinLiteCore

/// The fused ESP tail equals concat of the hierarchical sums, + residual, BN affine, PReLU.
@Suite struct ESPCombineTests {
  func expected(_ d: [Tensor], _ residual: Tensor?, _ scale: [Float], _ shift: [Float], _ slopes: [Float]) -> Tensor {
    let (n, h, w) = (d[0].shape[0], d[0].shape[2], d[0].shape[3])
    let (n1, nb) = (d[0].shape[1], d[1].shape[1])
    let total = n1 + 4 * nb, plane = h * w
    var out = Tensor(zeros: [n, total, h, w])
    for b in 0..<n {
      for c in 0..<total {
        for p in 0..<plane {
          var v: Float
          if c < n1 {
            v = d[0].data[(b * n1 + c) * plane + p]
          } else {
            let g = (c - n1) / nb, k = (c - n1) % nb
            v = 0
            for j in 1...(g + 1) { v += d[j].data[(b * nb + k) * plane + p] }
          }
          if let residual { v += residual.data[(b * total + c) * plane + p] }
          v = v * scale[c] + shift[c]
          out.data[(b * total + c) * plane + p] = v < 0 ? v * slopes[c] : v
        }
      }
    }
    return out
  }

  @Test(arguments: [(16, 12, true), (16, 12, false), (28, 25, true), (28, 25, false)])
  func matchesDefinition(_ c: (n1: Int, n: Int, residual: Bool)) throws {
    var rng = Naive.RNG(state: UInt64(c.n1 * c.n + (c.residual ? 1 : 0)))
    let d = [rng.tensor([2, c.n1, 5, 6])] + (0..<4).map { _ in rng.tensor([2, c.n, 5, 6]) }
    let total = c.n1 + 4 * c.n
    let residual = c.residual ? rng.tensor([2, total, 5, 6]) : nil
    let scale = rng.vector(total, scale: 0.5, offset: 1), shift = rng.vector(total)
    let slopes = rng.vector(total)
    let got = try OpHarness.espCombine(branches: d, residual: residual, scale: scale, shift: shift, slopes: slopes)
    #expect(Naive.maxAbsDifference(got, expected(d, residual, scale, shift, slopes)) < 1e-5)
  }
}
