internal import CTwinLiteDNNL
import TwinLiteCore

/// Runs single CPU-backend operations on NCHW tensors, for op-level tests against plain loops.
/// Each call builds its own engine and primitives (slow to set up; not for production use).
///
/// It drives the backend's internal kernels and oneDNN wrappers, so it must live in this module;
/// `package` access keeps it out of the public API, and the tests are its only callers.
package enum OpHarness {
  /// oneDNN convolution as the backend configures it (channels-last, "same"-style padding).
  package static func convolution(
    _ x: Tensor, weight: Tensor, bias: [Float]?, stride: Int = 1, dilation: Int = 1,
    padding: Int, threads: Int = 2
  ) throws -> Tensor {
    OpenMP.setThreads(threads)
    let engine = try DNNLEngine()
    let (n, _, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let k = weight.shape[2]
    let oh = (h + 2 * padding - dilation * (k - 1) - 1) / stride + 1
    let ow = (w + 2 * padding - dilation * (k - 1) - 1) / stride + 1
    let src = try load(engine, x)
    let dst = try DNNLMemory(engine, activation: n, weight.shape[0], oh, ow, name: "dst")
    try DNNLLayers.convolution(
      "conv", engine, src: src, dst: dst, weight: weight, bias: bias, stride: stride,
      dilation: dilation, padding: padding
    ).execute(engine)
    try engine.wait()
    return store(dst, [n, weight.shape[0], oh, ow])
  }

  /// oneDNN transposed convolution with a PyTorch (Cin, Cout, k, k) weight, stride = k.
  package static func deconvolution(_ x: Tensor, weight: Tensor, bias: [Float]?) throws -> Tensor {
    let engine = try DNNLEngine()
    let (n, h, w, k) = (x.shape[0], x.shape[2], x.shape[3], weight.shape[2])
    let src = try load(engine, x)
    let dst = try DNNLMemory(engine, activation: n, weight.shape[1], h * k, w * k, name: "dst")
    try DNNLLayers.deconvolution("deconv", engine, src: src, dst: dst, weight: weight, bias: bias, stride: k)
      .execute(engine)
    try engine.wait()
    return store(dst, [n, weight.shape[1], h * k, w * k])
  }

  /// AvgPool2d(3, 2, padding 1, count_include_pad=True).
  package static func averagePool(_ x: Tensor) throws -> Tensor {
    let engine = try DNNLEngine()
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (oh, ow) = ((h - 1) / 2 + 1, (w - 1) / 2 + 1)
    let src = try load(engine, x)
    let dst = try DNNLMemory(engine, activation: n, c, oh, ow, name: "dst")
    try DNNLLayers.averagePool3x3s2("pool", engine, src: src, dst: dst).execute(engine)
    try engine.wait()
    return store(dst, [n, c, oh, ow])
  }

  /// Per-channel PReLU (oneDNN primitive, in place).
  package static func prelu(_ x: Tensor, slopes: [Float]) throws -> Tensor {
    let engine = try DNNLEngine()
    let data = try load(engine, x)
    try DNNLLayers.prelu("prelu", engine, data: data, slopes: slopes).execute(engine)
    try engine.wait()
    return store(data, x.shape)
  }

  /// The backend's own direct 3×3 convolution (stride 1, padding = dilation, at most 32 outputs).
  package static func directConvolution3x3(
    _ x: Tensor, weight: Tensor, bias: [Float]?, dilation: Int, threads: Int = 2
  ) throws -> Tensor {
    OpenMP.setThreads(threads)
    let engine = try DNNLEngine()
    let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
    let src = try load(engine, x)
    let dst = try DNNLMemory(engine, activation: n, weight.shape[0], h, w, name: "dst")
    let conv = DirectConv3x3(
      src: src, dst: dst, weight: weight, bias: bias, dilation: dilation, n: n, h: h, w: w)
    conv.run()
    return store(dst, [n, weight.shape[0], h, w])
  }

  /// The backend's own Winograd F(tile×tile, 3×3) convolution (stride 1, padding 1), then PReLU
  /// when `slopes` are given.
  package static func winogradConvolution(
    _ x: Tensor, weight: Tensor, bias: [Float], slopes: [Float]? = nil, tile: Int, threads: Int = 2
  ) throws -> Tensor {
    OpenMP.setThreads(threads)
    let engine = try DNNLEngine()
    let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
    let src = try load(engine, x)
    let dst = try DNNLMemory(engine, activation: n, weight.shape[0], h, w, name: "dst")
    WinogradConv(
      tile: tile, src: src, dst: dst, weight: weight, bias: bias, slopes: slopes, n: n, h: h, w: w
    ).run()
    return store(dst, [n, weight.shape[0], h, w])
  }

  /// Channels-last `x` copied by the concatenation kernel into channels `offset…` of a `total`-channel
  /// buffer in layout `tag` (`nhwc`, `nchw`, `nChw8c`, `nChw16c`), which oneDNN then reorders to
  /// NCHW: checks that the kernels' idea of each layout is oneDNN's. Channels outside the slot stay 0.
  package static func copyIntoSlot(_ x: Tensor, total: Int, offset: Int, tag: String) throws -> Tensor {
    let engine = try DNNLEngine()
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let dims = [n, total, h, w]
    let (format, block) = try layout(tag, channels: total)
    let slotted = try DNNLMemory(engine, MemoryDesc.make(dims, format, name: tag), name: tag)
    let slice =
      tag == "nhwc"
      ? ChannelSlice.channelsLast(slotted.floats, channels: total, offset: offset)
      : ChannelSlice.blocked(slotted.floats, channels: total, plane: h * w, offset: offset, block: block)
    let src = try load(engine, x)
    ChannelKernels.copy(src.floats, channels: c, pixels: n * h * w, to: slice, slopes: nil)
    let plain = try DNNLMemory(engine, MemoryDesc.make(dims, dnnl_nchw, name: "nchw"), name: "nchw")
    try DNNLLayers.reorder("to nchw", engine, from: slotted, to: plain, once: true).execute(engine)
    try engine.wait()
    let count = dims.reduce(1, *)
    return Tensor(shape: dims, data: Array(UnsafeBufferPointer(start: plain.floats, count: count)))
  }

  /// NCHW `x` reordered by oneDNN into layout `tag`, then back to channels-last with PReLU by the
  /// kernel that follows b1/b2/b3.
  package static func unblockPReLU(_ x: Tensor, slopes: [Float], tag: String) throws -> Tensor {
    let engine = try DNNLEngine()
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (format, block) = try layout(tag, channels: c)
    let plain = try DNNLMemory(engine, MemoryDesc.make(x.shape, dnnl_nchw, name: "nchw"), name: "nchw")
    x.data.withUnsafeBufferPointer { plain.floats.update(from: $0.baseAddress!, count: $0.count) }
    let blocked = try DNNLMemory(engine, MemoryDesc.make(x.shape, format, name: tag), name: tag)
    try DNNLLayers.reorder("to \(tag)", engine, from: plain, to: blocked, once: true).execute(engine)
    try engine.wait()
    let out = try DNNLMemory(engine, activation: n, c, h, w, name: "out")
    let padded = slopes + [Float](repeating: 0, count: (c + block - 1) / block * block - c)
    padded.withUnsafeBufferPointer {
      tl_unblock_prelu(
        0, n * h * w, Int32(c), Int32(block), h * w, blocked.floats, out.floats, $0.baseAddress)
    }
    return store(out, x.shape)
  }

  private static func layout(_ tag: String, channels: Int) throws -> (dnnl_format_tag_t, Int) {
    switch tag {
    case "nhwc": return (dnnl_nhwc, channels)
    case "nchw": return (dnnl_nchw, 1)
    case "nChw8c": return (dnnl_nChw8c, 8)
    case "nChw16c": return (dnnl_nChw16c, 16)
    default: throw BackendError.invalidOption(name: "layout", reason: "unknown layout \(tag)")
    }
  }

  /// The fused ESP tail: branches d1 (n1 channels) and d2…d16 (n each), optional residual,
  /// BN as scale/shift, PReLU slopes.
  package static func espCombine(
    branches: [Tensor], residual: Tensor?, scale: [Float], shift: [Float],
    slopes: [Float]
  ) throws -> Tensor {
    let engine = try DNNLEngine()
    let (n, h, w) = (branches[0].shape[0], branches[0].shape[2], branches[0].shape[3])
    let n1 = branches[0].shape[1]
    let nb = branches[1].shape[1]
    let total = n1 + 4 * nb
    let inputs = try branches.map { try load(engine, $0) }
    let res = try residual.map { try load(engine, $0) }
    let out = try DNNLMemory(engine, activation: n, total, h, w, name: "out")
    let combine = ESPCombine(
      n: nb, n1: n1, branches: inputs.map(\.floats),
      residual: res.map { ChannelSlice(base: $0.floats, stride: total, offset: 0) },
      dense: out.floats, slot: nil,
      affine: ChannelAffine(scale: scale, shift: shift, slopes: slopes))
    // The kernel holds raw pointers: keep their owners alive until it has run.
    withExtendedLifetime((inputs, res)) { combine.run(pixels: n * h * w) }
    return store(out, [n, total, h, w])
  }

  /// PAM with explicit 1×1 conv weights (C/8 query/key channels); returns the output and the number
  /// of images whose attention the exactness bound skipped.
  package static func positionAttention(
    _ x: Tensor, query: Tensor, queryBias: [Float], key: Tensor, keyBias: [Float], value: Tensor,
    valueBias: [Float], gamma: Float, skipWhenExact: Bool
  ) throws -> (Tensor, skipped: Int) {
    let engine = try DNNLEngine()
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let src = try load(engine, x)
    let out = try DNNLMemory(engine, activation: n, c, h, w, name: "out")
    let weights = PAMWeights(
      query: query, queryBias: queryBias, key: key, keyBias: keyBias, value: value,
      valueBias: valueBias, gamma: gamma)
    let pam = try PositionAttention(
      "pam", engine, input: src, output: out, weights: weights, n: n, h: h, w: w,
      mode: skipWhenExact ? .skipWhenExact : .compute)
    try pam.run(engine)
    try engine.wait()
    return (store(out, x.shape), pam.skippedImages)
  }

  /// CAM.
  package static func channelAttention(_ x: Tensor, gamma: Float) throws -> Tensor {
    let engine = try DNNLEngine()
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let src = try load(engine, x)
    let out = try DNNLMemory(engine, activation: n, c, h, w, name: "out")
    try ChannelAttention("cam", input: src, output: out, gamma: gamma, n: n, plane: h * w, channels: c).run()
    return store(out, x.shape)
  }

  /// The BN-folded weight and bias the backend uses for a conv → BN pair (eps 1e-3).
  package static func foldedConvolution(
    weight: Tensor, gamma: [Float], beta: [Float], mean: [Float],
    variance: [Float]
  ) throws -> (weight: Tensor, bias: [Float]) {
    let o = weight.shape[0]
    let dict = StateDictBuilder.cbr(
      weight: weight, gamma: gamma, beta: beta, mean: mean, variance: variance,
      slopes: [Float](repeating: 1, count: o))
    let folded = try WeightSource(dict: dict).cbr("m", nIn: weight.shape[1], nOut: o, kernel: weight.shape[2])
    return (folded.weight, folded.bias)
  }

  // NCHW tensor ↔ channels-last memory.
  private static func load(_ engine: DNNLEngine, _ t: Tensor) throws(BackendError) -> DNNLMemory {
    let (n, c, h, w) = (t.shape[0], t.shape[1], t.shape[2], t.shape[3])
    let m = try DNNLMemory(engine, activation: n, c, h, w, name: "input")
    let p = m.floats
    for b in 0..<n {
      for ch in 0..<c {
        for i in 0..<(h * w) { p[(b * h * w + i) * c + ch] = t.data[(b * c + ch) * h * w + i] }
      }
    }
    return m
  }

  private static func store(_ m: DNNLMemory, _ shape: [Int]) -> Tensor {
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    var out = Tensor(zeros: shape)
    let p = m.floats
    for b in 0..<n {
      for ch in 0..<c {
        for i in 0..<(h * w) { out.data[(b * c + ch) * h * w + i] = p[(b * h * w + i) * c + ch] }
      }
    }
    return out
  }
}
