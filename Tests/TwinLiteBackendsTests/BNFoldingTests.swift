import Testing
import TwinLiteBackends
import TwinLiteCore

/// Folding BN into the conv (w' = w·γ/√(var+eps), b' = β − mean·γ/√(var+eps), eps 1e-3) gives
/// the conv → BN result.
@Suite struct BNFoldingTests {
  @Test func foldedConvolutionEqualsConvThenBatchNorm() throws {
    var rng = Naive.RNG(state: 3)
    let x = rng.tensor([1, 19, 12, 14])
    let w = rng.tensor([19, 19, 3, 3], scale: 0.3)
    let gamma = rng.vector(19, scale: 0.5, offset: 1), beta = rng.vector(19)
    let mean = rng.vector(19, scale: 0.2), variance = rng.vector(19, scale: 0.4, offset: 0.6)
    let folded = try OpHarness.foldedConvolution(weight: w, gamma: gamma, beta: beta, mean: mean,
                                                 variance: variance)
    let got = try OpHarness.convolution(x, weight: folded.weight, bias: folded.bias, padding: 1)
    var expected = Naive.conv(x, w, bias: nil, stride: 1, dilation: 1, padding: 1)
    let plane = 12 * 14
    for i in 0..<expected.count {
      let c = i / plane
      expected.data[i] = (expected.data[i] - mean[c]) / (variance[c] + 1e-3).squareRoot() * gamma[c] + beta[c]
    }
    #expect(Naive.maxAbsDifference(got, expected) < 1e-4)
  }
}
