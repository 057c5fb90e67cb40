internal import CTwinLiteDNNL
import TwinLiteCore

/// TwinLiteNet as a fixed sequence of oneDNN primitives and fused kernels for one input shape
/// (N×3×H×W). Every buffer and primitive is created here once; `run` only executes.
///
/// The plan asks oneDNN rather than assuming an ISA: every primitive takes the first implementation
/// oneDNN offers at the dispatched ISA that is not reference code (`DNNLEngine.accepts`), and its
/// name is kept with the step. Activations are channels-last (`nhwc`), which oneDNN implements
/// with JIT code at every x86-64 level (brgconv on AVX-512, jit:avx2, jit:sse41 or gemm:jit below;
/// blocked layouts send the 12/25-channel ESP convs to reference code below AVX-512); where oneDNN
/// only has im2col + sgemm for a dilated 3×3 conv, the own direct kernel runs (`DirectConv3x3`).
/// The three concatenations feed b1, b2, b3 (`ConcatConv`: the fastest, timed when the plan is
/// built, of oneDNN's Winograd, the own Winograd F(4,3) and F(3,3) with PReLU fused, and direct
/// convolution): the fused element-wise kernels that produce the concatenated tensors write straight
/// into the layout of the one chosen, so no concat primitive runs. The network input is reordered
/// once, the b1/b2/b3 outputs are channels-last after their PReLU, and the heads write the N×2×H×W
/// logits directly.
final class CPUPlan {
  struct Step {
    let name: String
    /// oneDNN's `impl_info_str` for a primitive (e.g. `jit:avx2`), `twinlite:<variant>` for a C kernel.
    let implementation: String
    let run: () throws -> Void
  }

  let engine: DNNLEngine
  let n: Int, h: Int, w: Int
  private(set) var steps: [Step] = []
  /// Retains primitives, buffers and kernels the steps use.
  private var keep: [AnyObject] = []
  let input: DNNLMemory
  /// The output tensors' storage during `run` (the heads write N×2×H×W logits there).
  private var drivableOut = UnsafeMutablePointer<Float>(bitPattern: 64)!
  private var laneOut = UnsafeMutablePointer<Float>(bitPattern: 64)!
  private(set) var pam: PositionAttention!
  /// Layers that could not use their first choice at this ISA, and what they use instead.
  private(set) var fallbacks: [String] = []

