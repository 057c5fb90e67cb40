import Testing
import TwinLiteCore
import TwinLiteModel

@Suite struct BatchedForwardTests {
  func image(_ seed: UInt64, height: Int, width: Int) -> Tensor {
    var state = seed
    let values: [Float] = (0..<(3 * height * width)).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(state >> 40) / Float(1 << 24)
    }
    return Tensor(shape: [1, 3, height, width], data: values)
  }

  @Test func aBatchEqualsItsImagesRunAlone() throws {
    let network = try TwinLiteNet(weights: TwinLiteNet.randomWeights(seed: 3))
    let (a, b) = (image(1, height: 48, width: 80), image(2, height: 48, width: 80))
    let batch = network(TwinLiteInput.batch([a, b]))
    #expect(batch.drivable.shape == [2, 2, 48, 80] && batch.lane.shape == [2, 2, 48, 80])
    for (i, single) in [network(a), network(b)].enumerated() {
      let plane = 2 * 48 * 80
      #expect(Array(batch.drivable.data[(i * plane)..<((i + 1) * plane)]) == single.drivable.data)
      #expect(Array(batch.lane.data[(i * plane)..<((i + 1) * plane)]) == single.lane.data)
      #expect(SegmentationMask.argmax(batch.lane, index: i) == SegmentationMask.argmax(single.lane))
    }
  }
}
