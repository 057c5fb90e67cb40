import Testing
import TwinLiteBackends
import TwinLiteCore

/// The oneDNN convolution/deconvolution wrappers compute what plain loops compute.
@Suite struct DNNLConvolutionTests {
  @Test(arguments: [
    (3, 5, 1, 1, 1), (3, 16, 3, 2, 1), (12, 12, 3, 1, 2), (12, 16, 3, 1, 1), (25, 25, 3, 1, 16),
    (19, 12, 3, 2, 1), (64, 12, 1, 1, 1), (32, 4, 1, 1, 1),
  ])
  func convolutionMatchesLoops(_ c: (cin: Int, cout: Int, k: Int, stride: Int, dilation: Int)) throws {
    var rng = Naive.RNG(state: UInt64(c.cin * 1000 + c.cout * 10 + c.dilation))
    let x = rng.tensor([2, c.cin, 20, 36])
    let w = rng.tensor([c.cout, c.cin, c.k, c.k], scale: 0.3)
    let bias = rng.vector(c.cout)
    let padding = (c.k / 2) * c.dilation
    let got = try OpHarness.convolution(x, weight: w, bias: bias, stride: c.stride, dilation: c.dilation,
                                        padding: padding)
    let expected = Naive.conv(x, w, bias: bias, stride: c.stride, dilation: c.dilation, padding: padding)
    #expect(got.shape == expected.shape)
    #expect(Naive.maxAbsDifference(got, expected) < 1e-4)
  }

  @Test func convolutionWithoutBiasAndOneThread() throws {
    var rng = Naive.RNG(state: 7)
    let x = rng.tensor([1, 8, 9, 11]), w = rng.tensor([6, 8, 3, 3])
    let got = try OpHarness.convolution(x, weight: w, bias: nil, padding: 1, threads: 1)
    #expect(Naive.maxAbsDifference(got, Naive.conv(x, w, bias: nil, stride: 1, dilation: 1, padding: 1)) < 1e-4)
  }

  @Test(arguments: [(32, 16), (16, 8), (8, 2)])
  func transposedConvolutionMatchesLoops(_ c: (cin: Int, cout: Int)) throws {
    var rng = Naive.RNG(state: UInt64(c.cin))
    let x = rng.tensor([2, c.cin, 5, 7])
    let w = rng.tensor([c.cin, c.cout, 2, 2])
    let bias = rng.vector(c.cout)
    let got = try OpHarness.deconvolution(x, weight: w, bias: bias)
    let expected = Naive.deconv(x, w, bias: bias)
    #expect(got.shape == [2, c.cout, 10, 14])
    #expect(Naive.maxAbsDifference(got, expected) < 1e-4)
  }
}
