import Testing
import TwinLiteBackends
import TwinLiteCore

/// The backend's own 3×3 convolution (used where oneDNN has only im2col + sgemm) computes what plain
/// loops compute, borders and partial pixel groups included.
@Suite struct DirectConvolution3x3Tests {
  @Test(arguments: [
    (12, 12, 1), (12, 16, 2), (12, 12, 4), (25, 28, 8), (25, 25, 16), (32, 32, 1), (3, 5, 2),
  ])
  func matchesLoops(_ c: (cin: Int, cout: Int, dilation: Int)) throws {
    var rng = Naive.RNG(state: UInt64(c.cin * 100 + c.cout + c.dilation))
    // 37 columns: not a multiple of any pixel group; 11 rows: dilation 16 leaves only the centre row.
    let x = rng.tensor([2, c.cin, 11, 37])
    let w = rng.tensor([c.cout, c.cin, 3, 3], scale: 0.3)
    let bias = c.dilation == 1 ? rng.vector(c.cout) : nil
    let got = try OpHarness.directConvolution3x3(x, weight: w, bias: bias, dilation: c.dilation)
    let expected = Naive.conv(
      x, w, bias: bias, stride: 1, dilation: c.dilation, padding: c.dilation)
    #expect(Naive.maxAbsDifference(got, expected) < 1e-4)
  }
}
