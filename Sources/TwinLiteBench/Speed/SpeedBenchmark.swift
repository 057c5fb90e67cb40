import Foundation
import TwinLiteBackends
import TwinLiteCore
import TwinLiteModel
import TwinLiteNN
import TwinLitePlugin

/// What `twinlite-bench speed` measures.
public struct SpeedOptions: Sendable {
  /// Checkpoint path; nil uses `TwinLiteNet.randomWeights(seed:)` (same shapes, fixed seed).
  public var weights: String?
  public var backend: String = "cpu"
  public var threads: Int = 2
  public var batch: Int = 1
  public var warmup: Int = 5
  public var runs: Int = 30
  public var height: Int = 360
  public var width: Int = 640
  public var pam: PAMMode = .skipWhenExact
  public var profile: Bool = false
  /// Extra `key=value;…` options for a `plugin:PATH` backend.
  public var pluginOptions: String = ""
  /// What the per-op profile measures (wall time, or the calling thread's CPU time).
  public var profileMeasure: StepTimer.Measure = .wall

  public init() {}
}

/// Timings of one `speed` run. Times are per forward pass of the whole batch unless named per frame.
public struct SpeedResult: Sendable {
  public struct ProfileRow: Sendable {
    public let name: String
    /// Mean milliseconds per forward pass.
    public let milliseconds: Double
    /// Fastest single call, milliseconds.
    public let best: Double
    /// What ran it: oneDNN's implementation name, or `twinlite:<variant>` for the backend's C kernels.
    public let implementation: String
  }

  /// The oneDNN the `cpu` backend ran on and the ISA it dispatched to (nil for other backends).
  public struct Dispatch: Sendable {
    public let oneDNNVersion: String
    /// oneDNN's name, e.g. `AVX2`, `AVX512_CORE`.
    public let isa: String
    /// The variant of the backend's C kernels: `avx512`, `avx2` or `x86-64`.
    public let kernels: String
  }

  public let options: SpeedOptions
  public let weightsDescription: String
  /// A plugin's own one-line description (engine, precision, device), nil for builtin backends.
  public var pluginDescription: String?
  /// End to end: each `infer` call, host memory in and out.
  public let samples: [Double]
  /// What the plugin measured itself for the same calls (ABI version 2), empty when it offers none.
  public var device = DeviceSamples()
  public let profile: [ProfileRow]
  /// Images (of the last pass) whose position attention the exactness bound skipped, `cpu` only.
  public let pamSkipped: Int?
  public let dispatch: Dispatch?
  /// Load and spread around the timing, when it was judged (`TimingGuard`).
  public var verdict: TimingVerdict?

  /// A plugin's own per-call timings: the forward pass on device-resident buffers and the copies.
  public struct DeviceSamples: Sendable {
    public var forward: [Double] = []
    public var upload: [Double] = []
    public var download: [Double] = []
  }

  public var sorted: [Double] { samples.sorted() }
  public var medianMilliseconds: Double { Self.quantile(sorted, 0.5) }
  public var p90Milliseconds: Double { Self.quantile(sorted, 0.9) }
  public var meanMilliseconds: Double { samples.reduce(0, +) / Double(max(samples.count, 1)) }
  public var minMilliseconds: Double { sorted.first ?? 0 }
  public var medianPerFrame: Double { medianMilliseconds / Double(options.batch) }
  public var framesPerSecond: Double { Double(options.batch) * 1000 / medianMilliseconds }

  /// Linear interpolation between order statistics (numpy's default).
  static func quantile(_ s: [Double], _ q: Double) -> Double {
    guard !s.isEmpty else { return 0 }
    let position = q * Double(s.count - 1)
    let lo = Int(position.rounded(.down))
    let hi = min(lo + 1, s.count - 1)
    return s[lo] + (s[hi] - s[lo]) * (position - Double(lo))
  }
}

