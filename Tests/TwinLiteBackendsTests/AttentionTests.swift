import Testing
import TwinLiteBackends
import TwinLiteCore
import TwinLiteNN

/// PAM and CAM on the sgemm/softmax path equal the plain reference ops; PAM's exactness skip
/// only fires when the output is bit-identical.
@Suite struct AttentionTests {
  struct PAMCase {
    var x, q, k, v: Tensor
    var qb, kb, vb: [Float]

    init(seed: UInt64, n: Int = 2, c: Int = 32, h: Int = 9, w: Int = 10) {
      var rng = Naive.RNG(state: seed)
      x = rng.tensor([n, c, h, w])
      q = rng.tensor([c / 8, c, 1, 1], scale: 0.5)
      k = rng.tensor([c / 8, c, 1, 1], scale: 0.5)
      v = rng.tensor([c, c, 1, 1], scale: 0.5)
      qb = rng.vector(c / 8)
      kb = rng.vector(c / 8)
      vb = rng.vector(c)
    }

    func run(gamma: Float, skip: Bool) throws -> (Tensor, skipped: Int) {
      try OpHarness.positionAttention(x, query: q, queryBias: qb, key: k, keyBias: kb, value: v, valueBias: vb,
                                      gamma: gamma, skipWhenExact: skip)
    }

    func reference(gamma: Float) -> Tensor {
      let conv = { (w: Tensor, b: [Float]) in Naive.conv(x, w, bias: b, stride: 1, dilation: 1, padding: 0) }
      return AttentionOps.position(query: conv(q, qb), key: conv(k, kb), value: conv(v, vb), gamma: gamma,
                                   residual: x)
    }
  }

  @Test(arguments: [(9, 10), (45, 80)])
  func positionAttentionMatchesReference(_ size: (h: Int, w: Int)) throws {
    let pam = PAMCase(seed: 5, n: size.h == 9 ? 2 : 1, h: size.h, w: size.w)
    let (got, skipped) = try pam.run(gamma: 0.7, skip: false)
    #expect(skipped == 0)
    #expect(Naive.maxAbsDifference(got, pam.reference(gamma: 0.7)) < 1e-4)
  }

  @Test func positionAttentionSkipIsBitIdentical() throws {
    let pam = PAMCase(seed: 11)
    // The checkpoint's γ: the bound proves the product vanishes, so the skip fires…
    let (skippedOut, skipped) = try pam.run(gamma: -4.35e-20, skip: true)
    #expect(skipped == 2)
    // …and the computed path gives the same bits.
    let (computed, _) = try pam.run(gamma: -4.35e-20, skip: false)
    #expect(skippedOut.data.map(\.bitPattern) == computed.data.map(\.bitPattern))
    #expect(skippedOut == pam.x)
    // A γ that matters is never skipped.
    let (_, notSkipped) = try pam.run(gamma: 1e-3, skip: true)
    #expect(notSkipped == 0)
  }

  @Test func positionAttentionSkipRefusesZeros() throws {
    var pam = PAMCase(seed: 13, n: 1)
    pam.x.data[17] = 0
    let (_, skipped) = try pam.run(gamma: -4.35e-20, skip: true)
    #expect(skipped == 0)
  }

  @Test func channelAttentionMatchesReference() throws {
    var rng = Naive.RNG(state: 21)
    let x = rng.tensor([2, 32, 9, 10])
    let got = try OpHarness.channelAttention(x, gamma: 0.58)
    #expect(Naive.maxAbsDifference(got, AttentionOps.channel(x, gamma: 0.58)) < 1e-4)
  }
}
