import TwinLiteCore
import TwinLiteNN

// Building blocks of `model/TwinLite.py`, eval mode. Each takes the `WeightScope` of its own
// state-dict module; the caller names that module at the construction site.

/// Every BatchNorm2d in TwinLite.py uses eps = 1e-3.
public let twinLiteBatchNormEps: Float = 1e-3

extension BatchNorm2d {
  /// `nn.BatchNorm2d(channels, eps=1e-03)` from `weight`, `bias`, `running_mean`, `running_var`.
  init(_ w: WeightScope, channels: Int) {
    self.init(
      weight: w.tensor("weight", shape: [channels]), bias: w.tensor("bias", shape: [channels]),
      runningMean: w.tensor("running_mean", shape: [channels]),
      runningVar: w.tensor("running_var", shape: [channels]), eps: twinLiteBatchNormEps)
  }
}

extension PReLU {
  /// `nn.PReLU(channels)`: one slope per channel.
  init(_ w: WeightScope, channels: Int) {
    self.init(weight: w.tensor("weight", shape: [channels]))
  }
}

/// Upstream: `CBR` — conv k×k ("same" padding, no bias) → BN → PReLU.
public struct CBR: Sendable {
  public let conv: Conv2d
  public let bn: BatchNorm2d
  public let act: PReLU

  public init(_ w: WeightScope, nIn: Int, nOut: Int, kernel: Int, stride: Int = 1) {
    conv = Conv2d(
      weight: w.tensor("conv.weight", shape: [nOut, nIn, kernel, kernel]),
      stride: stride, samePadding: ())
    bn = BatchNorm2d(w.scope("bn"), channels: nOut)
    act = PReLU(w.scope("act"), channels: nOut)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { act(bn(conv(x))) }
}

/// Upstream: `BR` — BN → PReLU.
public struct BR: Sendable {
  public let bn: BatchNorm2d
  public let act: PReLU

  public init(_ w: WeightScope, nOut: Int) {
    bn = BatchNorm2d(w.scope("bn"), channels: nOut)
    act = PReLU(w.scope("act"), channels: nOut)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { act(bn(x)) }
}

/// Upstream: `C` and `CDilated` — a bare conv (no bias), "same" padding `(k−1)/2·d`.
public struct CDilated: Sendable {
  public let conv: Conv2d

  public init(_ w: WeightScope, nIn: Int, nOut: Int, kernel: Int, stride: Int = 1, dilation: Int = 1) {
    conv = Conv2d(
      weight: w.tensor("conv.weight", shape: [nOut, nIn, kernel, kernel]),
      stride: stride, dilation: dilation, samePadding: ())
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { conv(x) }
}

/// The five dilated 3×3 branches shared by both ESP blocks, with their hierarchical sums:
/// `cat[d1, d2, d2+d4, d2+d4+d8, d2+d4+d8+d16]` (n1 + 4n channels).
public struct ESPBranches: Sendable {
  public let d1, d2, d4, d8, d16: CDilated

  init(_ w: WeightScope, n: Int, n1: Int) {
    d1 = CDilated(w.scope("d1"), nIn: n, nOut: n1, kernel: 3, dilation: 1)
    d2 = CDilated(w.scope("d2"), nIn: n, nOut: n, kernel: 3, dilation: 2)
    d4 = CDilated(w.scope("d4"), nIn: n, nOut: n, kernel: 3, dilation: 4)
    d8 = CDilated(w.scope("d8"), nIn: n, nOut: n, kernel: 3, dilation: 8)
    d16 = CDilated(w.scope("d16"), nIn: n, nOut: n, kernel: 3, dilation: 16)
  }

  public var all: [CDilated] { [d1, d2, d4, d8, d16] }

  public func callAsFunction(_ o1: Tensor) -> Tensor {
    let add1 = d2(o1)
    let add2 = Elementwise.add(add1, d4(o1))
    let add3 = Elementwise.add(add2, d8(o1))
    let add4 = Elementwise.add(add3, d16(o1))
    return Elementwise.concatChannels([d1(o1), add1, add2, add3, add4])
  }
}

/// Upstream: `DownSamplerB` — strided ESP block (3×3/2 reduce, five dilated branches), no residual.
public struct DownSamplerB: Sendable {
  public let c1: CDilated
  public let branches: ESPBranches
  public let bn: BatchNorm2d
  public let act: PReLU

  public init(_ w: WeightScope, nIn: Int, nOut: Int) {
    let n = nOut / 5
    let n1 = nOut - 4 * n
    c1 = CDilated(w.scope("c1"), nIn: nIn, nOut: n, kernel: 3, stride: 2)
    branches = ESPBranches(w, n: n, n1: n1)
    bn = BatchNorm2d(w.scope("bn"), channels: nOut)
    act = PReLU(w.scope("act"), channels: nOut)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { act(bn(branches(c1(x)))) }
}

/// Upstream: `DilatedParllelResidualBlockB` (upstream spelling) — ESP block with residual (`add=True`).
public struct DilatedParllelResidualBlockB: Sendable {
  public let c1: CDilated
  public let branches: ESPBranches
  public let bn: BR

  public init(_ w: WeightScope, nIn: Int, nOut: Int) {
    precondition(nIn == nOut, "the residual ESP block needs nIn == nOut")
    let n = nOut / 5
    let n1 = nOut - 4 * n
    c1 = CDilated(w.scope("c1"), nIn: nIn, nOut: n, kernel: 1)
    branches = ESPBranches(w, n: n, n1: n1)
    bn = BR(w.scope("bn"), nOut: nOut)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { bn(Elementwise.add(branches(c1(x)), x)) }
}

/// Upstream: `InputProjectionA` — `samplingTimes` × AvgPool2d(3, stride 2, padding 1), no weights.
public struct InputProjectionA: Sendable {
  public let samplingTimes: Int

  public init(samplingTimes: Int) { self.samplingTimes = samplingTimes }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    (0..<samplingTimes).reduce(x) { y, _ in AvgPool3x3s2.apply(y) }
  }
}

/// Upstream: `UPx2` — ConvTranspose2d(k2, s2, no bias) → BN → PReLU.
public struct UPx2: Sendable {
  public let deconv: ConvTranspose2x2
  public let bn: BatchNorm2d
  public let act: PReLU

  public init(_ w: WeightScope, nIn: Int, nOut: Int) {
    deconv = ConvTranspose2x2(weight: w.tensor("deconv.weight", shape: [nIn, nOut, 2, 2]))
    bn = BatchNorm2d(w.scope("bn"), channels: nOut)
    act = PReLU(w.scope("act"), channels: nOut)
  }

  public func callAsFunction(_ x: Tensor) -> Tensor { act(bn(deconv(x))) }
}
