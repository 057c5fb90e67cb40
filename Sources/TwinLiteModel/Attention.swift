import TwinLiteCore
import TwinLiteNN

/// Upstream: `PAM_Module` — position attention. Q, K: 1×1 convs C → C/8 with bias; V: C → C with bias.
/// The full N×N softmax is computed even though the released γ (−4.35e-20) makes it a no-op.
public struct PAMModule: Sendable {
  public let queryConv: Conv2d
  public let keyConv: Conv2d
  public let valueConv: Conv2d
  public let gamma: Float

  public init(_ w: WeightScope, channels c: Int) {
    func conv(_ name: String, _ out: Int) -> Conv2d {
      Conv2d(
        weight: w.tensor("\(name).weight", shape: [out, c, 1, 1]),
        bias: w.tensor("\(name).bias", shape: [out]))
    }
    queryConv = conv("query_conv", c / 8)
    keyConv = conv("key_conv", c / 8)
    valueConv = conv("value_conv", c)
    gamma = w.tensor("gamma", shape: [1]).data[0]
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    AttentionOps.position(
      query: queryConv(x), key: keyConv(x), value: valueConv(x), gamma: gamma, residual: x)
  }
}

/// Upstream: `CAM_Module` — channel attention with `rowmax(E) − E` energies; only γ is learned.
public struct CAMModule: Sendable {
  public let gamma: Float

  public init(_ w: WeightScope) {
    gamma = w.tensor("gamma", shape: [1]).data[0]
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { AttentionOps.channel(x, gamma: gamma) }
}
