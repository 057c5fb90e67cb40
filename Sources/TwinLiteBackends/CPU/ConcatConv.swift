internal import CTwinLiteDNNL

/// How an activation buffer orders its channels, in the terms the C kernels use: channels in
/// blocks of `block` per pixel plane (`nChw8c`, `nChw16c`), all in one block (`nhwc`: block = C)
/// or one per block (`nchw`: block = 1).
struct ChannelBlocking: Equatable {
  let tag: String
  let block: Int

  /// The blocking of `md` (an N×C×H×W Float32 descriptor), or nil when it is none of the four.
  static func of(_ md: dnnl_memory_desc_t, _ dims: [Int]) -> ChannelBlocking? {
    let candidates: [(String, dnnl_format_tag_t, Int)] = [
      ("nChw16c", dnnl_nChw16c, 16), ("nChw8c", dnnl_nChw8c, 8), ("nhwc", dnnl_nhwc, dims[1]),
      ("nchw", dnnl_nchw, 1),
    ]
    for (tag, format, block) in candidates {
      if let plain = try? MemoryDesc.make(dims, format, name: tag), MemoryDesc.equal(md, plain) {
        return ChannelBlocking(tag: tag, block: block)
      }
    }
    return nil
  }
}

/// A 3×3 convolution whose input is a concatenation (TwinLiteNet's b1, b2, b3), built with the
/// first candidate that runs at the dispatched ISA with fast code. The kernels that produce the
/// concatenated tensors write straight into `input` in the chosen layout.
///
/// Order, from per-layer timings (1 thread, reports/inference-cpu.md): oneDNN's Winograd where it
/// exists (AVX-512: b2 18 ms against 47 ms direct); else the backend's own Winograd F(3,3) in
/// `nhwc` (AVX2: b2 25 ms); else direct convolution in the layout oneDNN picks (`any`: blocks of 8
/// on AVX2; b2 46 ms against 75 ms in nhwc), but channels-last first when blocks of 8 would pad
/// the channels by more than 10 % (b1, 19 → 24: 4.5 ms against 5.6 ms).
final class ConcatConv {
  struct Candidate {
    let label: String
    let algorithm: dnnl_alg_kind_t
    let format: dnnl_format_tag_t
    /// The backend's own Winograd kernel rather than oneDNN.
    var own = false
  }

  /// The own Winograd kernel's implementation name, e.g. `twinlite_wino_3x3:avx2`.
  static var ownWinograd: String { "twinlite_wino_3x3:" + DNNLRuntime.kernelVariant }

  static func candidates(channels: Int) -> [Candidate] {
    let winograd = Candidate(
      label: "winograd", algorithm: dnnl_convolution_winograd, format: dnnl_format_tag_any)
    let own = Candidate(
      label: "own winograd", algorithm: dnnl_convolution_winograd, format: dnnl_nhwc, own: true)
    let blocked = Candidate(label: "direct", algorithm: dnnl_convolution_direct, format: dnnl_format_tag_any)
    let channelsLast = Candidate(
      label: "direct nhwc", algorithm: dnnl_convolution_direct, format: dnnl_nhwc)
    let padded = (channels + 7) / 8 * 8
    return 10 * (padded - channels) > channels
      ? [winograd, own, channelsLast, blocked] : [winograd, own, blocked, channelsLast]
  }

  /// oneDNN's primitive, or nil when `winograd` (the own kernel) runs.
  let primitive: DNNLPrimitive?
  let winograd: Winograd3x3?
  let input: DNNLMemory, output: DNNLMemory
  let inputBlocking: ChannelBlocking, outputBlocking: ChannelBlocking
  let n: Int, channels: Int, h: Int, w: Int
  /// The candidates tried before the one used, each with what it gave (empty: the first was used).
  let skipped: [String]

  var implementation: String { primitive?.implementation ?? Self.ownWinograd }

  init(_ name: String, _ engine: DNNLEngine, _ f: FoldedConv, n: Int, h: Int, w: Int) throws(BackendError) {
    let (cin, cout) = (f.weight.shape[1], f.weight.shape[0])
    (self.n, channels, self.h, self.w) = (n, cin, h, w)
    var attempts: [String] = []
    var built: (DNNLPrimitive, ChannelBlocking, ChannelBlocking)?
    for candidate in Self.candidates(channels: cin) {
      if candidate.own {
        guard engine.accepts(implementation: Self.ownWinograd) else {
          attempts.append("\(candidate.label): excluded")
          continue
        }
        input = try DNNLMemory(engine, activation: n, cin, h, w, name: name + ".input")
        output = try DNNLMemory(engine, activation: n, cout, h, w, name: name + ".output")
        let nhwc = { (c: Int) in ChannelBlocking(tag: "nhwc", block: c) }
        (inputBlocking, outputBlocking) = (nhwc(cin), nhwc(cout))
        winograd = Winograd3x3(
          src: input, dst: output, weight: f.weight, bias: f.bias, n: n, h: h, w: w)
        (primitive, skipped) = (nil, attempts)
        return
      }
      let src = try MemoryDesc.make([n, cin, h, w], candidate.format, name: name)
      let dst = try MemoryDesc.make([n, cout, h, w], candidate.format, name: name)
      let p: DNNLPrimitive
      do {
        p = try DNNLLayers.convolution(
          name, engine, src: src, dst: dst, weight: f.weight, bias: f.bias, padding: 1,
          algorithm: candidate.algorithm)
      } catch .dnnl(_, _, let status) where status == 3 {
        attempts.append("\(candidate.label): unimplemented")
        continue
      } catch .noImplementation(_, _, let rejected) {
        attempts.append("\(candidate.label): \(rejected.joined(separator: ", "))")
        continue
      }
      guard let srcMD = p.queryDesc(dnnl_query_src_md), let dstMD = p.queryDesc(dnnl_query_dst_md),
        let inBlocking = ChannelBlocking.of(srcMD, [n, cin, h, w]),
        let outBlocking = ChannelBlocking.of(dstMD, [n, cout, h, w])
      else {
        attempts.append("\(candidate.label): \(p.implementation) wants a layout the kernels cannot use")
        continue
      }
      built = (p, inBlocking, outBlocking)
      break
    }
    guard let (p, inBlocking, outBlocking) = built else {
      throw .noImplementation(layer: name, isa: DNNLRuntime.isa, attempts: attempts)
    }
    guard let srcMD = p.queryDesc(dnnl_query_src_md), let dstMD = p.queryDesc(dnnl_query_dst_md) else {
      throw .dnnl(primitive: name, call: "dnnl_primitive_desc_query_md", status: -1)
    }
    input = try DNNLMemory(engine, srcMD, name: name + ".input")
    output = try DNNLMemory(engine, dstMD, name: name + ".output")
    p.bind(DNNLArg.src, input)
    p.bind(DNNLArg.dst, output)
    (primitive, winograd, skipped) = (p, nil, attempts)
    (inputBlocking, outputBlocking) = (inBlocking, outBlocking)
  }

  /// Where the producer of input channels `offset…` writes.
  func slot(_ offset: Int) -> ChannelSlice {
    .blocked(input.floats, channels: channels, plane: h * w, offset: offset, block: inputBlocking.block)
  }
}
