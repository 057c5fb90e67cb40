import Testing
import TwinLiteBackends
import TwinLiteCore

/// The C kernels write and read the b1/b2/b3 concatenation buffers in exactly oneDNN's layouts,
/// whichever oneDNN picks at the dispatched ISA (nChw16c on AVX-512, nChw8c on AVX2, nhwc or nchw
/// below).
@Suite struct ChannelLayoutKernelsTests {
  static let layouts = ["nhwc", "nchw", "nChw8c", "nChw16c"]

  @Test(arguments: layouts)
  func concatenationSlotIsOneDNNsLayout(_ tag: String) throws {
    var rng = Naive.RNG(state: 3)
    // Channels 14…18 of 19: the slot crosses a block boundary for blocks of 8 and 16.
    let x = rng.tensor([2, 5, 3, 7])
    let got = try OpHarness.copyIntoSlot(x, total: 19, offset: 14, tag: tag)
    var expected = Tensor(zeros: [2, 19, 3, 7])
    for b in 0..<2 {
      for c in 0..<5 {
        for p in 0..<21 { expected.data[(b * 19 + 14 + c) * 21 + p] = x.data[(b * 5 + c) * 21 + p] }
      }
    }
    #expect(got.data == expected.data)
  }

  @Test(arguments: layouts)
  func unblockingAppliesPReLUPerChannel(_ tag: String) throws {
    var rng = Naive.RNG(state: 4)
    let x = rng.tensor([2, 19, 3, 7])
    let slopes = rng.vector(19)
    let got = try OpHarness.unblockPReLU(x, slopes: slopes, tag: tag)
    #expect(got.data == Naive.prelu(x, slopes).data)
  }
}
