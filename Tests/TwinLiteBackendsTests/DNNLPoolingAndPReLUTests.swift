import Testing
import TwinLiteBackends
import TwinLiteCore

/// Average pooling counts the zero padding (PyTorch's default), and PReLU uses one slope per channel.
@Suite struct DNNLPoolingAndPReLUTests {
  @Test(arguments: [(16, 24), (15, 23), (8, 8)])
  func averagePoolIncludesPadding(_ size: (h: Int, w: Int)) throws {
    var rng = Naive.RNG(state: UInt64(size.h * size.w))
    let x = rng.tensor([2, 3, size.h, size.w])
    let got = try OpHarness.averagePool(x)
    #expect(Naive.maxAbsDifference(got, Naive.avgPool(x)) < 1e-6)
    // A constant image darkens at the top-left border: 4/9 of the value in the corner.
    let ones = Tensor(shape: [1, 3, 8, 8], data: [Float](repeating: 1, count: 192))
    let pooled = try OpHarness.averagePool(ones)
    #expect(abs(pooled.data[0] - 4.0 / 9.0) < 1e-6)
  }

  @Test func preluPerChannel() throws {
    var rng = Naive.RNG(state: 99)
    let x = rng.tensor([2, 5, 6, 7])
    let slopes: [Float] = [0.25, -1.1, 2.8, 0, 1]
    let got = try OpHarness.prelu(x, slopes: slopes)
    #expect(got == Naive.prelu(x, slopes))
  }
}
