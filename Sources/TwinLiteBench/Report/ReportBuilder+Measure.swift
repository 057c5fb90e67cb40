import Foundation
import TwinLiteCore
import TwinLiteModel

/// What `twinlite-bench report` measures before rendering.
public struct ReportOptions: Sendable {
  public var weights: String?
  public var data: String?
  public var split = "val"
  public var batch = 16
  public var threads = 2
  public var speedRuns = 10
  /// `plugin:PATH` backends timed for Table I beside the builtin ones.
  public var plugins: [String] = []
  /// The file the plugins load (default: `weights`), and their extra options.
  public var pluginWeights: String?
  public var pluginOptions = ""
  public var ablation = AblationOptions()
  public var command = "twinlite-bench report"
  /// What `data` is (printed beside every measured accuracy figure and on the chart).
  public var dataDescription: String?
  /// Longest wait for a quiet machine (and retries of a spread-out timing) per timing, seconds.
  public var maxTimingWait = 60.0

  public init() {}
}

extension ReportBuilder {
  /// Measures what can be measured now: params/MACs, forward speed on `cpu` and `reference`, the
  /// ablation; accuracy is run when both weights and data are given, otherwise taken from the
  /// newest accuracy run in `data`'s catalog.
  public static func measure(_ options: ReportOptions, log: (String) -> Void = { _ in }) throws
    -> ReportInputs
  {
    let table = try ModelReports.table(weights: options.weights)
    var speeds: [ReportSpeed] = []
    // cpu at the requested threads and, when that is more than one, at one thread too: OpenMP's
    // spinning barriers suffer badly on an oversubscribed (shared) machine.
    var plans = [("cpu", options.threads, 3, options.speedRuns)]
    if options.threads > 1 { plans.append(("cpu", 1, 3, options.speedRuns)) }
    plans.append(("reference", options.threads, 1, max(3, options.speedRuns / 3)))
    for (backend, threads, warmup, runs) in plans {
      var s = SpeedOptions()
      s.weights = options.weights
      s.backend = backend
      s.threads = threads
      s.warmup = warmup
      s.runs = runs
      let (result, verdict) = try TimingGuard(maxWait: options.maxTimingWait).measure {
        try SpeedBenchmark.run(s)
      }
      speeds.append(
        ReportSpeed(
          backend: backend, threads: result.threadsUsed, batch: 1, fps: result.framesPerSecond,
          warmup: warmup, runs: runs, note: verdict.note))
      log(
        String(
          format: "speed %@, %d threads: %.2f FPS%@", backend, result.threadsUsed, result.framesPerSecond,
          verdict.note.map { " (\($0))" } ?? ""))
    }
    speeds += try measurePlugins(options, log: log)
    var accuracy: AccuracySummary?
    var laneIoUs: [Double] = []
    if let data = options.data {
      if let weights = options.weights {
        var a = AccuracyOptions(data: data, weights: weights)
        a.split = options.split
        a.batch = options.batch
        a.backend = "cpu"
        a.threads = options.threads
        let result = try AccuracyRunner.run(a, log: log)
        accuracy = result.summary
        laneIoUs = result.images.map { $0.confusion.lane.foregroundIoU }
      } else if let newest = try AccuracyHistory.newest(data: data) {
        accuracy = newest.summary
        laneIoUs = newest.images.map(\.llIoU)
      }
    }
    var ablation = options.ablation
    ablation.threads = options.threads
    if ablation.data == nil { ablation.data = options.data }
    let rows = try AblationRunner.run(ablation, log: log)
    return ReportInputs(
      environment: ReportEnvironment.current(threads: options.threads),
      weightsSHA256: try options.weights.map { try SHA256.hex(fileAt: $0) },
      params: table.totalParameters,
      macs: table.totalMACs, speeds: speeds, accuracy: accuracy, laneIoUs: laneIoUs, ablation: rows,
      command: options.command, dataDescription: options.dataDescription)
  }
}

extension ReportBuilder {
  /// Each plugin at batch 1: its end-to-end time and, when it offers one (ABI version 2), its own
  /// device time of the same calls, as two labelled rows.
  static func measurePlugins(_ options: ReportOptions, log: (String) -> Void) throws -> [ReportSpeed] {
    var speeds: [ReportSpeed] = []
    for plugin in options.plugins {
      guard BackendFactory.isPlugin(plugin) else {
        throw BenchError.invalidOption(
          name: "backend", reason: "\(plugin): report times plugin:PATH backends only")
      }
      guard let weights = options.pluginWeights ?? options.weights else {
        throw BenchError.invalidOption(
          name: "backend", reason: "\(plugin) needs --plugin-weights or --weights")
      }
      var s = SpeedOptions()
      s.weights = weights
      s.backend = plugin
      s.threads = options.threads
      s.pluginOptions = options.pluginOptions
      s.warmup = 10
      s.runs = options.speedRuns
      let result = try SpeedBenchmark.run(s)
      func row(_ timing: String, _ fps: Double) -> ReportSpeed {
        ReportSpeed(
          backend: plugin, threads: options.threads, batch: 1, fps: fps, warmup: s.warmup, runs: s.runs,
          timing: timing, plugin: result.pluginDescription ?? plugin)
      }
      speeds.append(row("end-to-end", result.framesPerSecond))
      if !result.device.forward.isEmpty { speeds.append(row("device", result.deviceFramesPerSecond)) }
      log(String(format: "speed %@: %.2f FPS end-to-end", plugin, result.framesPerSecond))
    }
    return speeds
  }
}
