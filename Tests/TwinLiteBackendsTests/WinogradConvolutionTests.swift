import Testing
import TwinLiteBackends
import TwinLiteCore

/// The backend's own Winograd F(4×4, 3×3) and F(3×3, 3×3) convolutions (b1/b2/b3 candidates at every
/// ISA) compute what plain loops compute, PReLU included: partial tiles at the borders, channel
/// counts that are not a multiple of 8 or of a 32-channel panel, several images, one or two threads.
@Suite struct WinogradConvolutionTests {
  static let shapes = [(19, 19, 2, 1), (131, 131, 1, 2), (256, 32, 1, 2), (3, 5, 3, 2), (40, 48, 1, 2)]

  @Test(arguments: [4, 3], shapes)
  func matchesLoops(_ tile: Int, _ c: (cin: Int, cout: Int, n: Int, threads: Int)) throws {
    var rng = Naive.RNG(state: UInt64(c.cin * 1000 + c.cout))
    // 13×22: a multiple of neither output tile.
    let x = rng.tensor([c.n, c.cin, 13, 22])
    let w = rng.tensor([c.cout, c.cin, 3, 3], scale: 0.1)
    let bias = rng.vector(c.cout)
    let got = try OpHarness.winogradConvolution(x, weight: w, bias: bias, tile: tile, threads: c.threads)
    let expected = Naive.conv(x, w, bias: bias, stride: 1, dilation: 1, padding: 1)
    // Winograd rounds differently from a direct sum: 1e-4 of the outputs' scale (up to ~5 here).
    #expect(Naive.maxAbsDifference(got, expected) < 2e-4)
  }

  @Test(arguments: [4, 3])
  func appliesPReLUPerChannel(_ tile: Int) throws {
    var rng = Naive.RNG(state: 7)
    let x = rng.tensor([1, 24, 9, 10])
    let w = rng.tensor([21, 24, 3, 3], scale: 0.1)
    let bias = rng.vector(21)
    let slopes = (0..<21).map { Float($0) / 10 - 1 }
    let got = try OpHarness.winogradConvolution(
      x, weight: w, bias: bias, slopes: slopes, tile: tile, threads: 2)
    let conv = Naive.conv(x, w, bias: bias, stride: 1, dilation: 1, padding: 1)
    var expected = conv
    let plane = 9 * 10
    for i in 0..<expected.count {
      let v = conv.data[i]
      expected.data[i] = v > 0 ? v : v * slopes[i / plane]
    }
    #expect(Naive.maxAbsDifference(got, expected) < 2e-4)
    // Negative outputs exist and are scaled, so the check above sees the slopes.
    #expect(conv.data.contains { $0 < -0.5 })
  }
}
