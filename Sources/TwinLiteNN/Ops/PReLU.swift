import TwinLiteCore

/// `nn.PReLU(C)`: one slope per channel, `y = x` for `x ≥ 0`, else `a_c·x`.
public struct PReLU: Sendable {
  public let weight: Tensor

  public init(weight: Tensor) { self.weight = weight }

  public var channels: Int { weight.count }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    let (n, c, h, w) = x.nchw
    precondition(c == channels, "PReLU expects \(channels) channels, got \(c)")
    var out = x
    let plane = h * w
    out.data.withUnsafeMutableBufferPointer { buf in
      for b in 0..<n {
        for ch in 0..<c {
          let base = (b * c + ch) * plane
          let slope = weight.data[ch]
          for i in base..<(base + plane) where buf[i] < 0 { buf[i] *= slope }
        }
      }
    }
    return out
  }
}
