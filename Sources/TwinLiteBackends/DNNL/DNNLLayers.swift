internal import CTwinLiteDNNL
import TwinLiteCore

/// Execution-argument ids (`DNNL_ARG_*` in dnnl_types.h).
enum DNNLArg {
  static let src: Int32 = 1
  static let src1: Int32 = 2
  static let dst: Int32 = 17
  static let weights: Int32 = 33
  static let bias: Int32 = 41
}

/// Factories for the oneDNN primitives the CPU backend uses. Each binds its memories, so the
/// result only needs `execute`.
enum DNNLLayers {
  /// A convolution `src → dst` with OIHW `weight`, optional bias, "same"-style symmetric padding.
  static func convolution(
    _ name: String, _ engine: DNNLEngine, src: DNNLMemory, dst: DNNLMemory, weight: Tensor, bias: [Float]?,
    stride: Int = 1, dilation: Int = 1, padding: Int
  ) throws(BackendError) -> DNNLPrimitive {
    let p = try convolution(
      name, engine, src: src.desc, dst: dst.desc, weight: weight, bias: bias, stride: stride,
      dilation: dilation, padding: padding)
    p.bind(DNNLArg.src, src)
    p.bind(DNNLArg.dst, dst)
    return p
  }

  /// A convolution for activations described by `src` and `dst`, either of which may be
  /// `dnnl_format_tag_any` (the implementation then chooses: see `queryDesc`). The weights are
  /// reordered once into the layout the implementation prefers and bound with the bias; the caller
  /// binds src and dst.
  static func convolution(
    _ name: String, _ engine: DNNLEngine, src: dnnl_memory_desc_t, dst: dnnl_memory_desc_t, weight: Tensor,
    bias: [Float]?, stride: Int = 1, dilation: Int = 1, padding: Int,
    algorithm: dnnl_alg_kind_t = dnnl_convolution_direct
  ) throws(BackendError) -> DNNLPrimitive {
    precondition(weight.rank == 4, "convolution weight must be OIHW")
    var srcMD = src
    var dstMD = dst
    var weightsAny = try MemoryDesc.make(weight.shape, dnnl_format_tag_any, name: name)
    var biasMD = try MemoryDesc.make([weight.shape[0]], dnnl_x, name: name)
    var desc = dnnl_convolution_desc_t()
    let strides: [dnnl_dim_t] = [dnnl_dim_t(stride), dnnl_dim_t(stride)]
    let dilations: [dnnl_dim_t] = [dnnl_dim_t(dilation - 1), dnnl_dim_t(dilation - 1)]
    let pads: [dnnl_dim_t] = [dnnl_dim_t(padding), dnnl_dim_t(padding)]
    let status = withUnsafePointer(to: &biasMD) { b in
      dnnl_dilated_convolution_forward_desc_init(
        &desc, dnnl_forward_inference, algorithm, &srcMD, &weightsAny, bias == nil ? nil : b,
        &dstMD, strides, dilations, pads, pads)
    }
    try dnnlCheck(status, name, "dnnl_dilated_convolution_forward_desc_init")
    let p = try withUnsafePointer(to: &desc) { (d) throws(BackendError) in
      try DNNLPrimitive(name: name, engine: engine, opDesc: UnsafeRawPointer(d))
    }
    try bindWeights(p, engine, weight: weight, userTag: dnnl_oihw, bias: bias)
    return p
  }

  /// A transposed convolution (PyTorch `ConvTranspose2d`, weight (Cin, Cout, k, k), no padding).
  static func deconvolution(
    _ name: String, _ engine: DNNLEngine, src: DNNLMemory, dst: DNNLMemory, weight: Tensor, bias: [Float]?,
    stride: Int
  ) throws(BackendError) -> DNNLPrimitive {
    precondition(weight.rank == 4, "deconvolution weight must be (Cin, Cout, kH, kW)")
    // oneDNN's logical deconvolution weights are (OC, IC, kH, kW); PyTorch stores (IC, OC, …),
    // which is oneDNN's `iohw` layout of the same logical tensor.
    let logical = [weight.shape[1], weight.shape[0], weight.shape[2], weight.shape[3]]
    var srcMD = src.desc
    var dstMD = dst.desc
    var weightsAny = try MemoryDesc.make(logical, dnnl_format_tag_any, name: name)
    var biasMD = try MemoryDesc.make([logical[0]], dnnl_x, name: name)
    var desc = dnnl_deconvolution_desc_t()
    let strides: [dnnl_dim_t] = [dnnl_dim_t(stride), dnnl_dim_t(stride)]
    let zeros: [dnnl_dim_t] = [0, 0]
    let status = withUnsafePointer(to: &biasMD) { b in
      dnnl_deconvolution_forward_desc_init(
        &desc, dnnl_forward_inference, dnnl_deconvolution_direct, &srcMD, &weightsAny, bias == nil ? nil : b,
        &dstMD, strides, zeros, zeros)
    }
    try dnnlCheck(status, name, "dnnl_deconvolution_forward_desc_init")
    let p = try withUnsafePointer(to: &desc) { (d) throws(BackendError) in
      try DNNLPrimitive(name: name, engine: engine, opDesc: UnsafeRawPointer(d))
    }
    try bindWeights(
      p, engine, weight: Tensor(shape: logical, data: weight.data), userTag: dnnl_iohw, bias: bias)
    p.bind(DNNLArg.src, src)
    p.bind(DNNLArg.dst, dst)
    return p
  }

