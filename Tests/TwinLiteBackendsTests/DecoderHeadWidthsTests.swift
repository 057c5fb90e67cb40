import Testing
import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel

/// The fused decoder heads work on 16 pixels of a row at a time and on the rest pixel by pixel:
/// the logits equal the reference network's whether a head's input rows (a quarter of the image
/// width) are whole tiles, tiles and a rest, or shorter than one tile.
@Suite struct DecoderHeadWidthsTests {
  @Test(arguments: [64, 88, 56, 160])
  func logitsMatchReference(_ width: Int) throws {
    var rng = Naive.RNG(state: UInt64(width))
    let input = Tensor(shape: [1, 3, 32, width], data: (0..<(3 * 32 * width)).map { _ in abs(rng.next()) })
    let weights = TwinLiteNet.randomWeights()
    let got = try CPUBackend(stateDict: weights, threads: 2).infer(input)
    let expected = try ReferenceBackend(stateDict: weights).infer(input)
    #expect(Naive.maxAbsDifference(got.da, expected.da) < 1e-4)
    #expect(Naive.maxAbsDifference(got.ll, expected.ll) < 1e-4)
  }
}
