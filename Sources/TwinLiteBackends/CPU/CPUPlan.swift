internal import CTwinLiteDNNL
import TwinLiteCore

/// TwinLiteNet as a fixed sequence of oneDNN primitives and fused kernels for one input shape
/// (N×3×H×W). Every buffer and primitive is created here once; `run` only executes.
///
/// Layout: activations are channels-last (`nhwc`), the layout oneDNN 2.6's `brgconv` kernels use
/// (blocked `nChw16c` sends the 12/25-channel ESP convs to reference code, and strided sub-memory
/// views do the same for every kernel). Concatenations are therefore formed by the fused
/// element-wise kernels that produce their inputs, which write straight into channel slices of
/// the concatenated buffer; the network input and the logits are converted once.
final class CPUPlan {
  struct Step {
    let name: String
    let run: () throws -> Void
  }

  let engine: DNNLEngine
  let n: Int, h: Int, w: Int
  private(set) var steps: [Step] = []
  /// Retains primitives, buffers and kernels the steps use.
  private var keep: [AnyObject] = []
  let input: DNNLMemory
  // Set at the end of `init`, after the steps that use `self`.
  private(set) var drivable: DNNLMemory!, lane: DNNLMemory!
  private(set) var drivableSlopes: (Float, Float) = (0, 0), laneSlopes: (Float, Float) = (0, 0)
  private(set) var pam: PositionAttention!