  init(engine: DNNLEngine, weights: CPUWeights, n: Int, h: Int, w: Int, pamMode: PAMMode) throws(BackendError)
  {
    self.engine = engine
    (self.n, self.h, self.w) = (n, h, w)
    let (h2, w2, h4, w4, h8, w8) = (h / 2, w / 2, h / 4, w / 4, h / 8, w / 8)
    input = try DNNLMemory(
      engine, external: MemoryDesc.make([n, 3, h, w], dnnl_nchw, name: "input"),
      name: "input")
    let x = try buffer("input.nhwc", 3, h, w)
    try primitive(DNNLLayers.reorder("input (nchw→nhwc)", engine, from: input, to: x))

    // Image pyramid and level 1, concatenated for b1: [level1 (16), sample1 (3)].
    let s1 = try buffer("encoder.sample1", 3, h2, w2)
    let s2 = try buffer("encoder.sample2", 3, h4, w4)
    try primitive(DNNLLayers.averagePool3x3s2("encoder.sample1", engine, src: x, dst: s1))
    try primitive(DNNLLayers.averagePool3x3s2("encoder.sample2", engine, src: s1, dst: s2))
    let l1 = try buffer("encoder.level1", 16, h2, w2)
    try primitive(
      DNNLLayers.convolution(
        "encoder.level1", engine, src: x, dst: l1, weight: weights.level1.weight,
        bias: weights.level1.bias, stride: 2, padding: 1))
    let b1 = try concatConv("encoder.b1", weights.b1, h2, w2)
    copy("encoder.level1 (prelu→cat1)", l1, 16, h2 * w2, b1.slot(0), slopes: weights.level1.slopes)
    copy("encoder.sample1 (→cat1)", s1, 3, h2 * w2, b1.slot(16), slopes: nil)
    let c1 = concatCBR("encoder.b1", b1)

    // Level 2 → cat2 = [level2 (64), level2_0 (64), sample2 (3)].
    let b2 = try concatConv("encoder.b2", weights.b2, h4, w4)
    let cat2Slot = b2.slot
    let l2 = try ESPScratch(engine, n: n, h: h4, w: w4, nBranch: 12, n1: 16)
    let o20 = try buffer("encoder.level2_0", 64, h4, w4)
    let o21 = try buffer("encoder.level2.0", 64, h4, w4)
    try esp(
      "encoder.level2_0", weights.level2_0, src: c1, strided: true, scratch: l2, dense: o20,
      slot: cat2Slot(64))
    try esp(
      "encoder.level2.0", weights.level2[0], src: o20, strided: false, scratch: l2, dense: o21, slot: nil)
    // The last block of a level feeds only the concatenation: no dense copy of its output.
    try esp(
      "encoder.level2.1", weights.level2[1], src: o21, strided: false, scratch: l2, dense: nil,
      slot: cat2Slot(0))
    copy("encoder.sample2 (→cat2)", s2, 3, h4 * w4, cat2Slot(128), slopes: nil)
    let c2 = concatCBR("encoder.b2", b2)

    // Level 3 → cat3 = [level3_0 (128), level3 (128)].
    let b3 = try concatConv("encoder.b3", weights.b3, h8, w8)
    let cat3Slot = b3.slot
    let l3 = try ESPScratch(engine, n: n, h: h8, w: w8, nBranch: 25, n1: 28)
    let o30 = try buffer("encoder.level3_0", 128, h8, w8)
    let o31 = try buffer("encoder.level3.0", 128, h8, w8)
    let o32 = try buffer("encoder.level3.1", 128, h8, w8)
    try esp(
      "encoder.level3_0", weights.level3_0, src: c2, strided: true, scratch: l3, dense: o30, slot: cat3Slot(0)
    )
    try esp(
      "encoder.level3.0", weights.level3[0], src: o30, strided: false, scratch: l3, dense: o31, slot: nil)
    try esp(
      "encoder.level3.1", weights.level3[1], src: o31, strided: false, scratch: l3, dense: o32, slot: nil)
    try esp(
      "encoder.level3.2", weights.level3[2], src: o32, strided: false, scratch: l3, dense: nil,
      slot: cat3Slot(128))
    let c3 = concatCBR("encoder.b3", b3)

    // Attention: e = classifier(conv_sa(PAM(c3)) + conv_sc(CAM(c3))).
    let pamOut = try buffer("encoder.sa", 32, h8, w8)
    let camOut = try buffer("encoder.sc", 32, h8, w8)
    let positional = try PositionAttention(
      "encoder.sa", engine, input: c3, output: pamOut, weights: weights.pam,
      n: n, h: h8, w: w8, mode: pamMode)
    pam = positional
    kernel(
      "encoder.sa (PAM)", positional,
      implementation: positional.implementations.joined(separator: ", ") + ", sgemm, " + Self.ownKernels
    ) { [engine] in try positional.run(engine) }
    let channel = ChannelAttention(
      "encoder.sc", input: c3, output: camOut, gamma: weights.camGamma, n: n,
      plane: h8 * w8, channels: 32)
    kernel("encoder.sc (CAM)", channel) { try channel.run() }
    let sa = try buffer("encoder.conv_sa", 32, h8, w8)
    let sc = try buffer("encoder.conv_sc", 32, h8, w8)
    try cbr("encoder.conv_sa", weights.convSA, src: pamOut, dst: sa, kernel: 3, h: h8, w: w8)
    try cbr("encoder.conv_sc", weights.convSC, src: camOut, dst: sc, kernel: 3, h: h8, w: w8)
    try primitive(DNNLLayers.addInPlace("encoder (conv_sa + conv_sc)", engine, sa, sc))
    let e = try buffer("encoder.classifier", 32, h8, w8)
    try cbr("encoder.classifier", weights.classifier, src: sa, dst: e, kernel: 1, h: h8, w: w8)

    // Heads: three UPx2 each, 45×80 → 360×640; the last two are fused and write the output tensors.
    func head(
      _ names: [String], _ layers: [FoldedConv], into out: @escaping () -> UnsafeMutablePointer<Float>
    )
      throws(BackendError)
    {
      let u1 = try buffer(names[0], 16, h4, w4)
      try up(names[0], layers[0], src: e, dst: u1)
      let output = HeadOutput(input: u1, up: layers[1], classifier: layers[2], n: n, h: h4, w: w4)
      kernel("\(names[1]) + \(names[2]) (deconv+bn+prelu ×2 → nchw)", output) { output.run(into: out()) }
    }
    try head(["up_1_1", "up_2_1", "classifier_1"], weights.drivableHead) { [unowned self] in self.drivableOut
    }
    try head(["up_1_2", "up_2_2", "classifier_2"], weights.laneHead) { [unowned self] in self.laneOut }
  }

  // MARK: - Building blocks

