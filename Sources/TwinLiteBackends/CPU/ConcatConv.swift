internal import CTwinLiteDNNL
import Foundation

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

/// A 3×3 convolution whose input is a concatenation (TwinLiteNet's b1, b2, b3). Every candidate
/// that builds at the dispatched ISA with fast code is timed on this layer's shape, at the plan's
/// thread count, and the fastest is kept; the kernels that produce the concatenated tensors then
/// write straight into `input` in its layout.
///
/// A process measures each layer shape once (see `decisions`). Candidates, in the order that breaks
/// ties: oneDNN's Winograd (AVX-512 only in oneDNN 2.6), the
/// backend's own Winograd F(3,3) in `nhwc`, direct convolution in the layout oneDNN picks (`any`)
/// and in `nhwc` (the two direct ones swapped when blocks of 8 would pad the channels by more than
/// 10 %, as b1's 19 channels). Which wins depends on the shape and the CPU (AVX-512, 2 threads: the
/// own Winograd for b1 and b3, oneDNN's for b2), hence the measurement rather than a fixed order.
final class ConcatConv {
  struct Candidate {
    let label: String
    let algorithm: dnnl_alg_kind_t
    let format: dnnl_format_tag_t
    /// The backend's own Winograd kernel rather than oneDNN.
    var own = false
  }

  /// One built candidate: oneDNN's primitive, or the own kernel when `primitive` is nil.
  private struct Built {
    let primitive: DNNLPrimitive?
    let winograd: Winograd3x3?
    let input: DNNLMemory, output: DNNLMemory
    let inputBlocking: ChannelBlocking, outputBlocking: ChannelBlocking

    var implementation: String { primitive?.implementation ?? ConcatConv.ownWinograd }
    /// The implementation and the input layout, e.g. `jit:avx2/nChw8c` (two direct candidates can
    /// share an implementation name).
    var variant: String { implementation + "/" + inputBlocking.tag }

    func run(_ engine: DNNLEngine) throws(BackendError) {
      if let primitive {
        try primitive.execute(engine)
        try engine.wait()
      } else {
        winograd?.run()
      }
    }
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
  /// The candidates that could not be built, each with what it gave (empty: all of them built).
  let skipped: [String]
  /// Every built candidate with its implementation, input layout and fastest time, in candidate
  /// order, e.g. `jit_wino_4x3:avx512_core/nChw16c 9.104 ms`.
  let measured: [String]

  var implementation: String { primitive?.implementation ?? Self.ownWinograd }
  /// `implementation/layout` of the input, e.g. `jit_wino_4x3:avx512_core/nChw16c`.
  var variant: String { implementation + "/" + inputBlocking.tag }

  /// The candidates run in turns, `rounds` times after one warm-up run each, so that a burst of
  /// load on a shared machine hits all of them; each one's fastest run counts. After two rounds
  /// (one unlucky run is no verdict), one slower than `cutoff` × the best so far sits out the rest. Times within `tie` of the best count as
  /// equal, and the earlier candidate wins.
  private static let rounds = 4, cutoff = 1.5, tie = 0.02

  /// `TWINLITE_CPU_CONV=first`: keep the first candidate that builds, unmeasured, so that runs
  /// whose work must not depend on timing (instruction counts under valgrind, bit-identical
  /// results across processes) always run the same kernels.
  static let unmeasured = ProcessInfo.processInfo.environment["TWINLITE_CPU_CONV"] == "first"

  init(_ name: String, _ engine: DNNLEngine, _ f: FoldedConv, n: Int, h: Int, w: Int) throws(BackendError) {
    let cin = f.weight.shape[1]
    (self.n, channels, self.h, self.w) = (n, cin, h, w)
    var attempts: [String] = []
    var built: [(label: String, built: Built)] = []
    // Unmeasured, the first candidate that builds is used: building the others would be waste.
    for candidate in Self.candidates(channels: cin) where !(Self.unmeasured && !built.isEmpty) {
      switch try Self.build(candidate, name, engine, f, n: n, h: h, w: w) {
      case .failure(let reason): attempts.append("\(candidate.label): \(reason)")
      case .success(let b): built.append((candidate.label, b))
      }
    }
    guard !built.isEmpty else {
      throw .noImplementation(layer: name, isa: DNNLRuntime.isa, attempts: attempts)
    }
    let key =
      "\(name) \(f.weight.shape) \(h)×\(w) threads \(OpenMP.maxThreads) \(DNNLRuntime.isa) \(engine.excluded)"
    var decision = Self.recall(key)
    if decision == nil, Self.unmeasured {
      decision = Decision(label: built[0].label, measured: [])
    } else if decision == nil {
      let times = try Self.race(built.map(\.built), engine)
      let fastest = times.min()!
      decision = Self.remember(
        key,
        Decision(
          label: built[times.firstIndex { $0 <= fastest * (1 + Self.tie) }!].label,
          measured: zip(built, times).map { "\($0.built.variant) " + String(format: "%.3f ms", $1) }))
    }
    let chosen = built.first { $0.label == decision!.label }!.built
    (primitive, winograd, input, output) = (chosen.primitive, chosen.winograd, chosen.input, chosen.output)
    (inputBlocking, outputBlocking) = (chosen.inputBlocking, chosen.outputBlocking)
    skipped = attempts
    measured = decision!.measured
  }