  init(engine: DNNLEngine, weights: CPUWeights, n: Int, h: Int, w: Int, pamMode: PAMMode) throws(BackendError) {
    self.engine = engine
    (self.n, self.h, self.w) = (n, h, w)
    let (h2, w2, h4, w4, h8, w8) = (h / 2, w / 2, h / 4, w / 4, h / 8, w / 8)
    input = try DNNLMemory(engine, external: MemoryDesc.make([n, 3, h, w], dnnl_nchw, name: "input"),
                           name: "input")
    let x = try buffer("input.nhwc", 3, h, w)
    try primitive(DNNLLayers.reorder("input (nchw→nhwc)", engine, from: input, to: x))

    // Image pyramid and level 1, concatenated for b1: [level1 (16), sample1 (3)].
    let s1 = try buffer("encoder.sample1", 3, h2, w2), s2 = try buffer("encoder.sample2", 3, h4, w4)
    try primitive(DNNLLayers.averagePool3x3s2("encoder.sample1", engine, src: x, dst: s1))
    try primitive(DNNLLayers.averagePool3x3s2("encoder.sample2", engine, src: s1, dst: s2))
    let l1 = try buffer("encoder.level1", 16, h2, w2)
    try primitive(DNNLLayers.convolution("encoder.level1", engine, src: x, dst: l1, weight: weights.level1.weight,
                                         bias: weights.level1.bias, stride: 2, padding: 1))
    let cat1 = try buffer("cat1", 19, h2, w2)
    copy("encoder.level1 (prelu→cat1)", l1, 16, h2 * w2, ChannelSlice(base: cat1.floats, stride: 19, offset: 0),
         slopes: weights.level1.slopes)
    copy("encoder.sample1 (→cat1)", s1, 3, h2 * w2, ChannelSlice(base: cat1.floats, stride: 19, offset: 16),
         slopes: nil)
    let c1 = try buffer("encoder.b1", 19, h2, w2)
    try cbr("encoder.b1", weights.b1, src: cat1, dst: c1, kernel: 3)

    // Level 2 → cat2 = [level2 (64), level2_0 (64), sample2 (3)].
    let cat2 = try buffer("cat2", 131, h4, w4)
    let l2 = try ESPScratch(engine, n: n, h: h4, w: w4, nBranch: 12, n1: 16)
    let o20 = try buffer("encoder.level2_0", 64, h4, w4), o21 = try buffer("encoder.level2.0", 64, h4, w4)
    try esp("encoder.level2_0", weights.level2_0, src: c1, strided: true, scratch: l2,
            outputs: [slice(o20, 64, 0), ChannelSlice(base: cat2.floats, stride: 131, offset: 64)])
    try esp("encoder.level2.0", weights.level2[0], src: o20, strided: false, scratch: l2, outputs: [slice(o21, 64, 0)])
    try esp("encoder.level2.1", weights.level2[1], src: o21, strided: false, scratch: l2,
            outputs: [ChannelSlice(base: cat2.floats, stride: 131, offset: 0)])
    copy("encoder.sample2 (→cat2)", s2, 3, h4 * w4, ChannelSlice(base: cat2.floats, stride: 131, offset: 128),
         slopes: nil)
    let c2 = try buffer("encoder.b2", 131, h4, w4)
    try cbr("encoder.b2", weights.b2, src: cat2, dst: c2, kernel: 3)

    // Level 3 → cat3 = [level3_0 (128), level3 (128)].
    let cat3 = try buffer("cat3", 256, h8, w8)
    let l3 = try ESPScratch(engine, n: n, h: h8, w: w8, nBranch: 25, n1: 28)
    let o30 = try buffer("encoder.level3_0", 128, h8, w8)
    let o31 = try buffer("encoder.level3.0", 128, h8, w8), o32 = try buffer("encoder.level3.1", 128, h8, w8)
    try esp("encoder.level3_0", weights.level3_0, src: c2, strided: true, scratch: l3,
            outputs: [slice(o30, 128, 0), ChannelSlice(base: cat3.floats, stride: 256, offset: 0)])
    try esp("encoder.level3.0", weights.level3[0], src: o30, strided: false, scratch: l3,
            outputs: [slice(o31, 128, 0)])
    try esp("encoder.level3.1", weights.level3[1], src: o31, strided: false, scratch: l3,
            outputs: [slice(o32, 128, 0)])
    try esp("encoder.level3.2", weights.level3[2], src: o32, strided: false, scratch: l3,
            outputs: [ChannelSlice(base: cat3.floats, stride: 256, offset: 128)])
    let c3 = try buffer("encoder.b3", 32, h8, w8)
    try cbr("encoder.b3", weights.b3, src: cat3, dst: c3, kernel: 3)

    // Attention: e = classifier(conv_sa(PAM(c3)) + conv_sc(CAM(c3))).
    let pamOut = try buffer("encoder.sa", 32, h8, w8), camOut = try buffer("encoder.sc", 32, h8, w8)
    let positional = try PositionAttention("encoder.sa", engine, input: c3, output: pamOut, weights: weights.pam,
                                           n: n, h: h8, w: w8, mode: pamMode)
    pam = positional
    kernel("encoder.sa (PAM)", positional) { [engine] in try positional.run(engine) }
    let channel = ChannelAttention("encoder.sc", input: c3, output: camOut, gamma: weights.camGamma, n: n,
                                   plane: h8 * w8, channels: 32)
    kernel("encoder.sc (CAM)", channel) { try channel.run() }
    let sa = try buffer("encoder.conv_sa", 32, h8, w8), sc = try buffer("encoder.conv_sc", 32, h8, w8)
    try cbr("encoder.conv_sa", weights.convSA, src: pamOut, dst: sa, kernel: 3)
    try cbr("encoder.conv_sc", weights.convSC, src: camOut, dst: sc, kernel: 3)
    try primitive(DNNLLayers.addInPlace("encoder (conv_sa + conv_sc)", engine, sa, sc))
    let e = try buffer("encoder.classifier", 32, h8, w8)
    try cbr("encoder.classifier", weights.classifier, src: sa, dst: e, kernel: 1)

    // Heads: three UPx2 each, 45×80 → 360×640.
    func head(_ names: [String], _ layers: [FoldedConv]) throws(BackendError) -> DNNLMemory {
      let u1 = try buffer(names[0], 16, h4, w4), u2 = try buffer(names[1], 8, h2, w2)
      let out = try buffer(names[2], 2, h, w)
      try up(names[0], layers[0], src: e, dst: u1, prelu: true)
      try up(names[1], layers[1], src: u1, dst: u2, prelu: true)
      try up(names[2], layers[2], src: u2, dst: out, prelu: false)
      return out
    }
    drivable = try head(["up_1_1", "up_2_1", "classifier_1"], weights.drivableHead)
    lane = try head(["up_1_2", "up_2_2", "classifier_2"], weights.laneHead)
    drivableSlopes = (weights.drivableHead[2].slopes[0], weights.drivableHead[2].slopes[1])
    laneSlopes = (weights.laneHead[2].slopes[0], weights.laneHead[2].slopes[1])
  }

  // MARK: - Building blocks

  private func buffer(_ name: String, _ c: Int, _ h: Int, _ w: Int) throws(BackendError) -> DNNLMemory {
    let m = try DNNLMemory(engine, activation: n, c, h, w, name: name)
    keep.append(m)
    return m
  }

  private func slice(_ m: DNNLMemory, _ stride: Int, _ offset: Int) -> ChannelSlice {
    ChannelSlice(base: m.floats, stride: stride, offset: offset)
  }

  private func primitive(_ p: DNNLPrimitive) {
    keep.append(p)
    steps.append(Step(name: p.name) { [engine] in try p.execute(engine) })
  }

  private func kernel(_ name: String, _ owner: AnyObject?, _ body: @escaping () throws -> Void) {
    if let owner { keep.append(owner) }
    steps.append(Step(name: name, run: body))
  }

  private func copy(_ name: String, _ src: DNNLMemory, _ channels: Int, _ plane: Int, _ dst: ChannelSlice,
                    slopes: [Float]?)
  {
    let pixels = n * plane
    let s = src.floats
    kernel(name, nil) {
      if let slopes {
        slopes.withUnsafeBufferPointer {
          ChannelKernels.copy(s, channels: channels, pixels: pixels, to: dst, slopes: $0.baseAddress)
        }
      } else {
        ChannelKernels.copy(s, channels: channels, pixels: pixels, to: dst, slopes: nil)
      }
    }
  }

