import Testing
import TwinLiteCore
import TwinLiteNN

@Suite struct Conv2dTests {
  let x = Tensor(shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9])
  let ones = Tensor(shape: [1, 1, 3, 3], data: [Float](repeating: 1, count: 9))

  @Test func samePaddingSumsTheNeighbourhood() {
    let y = Conv2d(weight: ones, padding: 1)(x)
    #expect(y == Tensor(shape: [1, 1, 3, 3], data: [12, 21, 16, 27, 45, 33, 24, 39, 28]))
  }

  @Test func strideTwoKeepsEveryOtherPosition() {
    let y = Conv2d(weight: ones, stride: 2, padding: 1)(x)
    #expect(y == Tensor(shape: [1, 1, 2, 2], data: [12, 16, 24, 28]))
  }

  @Test func dilationSpreadsTheTaps() {
    let conv = Conv2d(weight: ones, dilation: 2, samePadding: ())
    #expect(conv.padding == 2)
    // Corner: taps (0,0), (0,2), (2,0), (2,2); centre: only itself is inside the image.
    let y = conv(x)
    #expect(y.data[0] == 1 + 3 + 7 + 9 && y.data[4] == 5 && y.data[1] == 2 + 8)
  }

  @Test func biasAndKernelOrientation() {
    // Not flipped (cross-correlation, as PyTorch): a kernel with a single 1 at (0, 0) shifts the
    // image down-right by one.
    var w = [Float](repeating: 0, count: 9)
    w[0] = 1
    let y = Conv2d(
      weight: Tensor(shape: [1, 1, 3, 3], data: w), bias: Tensor(shape: [1], data: [0.5]), padding: 1)(x)
    #expect(y.data == [0.5, 0.5, 0.5, 0.5, 1.5, 2.5, 0.5, 4.5, 5.5])
  }

  /// A direct restatement of the definition, one output value at a time.
  func direct(_ x: Tensor, _ w: Tensor, _ b: Tensor?, s: Int, p: Int, d: Int) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, k) = (w.shape[0], w.shape[2])
    let ho = (h + 2 * p - d * (k - 1) - 1) / s + 1
    let wo = (wd + 2 * p - d * (k - 1) - 1) / s + 1
    var out = [Float](repeating: 0, count: n * o * ho * wo)
    for bi in 0..<n {
      for oi in 0..<o {
        for yi in 0..<ho {
          for xi in 0..<wo {
            var acc: Double = Double(b?.data[oi] ?? 0)
            for ci in 0..<c {
              for ky in 0..<k {
                for kx in 0..<k {
                  let iy = yi * s - p + ky * d
                  let ix = xi * s - p + kx * d
                  if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                    acc +=
                      Double(x.data[((bi * c + ci) * h + iy) * wd + ix])
                      * Double(w.data[((oi * c + ci) * k + ky) * k + kx])
                  }
                }
              }
            }
            out[((bi * o + oi) * ho + yi) * wo + xi] = Float(acc)
          }
        }
      }
    }
    return Tensor(shape: [n, o, ho, wo], data: out)
  }

  @Test(arguments: [
    (1, 1, 1, 3), (2, 1, 1, 3), (1, 2, 2, 3), (1, 4, 4, 3), (1, 16, 16, 3), (2, 0, 1, 1), (1, 0, 1, 1),
  ])
  func matchesTheDefinition(stride: Int, padding: Int, dilation: Int, kernel: Int) {
    var rng = TestRandom(UInt64(stride * 1000 + padding * 10 + dilation))
    let x = rng.tensor([2, 3, 11, 13])
    let w = rng.tensor([6, 3, kernel, kernel])
    let b = rng.tensor([6])
    let y = Conv2d(weight: w, bias: b, stride: stride, padding: padding, dilation: dilation)(x)
    let expected = direct(x, w, b, s: stride, p: padding, d: dilation)
    #expect(y.shape == expected.shape)
    #expect(maxAbsDifference(y, expected) < 1e-5)
  }
}
