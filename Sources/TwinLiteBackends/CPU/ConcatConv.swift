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

/// A 3×3 convolution + BN + PReLU whose input is a concatenation (TwinLiteNet's b1, b2, b3), with
/// its result channels-last in `result`. Every candidate that builds at the dispatched ISA with fast
/// code is timed on this layer's shape, at the plan's thread count, conv and PReLU together, and the
/// fastest is kept; the kernels that produce the concatenated tensors then write straight into
/// `input` in its layout.
///
/// A process measures each layer shape once (see `decisions`). Candidates, in the order that breaks
/// ties: oneDNN's Winograd (AVX-512 only in oneDNN 2.6), the backend's own Winograd F(4,3) and
/// F(3,3) in `nhwc` with PReLU fused, direct convolution in the layout oneDNN picks (`any`) and in
/// `nhwc` (the two direct ones swapped when blocks of 8 would pad the channels by more than 10 %, as
/// b1's 19 channels). oneDNN's candidates are followed by a PReLU pass that also returns the result
/// to `nhwc`. Which wins depends on the shape and the CPU, hence the measurement rather than a fixed
/// order.
final class ConcatConv {
  struct Candidate {
    let label: String
    let algorithm: dnnl_alg_kind_t
    let format: dnnl_format_tag_t
    /// The output tile of the backend's own Winograd kernel (PReLU fused), or nil for oneDNN.
    var ownTile: Int? = nil
  }

  /// One built candidate: oneDNN's primitive (then PReLU), or the own kernel when `primitive` is nil.
  private struct Built {
    let primitive: DNNLPrimitive?
    let winograd: WinogradConv?
    let input: DNNLMemory, output: DNNLMemory
    let inputBlocking: ChannelBlocking, outputBlocking: ChannelBlocking
    /// PReLU from the primitive's output into `result` (nil for the own kernel, which applies it).
    var activation: (() -> Void)? = nil

    var implementation: String {
      primitive?.implementation ?? WinogradConv.implementation(tile: winograd!.tile)
    }
    /// The implementation and the input layout, e.g. `jit:avx2/nChw8c` (two direct candidates can
    /// share an implementation name); `+prelu` where the kernel applies PReLU itself.
    var variant: String { implementation + "/" + inputBlocking.tag + (primitive == nil ? "+prelu" : "") }

    /// Conv and PReLU.
    func run(_ engine: DNNLEngine) throws(BackendError) {
      if let primitive {
        try primitive.execute(engine)
        try engine.wait()
      } else {
        winograd?.run()
      }
      activation?()
    }
  }

  static func candidates(channels: Int) -> [Candidate] {
    let winograd = Candidate(
      label: "winograd", algorithm: dnnl_convolution_winograd, format: dnnl_format_tag_any)
    let own = [4, 3].map { (tile: Int) in
      Candidate(
        label: "own winograd \(tile)x3", algorithm: dnnl_convolution_winograd, format: dnnl_nhwc,
        ownTile: tile)
    }
    let blocked = Candidate(label: "direct", algorithm: dnnl_convolution_direct, format: dnnl_format_tag_any)
    let channelsLast = Candidate(
      label: "direct nhwc", algorithm: dnnl_convolution_direct, format: dnnl_nhwc)
    let padded = (channels + 7) / 8 * 8
    return [winograd] + own
      + (10 * (padded - channels) > channels ? [channelsLast, blocked] : [blocked, channelsLast])
  }

  /// oneDNN's primitive, or nil when `winograd` (the own kernel) runs.
  let primitive: DNNLPrimitive?
  let winograd: WinogradConv?
  /// The concatenated input, in `inputBlocking`; the primitive's output, in `outputBlocking` (the
  /// own kernel's output is `result`).
  let input: DNNLMemory, output: DNNLMemory
  let inputBlocking: ChannelBlocking, outputBlocking: ChannelBlocking
  /// After `activate` (or the own kernel): PReLU(conv), dense channels-last.
  let result: DNNLMemory
  let n: Int, channels: Int, h: Int, w: Int
  /// The candidates that could not be built, each with what it gave (empty: all of them built).
  let skipped: [String]
  /// Every built candidate with its implementation, input layout and fastest time, in candidate
  /// order, e.g. `jit_wino_4x3:avx512_core/nChw16c 9.104 ms`.
  let measured: [String]
  private let activation: (() -> Void)?

