import Testing
import TwinLiteCore
import TwinLiteNN

@Suite struct ConvTranspose2x2Tests {
  @Test func eachInputPixelPaintsItsOwnTwoByTwoBlock() {
    let x = Tensor(shape: [1, 1, 1, 2], data: [1, 2])
    let w = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
    let y = ConvTranspose2x2(weight: w)(x)
    #expect(y == Tensor(shape: [1, 1, 2, 4], data: [1, 2, 2, 4, 3, 4, 6, 8]))
  }

  @Test func weightLayoutIsInputChannelsFirst() {
    // W (Cin=2, Cout=1): out = x0·W[0] + x1·W[1].
    let x = Tensor(shape: [1, 2, 1, 1], data: [1, 10])
    let w = Tensor(shape: [2, 1, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8])
    #expect(ConvTranspose2x2(weight: w)(x).data == [51, 62, 73, 84])
  }

  @Test func matchesTheDefinitionOnRandomData() {
    var rng = TestRandom(42)
    let x = rng.tensor([2, 3, 4, 5])
    let w = rng.tensor([3, 2, 2, 2])
    let y = ConvTranspose2x2(weight: w)(x)
    #expect(y.shape == [2, 2, 8, 10])
    var worst: Float = 0
    for b in 0..<2 {
      for o in 0..<2 {
        for i in 0..<8 {
          for j in 0..<10 {
            var acc: Float = 0
            for c in 0..<3 {
              acc +=
                x.data[((b * 3 + c) * 4 + i / 2) * 5 + j / 2] * w.data[((c * 2 + o) * 2 + i % 2) * 2 + j % 2]
            }
            worst = max(worst, abs(acc - y.data[((b * 2 + o) * 8 + i) * 10 + j]))
          }
        }
      }
    }
    #expect(worst < 1e-6)
  }
}
