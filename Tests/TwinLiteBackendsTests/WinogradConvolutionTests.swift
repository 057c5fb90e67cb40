import Testing
import TwinLiteBackends
import TwinLiteCore

/// The backend's own Winograd F(3×3, 3×3) convolution (b1/b2/b3 where oneDNN has no Winograd)
/// computes what plain loops compute: partial tiles at the borders, channel counts that are not a
/// multiple of 8, several images, one or two threads.
@Suite struct WinogradConvolutionTests {
  @Test(arguments: [(19, 19, 2, 1), (131, 131, 1, 2), (256, 32, 1, 2), (3, 5, 3, 2)])
  func matchesLoops(_ c: (cin: Int, cout: Int, n: Int, threads: Int)) throws {
    var rng = Naive.RNG(state: UInt64(c.cin * 1000 + c.cout))
    // 13×22: neither is a multiple of the 4×4 output tile.
    let x = rng.tensor([c.n, c.cin, 13, 22])
    let w = rng.tensor([c.cout, c.cin, 3, 3], scale: 0.1)
    let bias = rng.vector(c.cout)
    let got = try OpHarness.winogradConvolution(x, weight: w, bias: bias, threads: c.threads)
    let expected = Naive.conv(x, w, bias: bias, stride: 1, dilation: 1, padding: 1)
    // Winograd rounds differently from a direct sum: 1e-4 of the outputs' scale (up to ~5 here).
    #expect(Naive.maxAbsDifference(got, expected) < 2e-4)
  }
}