  private func buffer(_ name: String, _ c: Int, _ h: Int, _ w: Int) throws(BackendError) -> DNNLMemory {
    let m = try DNNLMemory(engine, activation: n, c, h, w, name: name)
    keep.append(m)
    return m
  }

  /// b1/b2/b3: its conv and input buffer are created before the steps that fill the buffer.
  private func concatConv(_ name: String, _ f: FoldedConv, _ h: Int, _ w: Int) throws(BackendError)
    -> ConcatConv
  {
    let conv = try ConcatConv(name, engine, f, n: n, h: h, w: w)
    keep.append(conv)
    if !conv.skipped.isEmpty {
      fallbacks.append(
        "\(name): \(conv.skipped.joined(separator: "; ")); "
          + (conv.measured.isEmpty ? "" : "measured \(conv.measured.joined(separator: ", ")); ")
          + "using \(conv.variant)")
    }
    return conv
  }

  /// Runs `conv` (its input filled by the steps before) and its PReLU: inside the own Winograd
  /// kernel, or after oneDNN's primitive, fused with the change of its output to channels-last
  /// (oneDNN's blocked PReLU for padded channel counts is reference code).
  private func concatCBR(_ name: String, _ conv: ConcatConv) -> DNNLMemory {
    // The profile shows why this implementation: every candidate's time when the plan was built.
    let chosen =
      ConcatConv.unmeasured
      ? "\(conv.variant) (first that builds: TWINLITE_CPU_CONV=first)"
      : "\(conv.variant) (fastest of \(conv.measured.joined(separator: ", ")))"
    if let p = conv.primitive {
      primitive(p, implementation: chosen)
      kernel(name + ".act (prelu, \(conv.outputBlocking.tag)→nhwc)", nil) { conv.activate() }
    } else if let own = conv.winograd {
      kernel(name, own, implementation: chosen) { own.run() }
    }
    return conv.result
  }

  private func primitive(_ p: DNNLPrimitive, implementation: String? = nil) {
    keep.append(p)
    steps.append(
      Step(name: p.name, implementation: implementation ?? p.implementation) { [engine] in
        try p.execute(engine)
      })
  }

  /// The C kernels' implementation name, e.g. `twinlite:avx2`.
  static var ownKernels: String { "twinlite:" + DNNLRuntime.kernelVariant }

  private func kernel(
    _ name: String, _ owner: AnyObject?, implementation: String = CPUPlan.ownKernels,
    _ body: @escaping () throws -> Void
  ) {
    if let owner { keep.append(owner) }
    steps.append(Step(name: name, implementation: implementation, run: body))
  }

