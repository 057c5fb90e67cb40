import TwinLiteCore

/// Eval-mode batch normalisation with running statistics:
/// `y = x·s + (β − μ·s)` with `s = γ / √(σ² + eps)` (the same arithmetic as PyTorch's CPU kernel).
public struct BatchNorm2d: Sendable {
  public let weight: Tensor
  public let bias: Tensor
  public let runningMean: Tensor
  public let runningVar: Tensor
  public let eps: Float

  public init(weight: Tensor, bias: Tensor, runningMean: Tensor, runningVar: Tensor, eps: Float) {
    let c = weight.count
    precondition(
      bias.count == c && runningMean.count == c && runningVar.count == c,
      "BatchNorm2d vectors differ in length")
    self.weight = weight
    self.bias = bias
    self.runningMean = runningMean
    self.runningVar = runningVar
    self.eps = eps
  }

  public var channels: Int { weight.count }

  /// Per-channel (scale, shift) of the affine map this BN applies.
  public var scaleShift: (scale: [Float], shift: [Float]) {
    var scale = [Float](repeating: 0, count: channels)
    var shift = [Float](repeating: 0, count: channels)
    for i in 0..<channels {
      scale[i] = weight.data[i] / (runningVar.data[i] + eps).squareRoot()
      shift[i] = bias.data[i] - runningMean.data[i] * scale[i]
    }
    return (scale, shift)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    let (n, c, h, w) = x.nchw
    precondition(c == channels, "BatchNorm2d expects \(channels) channels, got \(c)")
    let (scale, shift) = scaleShift
    var out = x
    let plane = h * w
    out.data.withUnsafeMutableBufferPointer { buf in
      for b in 0..<n {
        for ch in 0..<c {
          let base = (b * c + ch) * plane
          let (sc, sh) = (scale[ch], shift[ch])
          for i in base..<(base + plane) { buf[i] = buf[i] * sc + sh }
        }
      }
    }
    return out
  }
}
