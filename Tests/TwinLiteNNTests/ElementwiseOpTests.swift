import Testing
import TwinLiteCore
import TwinLiteNN

@Suite struct ElementwiseOpTests {
  @Test func batchNormUsesRunningStatisticsAndEps() {
    let bn = BatchNorm2d(
      weight: Tensor(shape: [2], data: [2, 1]), bias: Tensor(shape: [2], data: [0.5, 0]),
      runningMean: Tensor(shape: [2], data: [1, 0]), runningVar: Tensor(shape: [2], data: [0.999, 3.999]),
      eps: 1e-3)
    // Channel 0: 2·(x − 1)/√1 + 0.5; channel 1: x/√4.
    let y = bn(Tensor(shape: [1, 2, 1, 2], data: [3, 1, 4, -2]))
    #expect(maxAbsDifference(y, Tensor(shape: [1, 2, 1, 2], data: [4.5, 0.5, 2, -1])) < 1e-6)
  }

  @Test func preluHasOneSlopePerChannel() {
    let y = PReLU(weight: Tensor(shape: [2], data: [0.25, -2]))(
      Tensor(shape: [1, 2, 1, 2], data: [-4, 3, -1, 0]))
    #expect(y.data == [-1, 3, 2, 0])
  }

  @Test func averagePoolCountsThePadding() {
    let y = AvgPool3x3s2.apply(Tensor(shape: [1, 1, 4, 4], data: [Float](repeating: 1, count: 16)))
    #expect(y.shape == [1, 1, 2, 2])
    #expect(maxAbsDifference(y, Tensor(shape: [1, 1, 2, 2], data: [4 / 9, 6 / 9, 6 / 9, 1])) < 1e-7)
    #expect(AvgPool3x3s2.outputSize(360) == 180 && AvgPool3x3s2.outputSize(5) == 3)
    let odd = AvgPool3x3s2.apply(Tensor(shape: [1, 1, 1, 3], data: [9, 18, 27]))
    #expect(odd.data == [3, 5])  // (9+18)/9, (18+27)/9
  }

  @Test func concatKeepsArgumentOrderPerImage() {
    let a = Tensor(shape: [2, 1, 1, 2], data: [1, 2, 3, 4])
    let b = Tensor(shape: [2, 2, 1, 2], data: [5, 6, 7, 8, 9, 10, 11, 12])
    let y = Elementwise.concatChannels([a, b])
    #expect(y == Tensor(shape: [2, 3, 1, 2], data: [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12]))
    #expect(Elementwise.add(a, a).data == [2, 4, 6, 8])
  }
}
