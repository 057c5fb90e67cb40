import TwinLiteModel

/// One measured forward-pass speed (batch 1 unless stated).
public struct ReportSpeed: Sendable, Equatable, Codable {
  public var backend: String
  /// Threads of this measurement (the cpu backend's OpenMP threads; the reference path uses Dispatch).
  public var threads: Int
  public var batch: Int
  public var fps: Double
  public var warmup: Int
  public var runs: Int
  /// Plugins only: "end-to-end" (the infer call, host memory in and out) or "device" (the plugin's
  /// own timing of the forward pass on device-resident buffers); nil for the builtin backends.
  public var timing: String?
  /// Plugins only: the plugin's description (engine, precision, device).
  public var plugin: String?
  /// "machine busy: unreliable (…)" when the timing cannot be trusted.
  public var note: String?

  public init(
    backend: String, threads: Int, batch: Int, fps: Double, warmup: Int, runs: Int, timing: String? = nil,
    plugin: String? = nil, note: String? = nil
  ) {
    self.note = note
    self.backend = backend
    self.threads = threads
    self.batch = batch
    self.fps = fps
    self.warmup = warmup
    self.runs = runs
    self.timing = timing
    self.plugin = plugin
  }
}

/// Everything a report shows that was measured here; `ReportBuilder.assemble` turns it into tables
/// without any further measurement (so it can be tested against golden text).
public struct ReportInputs: Sendable, Equatable {
  public var environment: ReportEnvironment
  /// sha256 of the weights used for speed, nil for fixed-seed random weights.
  public var weightsSHA256: String?
  public var params: Int
  public var macs: Int
  public var speeds: [ReportSpeed]
  public var accuracy: AccuracySummary?
  public var laneIoUs: [Double]
  public var ablation: [AblationRow]
  /// The command line that produced the report.
  public var command: String
  /// What the accuracy data is, e.g. "synthetic sample (not BDD100K)"; nil when not stated.
  public var dataDescription: String?

  public init(
    environment: ReportEnvironment, weightsSHA256: String?, params: Int, macs: Int, speeds: [ReportSpeed],
    accuracy: AccuracySummary?, laneIoUs: [Double], ablation: [AblationRow], command: String,
    dataDescription: String? = nil
  ) {
    self.dataDescription = dataDescription
    self.environment = environment
    self.weightsSHA256 = weightsSHA256
    self.params = params
    self.macs = macs
    self.speeds = speeds
    self.accuracy = accuracy
    self.laneIoUs = laneIoUs
    self.ablation = ablation
    self.command = command
  }
}