  /// Conv (BN folded, bias) then PReLU in place.
  private func cbr(_ name: String, _ f: FoldedConv, src: DNNLMemory, dst: DNNLMemory, kernel k: Int)
    throws(BackendError)
  {
    try primitive(DNNLLayers.convolution(name, engine, src: src, dst: dst, weight: f.weight, bias: f.bias,
                                         padding: k / 2))
    try primitive(DNNLLayers.prelu(name + ".act", engine, data: dst, slopes: f.slopes))
  }

  /// UPx2: transposed conv (BN folded, bias), PReLU in place unless the caller applies it.
  private func up(_ name: String, _ f: FoldedConv, src: DNNLMemory, dst: DNNLMemory, prelu: Bool)
    throws(BackendError)
  {
    try primitive(DNNLLayers.deconvolution(name, engine, src: src, dst: dst, weight: f.weight, bias: f.bias,
                                           stride: 2))
    if prelu { try primitive(DNNLLayers.prelu(name + ".act", engine, data: dst, slopes: f.slopes)) }
  }

  /// An ESP block: c1 → five dilated branches (oneDNN) → fused sums/residual/BN/PReLU (`ESPCombine`).
  private func esp(_ name: String, _ wt: ESPWeights, src: DNNLMemory, strided: Bool, scratch s: ESPScratch,
                   outputs: [ChannelSlice]) throws(BackendError)
  {
    try primitive(DNNLLayers.convolution(name + ".c1", engine, src: src, dst: s.reduced, weight: wt.c1, bias: nil,
                                         stride: strided ? 2 : 1, padding: strided ? 1 : 0))
    let branches = [("d1", wt.d1, 1), ("d2", wt.d2, 2), ("d4", wt.d4, 4), ("d8", wt.d8, 8), ("d16", wt.d16, 16)]
    for (i, (label, weight, dilation)) in branches.enumerated() {
      try primitive(DNNLLayers.convolution("\(name).\(label)", engine, src: s.reduced, dst: s.branches[i],
                                           weight: weight, bias: nil, dilation: dilation, padding: dilation))
    }
    let total = wt.n1 + 4 * wt.n
    let residual = strided ? nil : ChannelSlice(base: src.floats, stride: total, offset: 0)
    let combine = ESPCombine(n: wt.n, n1: wt.n1, branches: s.branches.map(\.floats), residual: residual,
                             outputs: outputs, affine: wt.affine)
    let pixels = s.pixels
    kernel(name + " (sum+bn+prelu)", combine) { combine.run(pixels: pixels) }
  }

  // MARK: - Running

  /// Runs every step on `batch` (N×3×H×W, checked by the caller); `timer` sees each step.
  func run(_ batch: Tensor, timer: StepTimer?) throws -> (da: Tensor, ll: Tensor) {
    let plane = h * w
    var da = [Float](repeating: 0, count: n * 2 * plane), ll = da
    try batch.data.withUnsafeBufferPointer { src in
      try input.setHandle(UnsafeMutableRawPointer(mutating: src.baseAddress!), name: "input")
      for step in steps {
        if let timer { try timer.time(step.name, step.run) } else { try step.run() }
      }
      try engine.wait()
    }
    let unpack = { [self] in
      da.withUnsafeMutableBufferPointer {
        ChannelKernels.unpackLogits(drivable.floats, n: n, plane: plane, slopes: drivableSlopes, to: $0.baseAddress!)
      }
      ll.withUnsafeMutableBufferPointer {
        ChannelKernels.unpackLogits(lane.floats, n: n, plane: plane, slopes: laneSlopes, to: $0.baseAddress!)
      }
    }
    if let timer { timer.time("classifier_1/2.act (prelu→nchw)", unpack) } else { unpack() }
    return (Tensor(shape: [n, 2, h, w], data: da), Tensor(shape: [n, 2, h, w], data: ll))
  }
}

/// Intermediate buffers of the ESP blocks at one resolution (reused by every block there).
final class ESPScratch {
  let reduced: DNNLMemory
  let branches: [DNNLMemory]
  let pixels: Int

  init(_ engine: DNNLEngine, n: Int, h: Int, w: Int, nBranch: Int, n1: Int) throws(BackendError) {
    reduced = try DNNLMemory(engine, activation: n, nBranch, h, w, name: "esp.c1")
    var b: [DNNLMemory] = [try DNNLMemory(engine, activation: n, n1, h, w, name: "esp.d1")]
    for _ in 0..<4 { b.append(try DNNLMemory(engine, activation: n, nBranch, h, w, name: "esp.d")) }
    branches = b
    pixels = n * h * w
  }
}
