import Foundation
import TwinLiteCore

/// Plain-loop oracles for the op-level tests (NCHW, Double accumulation).
enum Naive {
  struct RNG {
    var state: UInt64
    mutating func next() -> Float {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(state >> 40) / Float(1 << 24) * 2 - 1
    }
    mutating func tensor(_ shape: [Int], scale: Float = 1) -> Tensor {
      Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in next() * scale })
    }
    mutating func vector(_ n: Int, scale: Float = 1, offset: Float = 0) -> [Float] {
      (0..<n).map { _ in next() * scale + offset }
    }
  }

  static func conv(_ x: Tensor, _ wt: Tensor, bias: [Float]?, stride: Int, dilation: Int, padding: Int) -> Tensor {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, k) = (wt.shape[0], wt.shape[2])
    let oh = (h + 2 * padding - dilation * (k - 1) - 1) / stride + 1
    let ow = (w + 2 * padding - dilation * (k - 1) - 1) / stride + 1
    var out = Tensor(zeros: [n, o, oh, ow])
    for b in 0..<n {
      for oc in 0..<o {
        for i in 0..<oh {
          for j in 0..<ow {
            var acc = Double(bias?[oc] ?? 0)
            for ic in 0..<c {
              for a in 0..<k {
                let y = i * stride - padding + a * dilation
                if y < 0 || y >= h { continue }
                for bb in 0..<k {
                  let xx = j * stride - padding + bb * dilation
                  if xx < 0 || xx >= w { continue }
                  acc += Double(x.data[((b * c + ic) * h + y) * w + xx])
                    * Double(wt.data[((oc * c + ic) * k + a) * k + bb])
                }
              }
            }
            out.data[((b * o + oc) * oh + i) * ow + j] = Float(acc)
          }
        }
      }
    }
    return out
  }

  /// PyTorch ConvTranspose2d with kernel = stride = k, no padding, weight (Cin, Cout, k, k).
  static func deconv(_ x: Tensor, _ wt: Tensor, bias: [Float]?) -> Tensor {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, k) = (wt.shape[1], wt.shape[2])
    var out = Tensor(zeros: [n, o, h * k, w * k])
    for b in 0..<n {
      for oc in 0..<o {
        for i in 0..<h {
          for j in 0..<w {
            for a in 0..<k {
              for bb in 0..<k {
                var acc = Double(bias?[oc] ?? 0)
                for ic in 0..<c {
                  acc += Double(x.data[((b * c + ic) * h + i) * w + j]) * Double(wt.data[((ic * o + oc) * k + a) * k + bb])
                }
                out.data[((b * o + oc) * h * k + i * k + a) * w * k + j * k + bb] = Float(acc)
              }
            }
          }
        }
      }
    }
    return out
  }

  static func avgPool(_ x: Tensor) -> Tensor {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (oh, ow) = ((h - 1) / 2 + 1, (w - 1) / 2 + 1)
    var out = Tensor(zeros: [n, c, oh, ow])
    for p in 0..<(n * c) {
      for i in 0..<oh {
        for j in 0..<ow {
          var acc = 0.0
          for a in -1...1 {
            for b in -1...1 {
              let (y, xx) = (2 * i + a, 2 * j + b)
              if y >= 0, y < h, xx >= 0, xx < w { acc += Double(x.data[(p * h + y) * w + xx]) }
            }
          }
          out.data[(p * oh + i) * ow + j] = Float(acc / 9)
        }
      }
    }
    return out
  }

  static func prelu(_ x: Tensor, _ slopes: [Float]) -> Tensor {
    var out = x
    let (c, plane) = (x.shape[1], x.shape[2] * x.shape[3])
    for i in 0..<x.count where out.data[i] < 0 { out.data[i] *= slopes[(i / plane) % c] }
    return out
  }

  static func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.shape == b.shape, "\(a.shape) vs \(b.shape)")
    return zip(a.data, b.data).reduce(0) { max($0, abs($1.0 - $1.1)) }
  }
}