  /// Copies `weight` (plain layout `userTag`) into the primitive's preferred layout, binds it and the bias.
  private static func bindWeights(
    _ p: DNNLPrimitive, _ engine: DNNLEngine, weight: Tensor, userTag: dnnl_format_tag_t, bias: [Float]?
  ) throws(BackendError) {
    let userMD = try MemoryDesc.make(weight.shape, userTag, name: p.name)
    let user = try DNNLMemory(engine, userMD, name: p.name + ".weights")
    weight.data.withUnsafeBufferPointer { user.floats.update(from: $0.baseAddress!, count: $0.count) }
    guard let chosen = p.queryDesc(dnnl_query_weights_md) else {
      throw .dnnl(primitive: p.name, call: "dnnl_primitive_desc_query_md(weights)", status: -1)
    }
    if MemoryDesc.equal(chosen, userMD) {
      p.bind(DNNLArg.weights, user)
    } else {
      let packed = try DNNLMemory(engine, chosen, name: p.name + ".weights")
      try reorder(p.name + ".weights", engine, from: user, to: packed, once: true).execute(engine)
      try engine.wait()
      p.bind(DNNLArg.weights, packed)
    }
    if let bias {
      let b = try DNNLMemory(
        engine, MemoryDesc.make([bias.count], dnnl_x, name: p.name), name: p.name + ".bias")
      bias.withUnsafeBufferPointer { b.floats.update(from: $0.baseAddress!, count: $0.count) }
      p.bind(DNNLArg.bias, b)
    }
  }

  /// A layout/format conversion `from → to` (same logical dims). One that runs in every forward
  /// pass must not be reference code; one that runs `once` (weight packing) may.
  static func reorder(
    _ name: String, _ engine: DNNLEngine, from: DNNLMemory, to: DNNLMemory, once: Bool = false
  )
    throws(BackendError) -> DNNLPrimitive
  {
    var pd: dnnl_primitive_desc_t?
    var s = from.desc
    var d = to.desc
    try dnnlCheck(
      dnnl_reorder_primitive_desc_create(&pd, &s, engine.engine, &d, engine.engine, nil), name,
      "dnnl_reorder_primitive_desc_create")
    guard let pd else { throw .dnnl(primitive: name, call: "dnnl_reorder_primitive_desc_create", status: -1) }
    let implementation = DNNLPrimitive.implementation(of: pd)
    guard once || engine.accepts(implementation: implementation) else {
      dnnl_primitive_desc_destroy(pd)
      throw .noImplementation(layer: name, isa: DNNLRuntime.isa, attempts: ["only \(implementation)"])
    }
    let p = try DNNLPrimitive(name: name, descriptor: pd)
    p.bind(DNNLArg.src, from)
    p.bind(DNNLArg.dst, to)
    return p
  }

  /// PyTorch `AvgPool2d(3, stride 2, padding 1)` with `count_include_pad=True`.
  static func averagePool3x3s2(_ name: String, _ engine: DNNLEngine, src: DNNLMemory, dst: DNNLMemory)
    throws(BackendError) -> DNNLPrimitive
  {
    var s = src.desc
    var d = dst.desc
    var desc = dnnl_pooling_v2_desc_t()
    let two: [dnnl_dim_t] = [2, 2]
    let three: [dnnl_dim_t] = [3, 3]
    let zero: [dnnl_dim_t] = [0, 0]
    let one: [dnnl_dim_t] = [1, 1]
    try dnnlCheck(
      dnnl_pooling_v2_forward_desc_init(
        &desc, dnnl_forward_inference, dnnl_pooling_avg_include_padding, &s, &d, two, three, zero, one, one),
      name, "dnnl_pooling_v2_forward_desc_init")
    let p = try withUnsafePointer(to: &desc) { (q) throws(BackendError) in
      try DNNLPrimitive(name: name, engine: engine, opDesc: UnsafeRawPointer(q))
    }
    p.bind(DNNLArg.src, src)
    p.bind(DNNLArg.dst, dst)
    return p
  }

  /// Per-channel PReLU applied in place on an N×C×H×W activation.
  static func prelu(_ name: String, _ engine: DNNLEngine, data: DNNLMemory, slopes: [Float])
    throws(BackendError) -> DNNLPrimitive
  {
    var d = data.desc
    var w = try MemoryDesc.make([1, slopes.count, 1, 1], dnnl_nhwc, name: name)
    var desc = dnnl_prelu_desc_t()
    try dnnlCheck(
      dnnl_prelu_forward_desc_init(&desc, dnnl_forward_inference, &d, &w), name,
      "dnnl_prelu_forward_desc_init")
    let p = try withUnsafePointer(to: &desc) { (q) throws(BackendError) in
      try DNNLPrimitive(name: name, engine: engine, opDesc: UnsafeRawPointer(q))
    }
    let weights = try DNNLMemory(engine, w, name: name + ".slopes")
    slopes.withUnsafeBufferPointer { weights.floats.update(from: $0.baseAddress!, count: $0.count) }
    p.bind(DNNLArg.src, data)
    p.bind(DNNLArg.weights, weights)
    p.bind(DNNLArg.dst, data)
    return p
  }

  /// `a += b` element-wise (same shape and layout).
  static func addInPlace(_ name: String, _ engine: DNNLEngine, _ a: DNNLMemory, _ b: DNNLMemory)
    throws(BackendError) -> DNNLPrimitive
  {
    var x = a.desc
    var y = b.desc
    var z = a.desc
    var desc = dnnl_binary_desc_t()
    try dnnlCheck(dnnl_binary_desc_init(&desc, dnnl_binary_add, &x, &y, &z), name, "dnnl_binary_desc_init")
    let p = try withUnsafePointer(to: &desc) { (q) throws(BackendError) in
      try DNNLPrimitive(name: name, engine: engine, opDesc: UnsafeRawPointer(q))
    }
    p.bind(DNNLArg.src, a)
    p.bind(DNNLArg.src1, b)
    p.bind(DNNLArg.dst, a)
    return p
  }
}
