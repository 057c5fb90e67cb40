import TwinLiteCore
import TwinLiteNN

/// One row of the ablation (paper Table IV), built from the same blocks as `TwinLiteNet` by
/// configuration. Keys follow `best.pth` (without `module.`), so `full` and `reparameterised` read
/// the released checkpoint; the single head reuses the drivable head's names with 3 output classes.
public struct TwinLiteVariantConfig: Sendable, Hashable, Codable {
  /// PAM + CAM (`sa`, `sc`, `conv_sa`, `conv_sc`) between `b3` and `classifier`.
  public var attention: Bool
  /// Two 2-class heads (drivable area, lanes) instead of one 3-class head (background, drivable, lane).
  public var twoHeads: Bool
  /// Conv+BN folded into one conv with bias wherever a BN directly follows a conv or deconv (CBR, UPx2).
  public var reparameterised: Bool

  public init(attention: Bool, twoHeads: Bool, reparameterised: Bool) {
    self.attention = attention
    self.twoHeads = twoHeads
    self.reparameterised = reparameterised
  }

  /// The ablation's cumulative rows, in order.
  public static let ablation: [(name: String, config: TwinLiteVariantConfig)] = [
    ("baseline", TwinLiteVariantConfig(attention: false, twoHeads: false, reparameterised: false)),
    ("+attention", TwinLiteVariantConfig(attention: true, twoHeads: false, reparameterised: false)),
    ("+two-heads", TwinLiteVariantConfig(attention: true, twoHeads: true, reparameterised: false)),
    ("+reparam", TwinLiteVariantConfig(attention: true, twoHeads: true, reparameterised: true)),
  ]

  /// The released TwinLiteNet.
  public static let full = TwinLiteVariantConfig(attention: true, twoHeads: true, reparameterised: false)
}

/// CBR (conv → BN → PReLU), or its folded form (conv with bias → PReLU).
public struct VariantCBR: Sendable {
  public let conv: Conv2d
  public let bn: BatchNorm2d?
  public let act: PReLU

  init(_ block: CBR, fold: Bool) {
    act = block.act
    guard fold else {
      conv = block.conv
      bn = block.bn
      return
    }
    let (scale, shift) = block.bn.scaleShift
    let w = block.conv.weight
    let perOut = w.count / w.shape[0]
    var data = w.data
    for o in 0..<w.shape[0] { for i in 0..<perOut { data[o * perOut + i] *= scale[o] } }
    conv = Conv2d(
      weight: Tensor(shape: w.shape, data: data), bias: Tensor(shape: [shift.count], data: shift),
      stride: block.conv.stride, padding: block.conv.padding, dilation: block.conv.dilation)
    bn = nil
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    let y = conv(x)
    return act(bn.map { $0(y) } ?? y)
  }
}

/// UPx2 (deconv → BN → PReLU), or folded (deconv scaled per output channel, plus a bias, → PReLU).
public struct VariantUPx2: Sendable {
  public let deconv: ConvTranspose2x2
  public let bn: BatchNorm2d?
  public let bias: [Float]?
  public let act: PReLU

  init(_ block: UPx2, fold: Bool) {
    act = block.act
    guard fold else {
      deconv = block.deconv
      bn = block.bn
      bias = nil
      return
    }
    let (scale, shift) = block.bn.scaleShift
    let w = block.deconv.weight  // (Cin, Cout, 2, 2)
    var data = w.data
    for c in 0..<w.shape[0] {
      for o in 0..<w.shape[1] { for k in 0..<4 { data[(c * w.shape[1] + o) * 4 + k] *= scale[o] } }
    }
    deconv = ConvTranspose2x2(weight: Tensor(shape: w.shape, data: data))
    bn = nil
    bias = shift
  }

  public func callAsFunction(_ x: Tensor) -> Tensor {
    var y = deconv(x)
    if let bn { y = bn(y) }
    if let bias {
      let (n, c, h, w) = (y.shape[0], y.shape[1], y.shape[2], y.shape[3])
      let plane = h * w
      for b in 0..<n {
        for ch in 0..<c {
          let base = (b * c + ch) * plane
          for i in 0..<plane { y.data[base + i] += bias[ch] }
        }
      }
    }
    return act(y)
  }
}

/// A configured TwinLiteNet ablation variant, eval mode, pure Swift.
public struct TwinLiteVariant: Sendable {
  public let config: TwinLiteVariantConfig
  let level1, b1, b2, b3, classifier: VariantCBR
  let sample1, sample2: InputProjectionA
  let level2Down, level3Down: DownSamplerB
  let level2, level3: [DilatedParllelResidualBlockB]
  let attention: (sa: PAMModule, sc: CAMModule, convSA: VariantCBR, convSC: VariantCBR)?
  /// Drivable head, or the single 3-class head.
  let head1: [VariantUPx2]
  let head2: [VariantUPx2]?

  /// Builds from `weights`, verifying keys and shapes like `TwinLiteNet.init(weights:source:)`.
  public init(config: TwinLiteVariantConfig, weights: StateDict, source: String = "state dict") throws {
    let reader = WeightReader(weights)
    self.init(config: config, reader.root)
    try reader.verify(source: source)
  }