  /// The chosen candidate's implementation and input layout, e.g. `jit_wino_4x3:avx512_core/nChw16c`
  /// or `twinlite_wino_4x3:avx2/nhwc+prelu`.
  let variant: String

  /// The candidates run in turns, `rounds` times after one warm-up run each, so that a burst of
  /// load on a shared machine hits all of them; each one's fastest run counts. After two rounds
  /// (one unlucky run is no verdict), one slower than `cutoff` × the best so far sits out the rest.
  /// Times within `tie` of the best count as equal, and the earlier candidate wins.
  private static let rounds = 4, cutoff = 1.5, tie = 0.02

  /// `TWINLITE_CPU_CONV=first`: keep the first candidate that builds, unmeasured, so that runs
  /// whose work must not depend on timing (instruction counts under valgrind, bit-identical
  /// results across processes) always run the same kernels.
  static let unmeasured = ProcessInfo.processInfo.environment["TWINLITE_CPU_CONV"] == "first"

  init(_ name: String, _ engine: DNNLEngine, _ f: FoldedConv, n: Int, h: Int, w: Int) throws(BackendError) {
    let (cin, cout) = (f.weight.shape[1], f.weight.shape[0])
    precondition(cout <= 512, "\(name): the PReLU kernel takes at most 512 channels")
    (self.n, channels, self.h, self.w) = (n, cin, h, w)
    result = try DNNLMemory(engine, activation: n, cout, h, w, name: name + ".result")
    var attempts: [String] = []
    var built: [(label: String, built: Built)] = []
    // Unmeasured, the first candidate that builds is used: building the others would be waste.
    for candidate in Self.candidates(channels: cin) where !(Self.unmeasured && !built.isEmpty) {
      switch try Self.build(candidate, name, engine, f, result: result, n: n, h: h, w: w) {
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
    activation = chosen.activation
    variant = chosen.variant
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
    _ candidate: Candidate, _ name: String, _ engine: DNNLEngine, _ f: FoldedConv, result: DNNLMemory,
    n: Int, h: Int, w: Int
  ) throws(BackendError) -> Outcome {
    let (cin, cout) = (f.weight.shape[1], f.weight.shape[0])
    if let tile = candidate.ownTile {
      guard engine.accepts(implementation: WinogradConv.implementation(tile: tile)) else {
        return .failure("excluded")
      }
      let input = try DNNLMemory(engine, activation: n, cin, h, w, name: name + ".input")
      let nhwc = { (c: Int) in ChannelBlocking(tag: "nhwc", block: c) }
      let own = WinogradConv(
        tile: tile, src: input, dst: result, weight: f.weight, bias: f.bias, slopes: f.slopes, n: n,
        h: h, w: w)
      return .success(
        Built(
          primitive: nil, winograd: own, input: input, output: result, inputBlocking: nhwc(cin),
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
        outputBlocking: outBlocking,
        activation: activation(from: output, outBlocking, to: result, slopes: f.slopes, n: n, h: h, w: w)))
  }

  /// PReLU from oneDNN's output (in `outputBlocking`) into `result`; nothing for the own kernel,
  /// which applies it itself.
  func activate() { activation?() }

  /// PReLU on `output` (N×`slopes.count`×H×W in `blocking`) into the dense channels-last `result`.
  private static func activation(
    from output: DNNLMemory, _ blocking: ChannelBlocking, to result: DNNLMemory, slopes: [Float],
    n: Int, h: Int, w: Int
  ) -> () -> Void {
    let (pixels, plane, channels) = (n * h * w, h * w, Int32(slopes.count))
    let (from, to, block) = (output.floats, result.floats, Int32(blocking.block))
    // A slope for every channel of a padded block too (the kernel reads whole blocks).
    let padded = slopes + [Float](repeating: 0, count: (slopes.count + 15) / 16 * 16 - slopes.count)
    return {
      padded.withUnsafeBufferPointer { s in
        OpenMP.parallel { t, count in
          let r = OpenMP.slice(pixels, t, count)
          tl_unblock_prelu(r.lowerBound, r.upperBound, channels, block, plane, from, to, s.baseAddress)
        }
      }
    }
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