  /// What one measurement decided: the candidate and every candidate's time.
  private struct Decision {
    let label: String
    let measured: [String]
  }

  /// Decisions made in this process, by layer, image shape, threads, ISA and exclusions: every plan
  /// for the same image shape (another batch size, another backend instance) then runs the same
  /// kernels and gives the same bits, and measures only once.
  nonisolated(unsafe) private static var decisions: [String: Decision] = [:]
  private static let lock = NSLock()

  private static func recall(_ key: String) -> Decision? {
    lock.lock()
    defer { lock.unlock() }
    return decisions[key]
  }

  /// Stores `decision` unless another plan stored one first, and returns the stored one.
  private static func remember(_ key: String, _ decision: Decision) -> Decision {
    lock.lock()
    defer { lock.unlock() }
    if let first = decisions[key] { return first }
    decisions[key] = decision
    return decision
  }

  private enum Outcome {
    case success(Built)
    case failure(String)
  }

  private static func build(
    _ candidate: Candidate, _ name: String, _ engine: DNNLEngine, _ f: FoldedConv, n: Int, h: Int, w: Int
  ) throws(BackendError) -> Outcome {
    let (cin, cout) = (f.weight.shape[1], f.weight.shape[0])
    if candidate.own {
      guard engine.accepts(implementation: ownWinograd) else { return .failure("excluded") }
      let input = try DNNLMemory(engine, activation: n, cin, h, w, name: name + ".input")
      let output = try DNNLMemory(engine, activation: n, cout, h, w, name: name + ".output")
      let nhwc = { (c: Int) in ChannelBlocking(tag: "nhwc", block: c) }
      let own = Winograd3x3(src: input, dst: output, weight: f.weight, bias: f.bias, n: n, h: h, w: w)
      return .success(
        Built(
          primitive: nil, winograd: own, input: input, output: output, inputBlocking: nhwc(cin),
          outputBlocking: nhwc(cout)))
    }
    let src = try MemoryDesc.make([n, cin, h, w], candidate.format, name: name)
    let dst = try MemoryDesc.make([n, cout, h, w], candidate.format, name: name)
    let p: DNNLPrimitive
    do {
      p = try DNNLLayers.convolution(
        name, engine, src: src, dst: dst, weight: f.weight, bias: f.bias, padding: 1,
        algorithm: candidate.algorithm)
    } catch .dnnl(_, _, let status) where status == 3 {
      return .failure("unimplemented")
    } catch .noImplementation(_, _, let rejected) {
      return .failure(rejected.joined(separator: ", "))
    }
    guard let srcMD = p.queryDesc(dnnl_query_src_md), let dstMD = p.queryDesc(dnnl_query_dst_md),
      let inBlocking = ChannelBlocking.of(srcMD, [n, cin, h, w]),
      let outBlocking = ChannelBlocking.of(dstMD, [n, cout, h, w])
    else {
      return .failure("\(p.implementation) wants a layout the kernels cannot use")
    }
    let input = try DNNLMemory(engine, srcMD, name: name + ".input")
    let output = try DNNLMemory(engine, dstMD, name: name + ".output")
    p.bind(DNNLArg.src, input)
    p.bind(DNNLArg.dst, output)
    return .success(
      Built(
        primitive: p, winograd: nil, input: input, output: output, inputBlocking: inBlocking,
        outputBlocking: outBlocking))
  }

  /// Each candidate's fastest run in milliseconds (wall time: the plan's threads all work), rounded to
  /// the microseconds shown so that the record states exactly what decided.
  private static func race(_ built: [Built], _ engine: DNNLEngine) throws(BackendError) -> [Double] {
    let clock = ContinuousClock()
    for b in built { try b.run(engine) }
    var fastest = [Double](repeating: .infinity, count: built.count)
    for round in 0..<rounds {
      let best = fastest.min()!
      for (i, b) in built.enumerated() where round < 2 || fastest[i] <= cutoff * best {
        let start = clock.now
        try b.run(engine)
        let c = (clock.now - start).components
        fastest[i] = min(fastest[i], Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15)
      }
    }
    return fastest.map { ($0 * 1000).rounded() / 1000 }
  }

  /// Where the producer of input channels `offset…` writes.
  func slot(_ offset: Int) -> ChannelSlice {
    .blocked(input.floats, channels: channels, plane: h * w, offset: offset, block: inputBlocking.block)
  }
}