  /// Builds from a scope without verification (recording the expected keys).
  public init(config: TwinLiteVariantConfig, _ w: WeightScope) {
    self.config = config
    let fold = config.reparameterised
    let e = w.scope("encoder")
    level1 = VariantCBR(CBR(e.scope("level1"), nIn: 3, nOut: 16, kernel: 3, stride: 2), fold: fold)
    sample1 = InputProjectionA(samplingTimes: 1)
    sample2 = InputProjectionA(samplingTimes: 2)
    b1 = VariantCBR(CBR(e.scope("b1"), nIn: 19, nOut: 19, kernel: 3), fold: fold)
    level2Down = DownSamplerB(e.scope("level2_0"), nIn: 19, nOut: 64)
    level2 = (0..<2).map { DilatedParllelResidualBlockB(e.scope("level2.\($0)"), nIn: 64, nOut: 64) }
    b2 = VariantCBR(CBR(e.scope("b2"), nIn: 131, nOut: 131, kernel: 3), fold: fold)
    level3Down = DownSamplerB(e.scope("level3_0"), nIn: 131, nOut: 128)
    level3 = (0..<3).map { DilatedParllelResidualBlockB(e.scope("level3.\($0)"), nIn: 128, nOut: 128) }
    b3 = VariantCBR(CBR(e.scope("b3"), nIn: 256, nOut: 32, kernel: 3), fold: fold)
    if config.attention {
      attention = (
        PAMModule(e.scope("sa"), channels: 32), CAMModule(e.scope("sc")),
        VariantCBR(CBR(e.scope("conv_sa"), nIn: 32, nOut: 32, kernel: 3), fold: fold),
        VariantCBR(CBR(e.scope("conv_sc"), nIn: 32, nOut: 32, kernel: 3), fold: fold)
      )
    } else {
      attention = nil
    }
    classifier = VariantCBR(CBR(e.scope("classifier"), nIn: 32, nOut: 32, kernel: 1), fold: fold)
    func head(_ names: [String], classes: Int) -> [VariantUPx2] {
      [
        VariantUPx2(UPx2(w.scope(names[0]), nIn: 32, nOut: 16), fold: fold),
        VariantUPx2(UPx2(w.scope(names[1]), nIn: 16, nOut: 8), fold: fold),
        VariantUPx2(UPx2(w.scope(names[2]), nIn: 8, nOut: classes), fold: fold),
      ]
    }
    head1 = head(["up_1_1", "up_2_1", "classifier_1"], classes: config.twoHeads ? 2 : 3)
    head2 = config.twoHeads ? head(["up_1_2", "up_2_2", "classifier_2"], classes: 2) : nil
  }

  /// The keys and shapes this variant reads, in construction order.
  public static func expectedParameters(_ config: TwinLiteVariantConfig) -> [(key: String, shape: [Int])] {
    let reader = WeightReader()
    _ = TwinLiteVariant(config: config, reader.root)
    return reader.requested
  }

  /// The encoder output `e` (32×H/8×W/8).
  func encode(_ input: Tensor) -> Tensor {
    let out0 = level1(input)
    let inp1 = sample1(input)
    let inp2 = sample2(input)
    let cat0 = b1(Elementwise.concatChannels([out0, inp1]))
    let out10 = level2Down(cat0)
    let out1 = level2.reduce(out10) { x, block in block(x) }
    let cat1 = b2(Elementwise.concatChannels([out1, out10, inp2]))
    let out20 = level3Down(cat1)
    let out2 = level3.reduce(out20) { x, block in block(x) }
    let c3 = b3(Elementwise.concatChannels([out20, out2]))
    guard let a = attention else { return classifier(c3) }
    return classifier(Elementwise.add(a.convSA(a.sa(c3)), a.convSC(a.sc(c3))))
  }

  /// Drivable and lane logits, each B×2×H×W. A single 3-class head's logits (background, drivable,
  /// lane) become two 2-class pairs whose `logit[1] > logit[0]` equals the 3-class argmax choosing
  /// that class: drivable = (max(l0, l2), l1), lane = (max(l0, l1), l2).
  public func callAsFunction(_ input: Tensor) -> TwinLiteOutput {
    precondition(
      input.rank == 4 && input.shape[1] == 3, "TwinLiteVariant expects B×3×H×W, got \(input.shape)")
    let e = encode(input)
    let first = head1.reduce(e) { x, block in block(x) }
    if let head2 {
      return TwinLiteOutput(drivable: first, lane: head2.reduce(e) { x, block in block(x) })
    }
    return Self.split3(first)
  }

  static func split3(_ logits: Tensor) -> TwinLiteOutput {
    let (n, h, w) = (logits.shape[0], logits.shape[2], logits.shape[3])
    let plane = h * w
    var da = [Float](repeating: 0, count: n * 2 * plane)
    var ll = da
    for b in 0..<n {
      let src = b * 3 * plane
      let dst = b * 2 * plane
      for i in 0..<plane {
        let (l0, l1, l2) = (
          logits.data[src + i], logits.data[src + plane + i], logits.data[src + 2 * plane + i]
        )
        da[dst + i] = max(l0, l2)
        da[dst + plane + i] = l1
        ll[dst + i] = max(l0, l1)
        ll[dst + plane + i] = l2
      }
    }
    return TwinLiteOutput(
      drivable: Tensor(shape: [n, 2, h, w], data: da), lane: Tensor(shape: [n, 2, h, w], data: ll))
  }
}