  private func copy(
    _ name: String, _ src: DNNLMemory, _ channels: Int, _ plane: Int, _ dst: ChannelSlice,
    slopes: [Float]?
  ) {
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

  /// Conv (BN folded, bias) then PReLU in place; `h`, `w`: the activation size.
  private func cbr(
    _ name: String, _ f: FoldedConv, src: DNNLMemory, dst: DNNLMemory, kernel k: Int, h: Int, w: Int
  )
    throws(BackendError)
  {
    if k == 3 {
      try sameConv3x3(name, src: src, dst: dst, weight: f.weight, bias: f.bias, dilation: 1, h: h, w: w)
    } else {
      try primitive(
        DNNLLayers.convolution(name, engine, src: src, dst: dst, weight: f.weight, bias: f.bias, padding: 0))
    }
    try primitive(DNNLLayers.prelu(name + ".act", engine, data: dst, slopes: f.slopes))
  }

  /// A 3×3, stride-1 conv with padding = dilation on channels-last buffers: oneDNN's implementation,
  /// unless that is its im2col + sgemm path (or none at all) and the backend's own direct kernel
  /// can compute it.
  private func sameConv3x3(
    _ name: String, src: DNNLMemory, dst: DNNLMemory, weight: Tensor, bias: [Float]?, dilation: Int,
    h: Int, w: Int
  ) throws(BackendError) {
    let own = DirectConv3x3.supports(weight: weight) && engine.accepts(implementation: DirectConv3x3.name)
    let oneDNN: DNNLPrimitive
    do {
      oneDNN = try DNNLLayers.convolution(
        name, engine, src: src, dst: dst, weight: weight, bias: bias, dilation: dilation, padding: dilation)
    } catch .noImplementation(_, _, let attempts) where own {
      fallbacks.append("\(name): oneDNN has \(attempts.joined(separator: ", ")); using the own direct kernel")
      return kernelConv(name, src: src, dst: dst, weight: weight, bias: bias, dilation: dilation, h: h, w: w)
    }
    guard own, oneDNN.implementation.contains("gemm") else { return primitive(oneDNN) }
    kernelConv(name, src: src, dst: dst, weight: weight, bias: bias, dilation: dilation, h: h, w: w)
  }

  private func kernelConv(
    _ name: String, src: DNNLMemory, dst: DNNLMemory, weight: Tensor, bias: [Float]?, dilation: Int,
    h: Int, w: Int
  ) {
    let conv = DirectConv3x3(
      src: src, dst: dst, weight: weight, bias: bias, dilation: dilation, n: n, h: h, w: w)
    kernel(name, conv, implementation: DirectConv3x3.name) { conv.run() }
  }

  /// UPx2: transposed conv (BN folded, bias), then PReLU in place.
  private func up(_ name: String, _ f: FoldedConv, src: DNNLMemory, dst: DNNLMemory) throws(BackendError) {
    try primitive(
      DNNLLayers.deconvolution(
        name, engine, src: src, dst: dst, weight: f.weight, bias: f.bias,
        stride: 2))
    try primitive(DNNLLayers.prelu(name + ".act", engine, data: dst, slopes: f.slopes))
  }

  /// An ESP block: c1 → five dilated branches (oneDNN) → fused sums/residual/BN/PReLU (`ESPCombine`).
  private func esp(
    _ name: String, _ wt: ESPWeights, src: DNNLMemory, strided: Bool, scratch s: ESPScratch,
    dense: DNNLMemory?, slot: ChannelSlice?
  ) throws(BackendError) {
    try primitive(
      DNNLLayers.convolution(
        name + ".c1", engine, src: src, dst: s.reduced, weight: wt.c1, bias: nil,
        stride: strided ? 2 : 1, padding: strided ? 1 : 0))
    let branches = [
      ("d1", wt.d1, 1), ("d2", wt.d2, 2), ("d4", wt.d4, 4), ("d8", wt.d8, 8), ("d16", wt.d16, 16),
    ]
    for (i, (label, weight, dilation)) in branches.enumerated() {
      try sameConv3x3(
        "\(name).\(label)", src: s.reduced, dst: s.branches[i], weight: weight, bias: nil, dilation: dilation,
        h: s.h, w: s.w)
    }
    let total = wt.n1 + 4 * wt.n
    let residual = strided ? nil : ChannelSlice.channelsLast(src.floats, channels: total)
    let combine = ESPCombine(
      n: wt.n, n1: wt.n1, branches: s.branches.map(\.floats), residual: residual,
      dense: dense?.floats, slot: slot, affine: wt.affine)
    let pixels = s.pixels
    kernel(name + " (sum+bn+prelu)", combine) { combine.run(pixels: pixels) }
  }

  // MARK: - Running

  /// Runs every step on `batch` (N×3×H×W, checked by the caller); `timer` sees each step.
  func run(_ batch: Tensor, timer: StepTimer?) throws -> (da: Tensor, ll: Tensor) {
    var da = [Float](repeating: 0, count: n * 2 * h * w)
    var ll = da
    try batch.data.withUnsafeBufferPointer { src in
      try da.withUnsafeMutableBufferPointer { daBuffer in
        try ll.withUnsafeMutableBufferPointer { llBuffer in
          drivableOut = daBuffer.baseAddress!
          laneOut = llBuffer.baseAddress!
          try input.setHandle(UnsafeMutableRawPointer(mutating: src.baseAddress!), name: "input")
          for step in steps {
            if let timer { try timer.time(step.name, step.run) } else { try step.run() }
          }
          try engine.wait()
        }
      }
    }
    return (Tensor(shape: [n, 2, h, w], data: da), Tensor(shape: [n, 2, h, w], data: ll))
  }
}

/// Intermediate buffers of the ESP blocks at one resolution (reused by every block there).
final class ESPScratch {
  let reduced: DNNLMemory
  let branches: [DNNLMemory]
  let pixels: Int, h: Int, w: Int

  init(_ engine: DNNLEngine, n: Int, h: Int, w: Int, nBranch: Int, n1: Int) throws(BackendError) {
    reduced = try DNNLMemory(engine, activation: n, nBranch, h, w, name: "esp.c1")
    var b: [DNNLMemory] = [try DNNLMemory(engine, activation: n, n1, h, w, name: "esp.d1")]
    for _ in 0..<4 { b.append(try DNNLMemory(engine, activation: n, nBranch, h, w, name: "esp.d")) }
    branches = b
    pixels = n * h * w
    (self.h, self.w) = (h, w)
  }
}