/// Times `backend.infer` on a fixed random batch. Only the forward pass is timed (input already in
/// memory as N×3×H×W floats; no JPEG decode, resize or mask extraction), with `ContinuousClock`.
public enum SpeedBenchmark {
  public static func run(_ options: SpeedOptions) throws -> SpeedResult {
    if let problem = BenchLimits.problem(
      threads: options.threads, batch: options.batch, runs: options.runs, warmup: options.warmup)
    {
      throw problem
    }
    try MemoryEstimate.check(batch: options.batch, height: options.height, width: options.width)
    let description: String
    let backend: any InferenceBackend
    if BackendFactory.isPlugin(options.backend) {
      guard let path = options.weights else {
        throw BenchError.invalidOption(
          name: "weights", reason: "a plugin backend needs it (the file the plugin loads)")
      }
      backend = try BackendFactory.makePlugin(
        options.backend, modelPath: path, threads: options.threads,
        extraOptions: options.pluginOptions)
      description = path
    } else {
      let stateDict: StateDict
      if let path = options.weights {
        stateDict = try StateDict(contentsOf: path)
        description = path
      } else {
        stateDict = TwinLiteNet.randomWeights()
        description = "random (TwinLiteNet.randomWeights, fixed seed)"
      }
      backend = try BackendFactory.make(
        options.backend, stateDict: stateDict, source: description,
        threads: options.threads, pam: options.pam)
    }
    let input = randomInput([options.batch, 3, options.height, options.width])
    for _ in 0..<options.warmup { _ = try backend.infer(input) }
    let clock = ContinuousClock()
    var samples: [Double] = []
    var last: (da: Tensor, ll: Tensor)?
    var device = SpeedResult.DeviceSamples()
    let plugin = (backend as? PluginBackend).flatMap { $0.offersTiming ? $0 : nil }
    for _ in 0..<options.runs {
      let start = clock.now
      last = try backend.infer(input)
      samples.append(milliseconds(clock.now - start))
      // Read after the clock stopped, so that the query is not part of the end-to-end time.
      if let timing = try plugin?.lastTiming() {
        device.forward.append(timing.deviceMilliseconds)
        if let up = timing.uploadMilliseconds { device.upload.append(up) }
        if let down = timing.downloadMilliseconds { device.download.append(down) }
      }
    }
    // Checked after timing: a speed of a network that returns NaN means nothing.
    if let last {
      try FiniteLogits.check(
        last, backend: backend.name, frames: (0..<options.batch).map { "random input image \($0)" })
    }
    var rows: [SpeedResult.ProfileRow] = []
    let cpu = backend as? CPUBackend
    if options.profile, let cpu {
      let timer = StepTimer(measure: options.profileMeasure)
      cpu.timer = timer
      for _ in 0..<options.runs { _ = try cpu.infer(input) }
      cpu.timer = nil
      let implementations = Dictionary(
        cpu.planSteps.map { ($0.name, $0.implementation) }, uniquingKeysWith: { a, _ in a })
      rows = timer.entries.map {
        .init(
          name: $0.name, milliseconds: milliseconds($0.total) / Double(options.runs),
          best: milliseconds($0.best), implementation: implementations[$0.name] ?? "?")
      }
    }
    return SpeedResult(
      options: options, weightsDescription: description,
      pluginDescription: (backend as? PluginBackend)?.pluginDescription, samples: samples, device: device,
      profile: rows, pamSkipped: cpu?.lastSkippedPAMImages,
      dispatch: cpu.map { _ in
        .init(oneDNNVersion: DNNLRuntime.version, isa: DNNLRuntime.isa, kernels: DNNLRuntime.kernelVariant)
      })
  }

  static func milliseconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
  }

  /// Uniform [0, 1) values from a fixed-seed generator, like a normalised image.
  static func randomInput(_ shape: [Int]) -> Tensor {
    var state: UInt64 = 0x5EED_1234_ABCD_0001
    let count = shape.reduce(1, *)
    var data = [Float](repeating: 0, count: count)
    for i in 0..<count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      data[i] = Float(state >> 40) / Float(1 << 24)
    }
    return Tensor(shape: shape, data: data)
  }
}
