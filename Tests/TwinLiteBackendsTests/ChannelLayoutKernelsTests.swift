import Testing
import TwinLiteBackends
import TwinLiteCore

/// The C kernels write and read the b1/b2/b3 concatenation buffers in exactly oneDNN's layouts,
/// whichever oneDNN picks at the dispatched ISA (nChw16c on AVX-512, nChw8c on AVX2, nhwc or nchw
/// below).
@Suite struct ChannelLayoutKernelsTests {
  static let layouts = ["nhwc", "nchw", "nChw8c", "nChw16c"]

  /// Channels 14…18 of 19 cross a block boundary for blocks of 8 and 16; channels 16…47 of 48 are
  /// whole blocks of both, which the kernels copy block by block.
  @Test(arguments: layouts, [(total: 19, offset: 14, count: 5), (total: 48, offset: 16, count: 32)])
  func concatenationSlotIsOneDNNsLayout(_ tag: String, _ slot: (total: Int, offset: Int, count: Int)) throws {
    var rng = Naive.RNG(state: 3)
    let (total, offset, count) = slot
    let x = rng.tensor([2, count, 3, 7])
    let got = try OpHarness.copyIntoSlot(x, total: total, offset: offset, tag: tag)
    var expected = Tensor(zeros: [2, total, 3, 7])
    for b in 0..<2 {
      for c in 0..<count {
        for p in 0..<21 {
          expected.data[(b * total + offset + c) * 21 + p] = x.data[(b * count + c) * 21 + p]
        }
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
